import { Principal } from '@countyflow/auth';
import { EventName, MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrderRepository } from '../order/order.repository';
import { OrgCopyRepository } from '../organisation/org-copy.repository';
import { PaymentRepository } from '../payment/payment.repository';
import {
  CashBookResponseDto,
  CashHandoverCreateDto,
  CashHandoverResponseDto,
  CountyCashBooksResponseDto,
  mapDay,
  mapHandover,
} from './cash-book.dto';
import { HandoverStatus } from './cash-book.entity';
import { CashBookRepository } from './cash-book.repository';

const POINT_ROLES = [MembershipRole.Owner, MembershipRole.Operator];
const DAY_MS = 86_400_000;

/** The China Standard Time day `date` (YYYY-MM-DD, default today) as an instant range. */
function chinaDay(date: string | undefined): { date: string; from: Date; to: Date } {
  const day = date ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(`${day}T00:00:00+08:00`);
  // a real calendar day: 2026-02-30 parses as 2 March, so it must read back as itself
  if (Number.isNaN(from.getTime()) || new Date(from.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) !== day) {
    throw new Problem(400, 'invalid-date', `${day} is not a calendar day`);
  }
  return { date: day, from, to: new Date(from.getTime() + DAY_MS) };
}

/**
 * Cash at the service points: refunds of cash orders paid out in cash, the point's daily cash book (taken,
 * refunded, handed over, held — all read from the ledger) and its hand-overs to the county office, which county
 * staff count and confirm.
 */
@Injectable()
export class CashBookService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly cash: CashBookRepository,
    private readonly orders: OrderRepository,
    private readonly payments: PaymentRepository,
    private readonly orgs: OrgCopyRepository,
    private readonly ledger: LedgerPostings,
    private readonly events: EventPublisher,
  ) {}

  /** The point's operator paid a cash order's refund in cash. */
  async payRefundInCash(principal: Principal, refundId: string): Promise<CashBookResponseDto> {
    const refund = await this.payments.findRefund(refundId);
    const order = refund?.orderId ? await this.orders.find(refund.orderId, this.db.manager) : null;
    const point = order?.destinationServicePointOrgId;
    if (!refund || !order || !point || !(principal.isMemberOf(point, POINT_ROLES) || principal.isPlatformAdmin())) {
      throw new Problem(404, 'refund-not-found', `no cash refund ${refundId} at your service point`);
    }
    const paid = await this.db.withTransaction(async (manager) => {
      const settled = await this.payments.markPaidInCash(manager, refundId, principal.userId);
      if (!settled) {
        return false;
      }
      await this.cash.addCashRefunded(manager, order.id, settled.amountFen);
      await this.ledger.refundPaid(manager, settled, point);
      await this.events.publish(manager, EventName.OrderRefunded, {
        orderId: order.id,
        amountFen: settled.amountFen,
        reason: settled.reason,
      });
      return true;
    });
    if (!paid) {
      throw new Problem(
        409,
        'refund-not-awaiting-cash',
        `refund ${refundId} is ${refund.status}; it is not owed in cash`,
      );
    }
    return this.book(principal, point, {});
  }

  async book(principal: Principal, pointOrgId: string, query: { date?: string }): Promise<CashBookResponseDto> {
    await this.assertPointReader(principal, pointOrgId);
    const { date, from, to } = chinaDay(query.date);
    const [[day], movements, handovers, refundsDue] = await Promise.all([
      this.cash.days([pointOrgId], from, to),
      this.cash.movements(pointOrgId, from, to),
      this.cash.handovers({ pointOrgId }, from, to),
      this.cash.refundsAwaitingCash([pointOrgId]),
    ]);
    const declared = handovers.filter((h) => h.status === HandoverStatus.Declared);
    return {
      date,
      day: mapDay(
        day,
        declared.reduce((sum, h) => sum + h.amountFen, 0),
      ),
      movements: movements.map((movement) => ({ ...movement, postedAt: movement.postedAt.toISOString() })),
      handovers: handovers.map(mapHandover),
      refundsDue: refundsDue.map((refund) => ({
        refundId: refund.refundId,
        orderId: refund.orderId,
        amountFen: refund.amountFen,
        createdAt: refund.createdAt.toISOString(),
      })),
    };
  }

  /** The point declares cash handed to the county office (at most what it holds and has not declared). */
  async declareHandover(
    principal: Principal,
    pointOrgId: string,
    dto: CashHandoverCreateDto,
  ): Promise<CashHandoverResponseDto> {
    principal.assertMemberOf(pointOrgId, POINT_ROLES);
    const point = await this.orgs.find(pointOrgId);
    if (!point) {
      throw new Problem(404, 'unknown-service-point', `no service point ${pointOrgId}`);
    }
    const id = randomUUID();
    await this.db.withTransaction(async (manager) => {
      await this.cash.lockPoint(manager, pointOrgId);
      const available = await this.cash.cashToHandOver(manager, pointOrgId);
      if (dto.amountFen > available) {
        throw new Problem(
          422,
          'more-than-cash-held',
          `the point holds ${available} fen not yet handed over; ${dto.amountFen} fen is more`,
          { availableFen: available },
        );
      }
      await this.cash.insertHandover(manager, {
        id,
        pointOrgId,
        countyCode: point.countyCode,
        amountFen: dto.amountFen,
        note: dto.note?.trim() || null,
        handedBy: principal.userId,
        status: HandoverStatus.Declared,
        confirmedBy: null,
        confirmedAt: null,
      });
    });
    return mapHandover((await this.cash.findHandover(id))!);
  }

  /** County staff counted the cash: confirmed, and posted from the point's cash to the county's. */
  async confirmHandover(principal: Principal, handoverId: string): Promise<CashHandoverResponseDto> {
    const handover = await this.cash.findHandover(handoverId);
    if (!handover) {
      throw new Problem(404, 'handover-not-found', `no cash handover ${handoverId}`);
    }
    principal.assertCountyStaffOrAdmin(handover.countyCode);
    const confirmed = await this.db.withTransaction(async (manager) => {
      const done = await this.cash.confirmHandover(manager, handoverId, principal.userId);
      if (done) {
        await this.ledger.cashHandedOver(manager, done);
      }
      return done;
    });
    if (!confirmed) {
      throw new Problem(409, 'handover-already-confirmed', `cash handover ${handoverId} was confirmed already`);
    }
    return mapHandover(confirmed);
  }

  /** County staff reconcile: every point's day, and the hand-overs waiting to be counted. */
  async county(
    principal: Principal,
    countyCode: string,
    query: { date?: string },
  ): Promise<CountyCashBooksResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const { date, from, to } = chinaDay(query.date);
    const points = await this.cash.pointsOf(countyCode);
    const ids = points.map((point) => point.orgId);
    const [days, handovers] = await Promise.all([
      this.cash.days(ids, from, to),
      this.cash.handovers({ countyCode }, from, to),
    ]);
    const declared = handovers.filter((h) => h.status === HandoverStatus.Declared);
    return {
      countyCode,
      date,
      points: days.map((day, index) =>
        mapDay(
          day,
          declared.filter((h) => h.pointOrgId === day.pointOrgId).reduce((sum, h) => sum + h.amountFen, 0),
          points[index].name,
        ),
      ),
      toConfirm: declared.map(mapHandover),
    };
  }

  private async assertPointReader(principal: Principal, pointOrgId: string): Promise<void> {
    if (principal.isPlatformAdmin() || principal.isMemberOf(pointOrgId, POINT_ROLES)) {
      return;
    }
    const point = await this.orgs.find(pointOrgId);
    if (point && principal.isCountyStaffOf(point.countyCode)) {
      return;
    }
    principal.assertMemberOf(pointOrgId, POINT_ROLES);
  }
}
