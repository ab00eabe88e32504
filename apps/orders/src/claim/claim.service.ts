import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { MediaService, MediaVisibility } from '@countyflow/media';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, ActorKind, SYSTEM } from '../common/actor';
import { CountySettingService } from '../county-setting/county-setting.service';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrderStatus } from '../order/order-state';
import { assertBuyer, buyerActor, canRead, isBuyerOf } from '../order/order.access';
import { Order } from '../order/order.entities';
import { OrderRepository } from '../order/order.repository';
import { RefundReason } from '../payment/payment.entities';
import { PaymentRepository } from '../payment/payment.repository';
import { RefundRunner } from '../payment/refund.runner';
import { assertRoomForEvidence, canSeeEvidence } from './claim-evidence';
import { ClaimTransition } from './claim-state';
import {
  ClaimCounterAnswerDto,
  ClaimCreateDto,
  ClaimDecisionDto,
  ClaimPhotoDto,
  ClaimResponseDto,
  ClaimSearchDto,
  ClaimSellerResponseDto,
  mapClaim,
} from './claim.dto';
import { Claim, ClaimStatus, Remedy, Resolution, ResolvedBy } from './claim.entities';
import { ClaimGuard, ClaimRepository, ClaimTransitionEffects } from './claim.repository';

const HOUR_MS = 3_600_000;
const REFUNDING: readonly string[] = [Remedy.PartialRefund, Remedy.FullRefund];

/**
 * After-sales claims: the buyer claims within the county's window after delivery; the seller accepts, declines or
 * counters; a declined, rejected or unanswered claim escalates to county staff of the order's county, who decide.
 * A refund follows the decision through the payment provider.
 */
@Injectable()
export class ClaimService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly claims: ClaimRepository,
    private readonly orders: OrderRepository,
    private readonly payments: PaymentRepository,
    private readonly settings: CountySettingService,
    private readonly refunds: RefundRunner,
    private readonly ledger: LedgerPostings,
    private readonly media: MediaService,
  ) {}

  async open(principal: Principal, orderId: string, dto: ClaimCreateDto): Promise<ClaimResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertBuyer(principal, order, orderId);
    if (order.status !== OrderStatus.Completed || !order.deliveredAt) {
      throw new Problem(409, 'not-delivered', `order ${orderId} is ${order.status}; a claim is made after delivery`);
    }
    const setting = await this.settings.effective(order.countyCode);
    const closesAt = new Date(order.deliveredAt.getTime() + setting.claimWindowHours * HOUR_MS);
    if (Date.now() > closesAt.getTime()) {
      throw new Problem(
        422,
        'claim-window-closed',
        `claims on order ${orderId} were open for ${setting.claimWindowHours} h after delivery, until ${closesAt.toISOString()}`,
      );
    }
    this.checkRemedy(order, dto.remedy, dto.amountFen);
    const id = randomUUID();
    const actor = buyerActor(principal, order);
    try {
      await this.db.withTransaction(async (manager) => {
        await this.claims.insert(manager, {
          id,
          orderId,
          buyerId: order.buyerId,
          sellerOrgId: order.sellerOrgId,
          countyCode: order.countyCode,
          reason: dto.reason.trim(),
          photoUrls: dto.photoUrls ?? [],
          photoIds: [],
          requestedRemedy: dto.remedy,
          requestedAmountFen: dto.amountFen ?? null,
          status: ClaimStatus.AwaitingSeller,
          respondBy: new Date(Date.now() + setting.claimResponseHours * HOUR_MS),
        });
        await this.claims.addAction(manager, id, 'opened', actor, {
          remedy: dto.remedy,
          amountFen: dto.amountFen ?? null,
        });
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new Problem(409, 'claim-exists', `order ${orderId} already has a claim; follow that one`);
      }
      throw error;
    }
    return this.view(id, principal);
  }

  async get(principal: Principal, claimId: string): Promise<ClaimResponseDto> {
    await this.requireReadable(principal, claimId);
    return this.view(claimId, principal);
  }

  /**
   * The buyer adds an evidence photo (taken with the phone's camera) to the open claim, kept as private media. Who
   * may, and whether there is room, are checked before the upload is read (a stranger or a full claim costs no
   * work) and again with the claim's row locked, so a burst stops at nine; a photo refused there, or whose save
   * fails, is removed again.
   */
  async addPhoto(principal: Principal, claimId: string, upload: () => Promise<Buffer>): Promise<ClaimResponseDto> {
    const { claim, order } = await this.requireReadable(principal, claimId);
    if (!isBuyerOf(principal, order)) {
      throw new Problem(403, 'not-the-buyer', `only the buyer adds photos to claim ${claimId}`);
    }
    assertRoomForEvidence(claim);
    await this.media.storeAndSave(await upload(), MediaVisibility.Private, (photo) =>
      this.db.withTransaction(async (manager) => {
        const locked = await this.claims.findForUpdate(manager, claimId);
        assertRoomForEvidence(locked!);
        await this.claims.addPhoto(manager, claimId, photo.id);
        await this.claims.addAction(manager, claimId, 'photo_added', buyerActor(principal, order), {
          photoId: photo.id,
        });
      }),
    );
    return this.view(claimId, principal);
  }

  async respond(principal: Principal, claimId: string, dto: ClaimSellerResponseDto): Promise<ClaimResponseDto> {
    const { claim, order } = await this.requireReadable(principal, claimId);
    if (!principal.isMemberOf(claim.sellerOrgId, [MembershipRole.Owner, MembershipRole.Staff])) {
      throw new Problem(403, 'not-the-seller', `only the seller answers claim ${claimId}`);
    }
    const actor: Actor = { kind: ActorKind.Seller, id: principal.userId };
    const note = dto.note?.trim() ?? null;
    const setting = await this.settings.effective(claim.countyCode);
    await this.db.withTransaction(async (manager) => {
      let moved: boolean;
      switch (dto.decision) {
        case 'accept':
          moved = await this.resolve(manager, claim, order, ClaimTransition.SellerAccept, actor, {
            resolution: claim.requestedRemedy as unknown as Resolution,
            amountFen: claim.requestedAmountFen,
            resolvedBy: ResolvedBy.SellerAccepted,
            note,
          });
          break;
        case 'decline':
          moved = await this.escalate(manager, claim.id, ClaimTransition.SellerDecline, actor, 'seller_declined', {
            sellerNote: note,
          });
          break;
        case 'counter': {
          if (!dto.remedy) {
            throw new Problem(400, 'remedy-required', 'a counter-offer names the remedy offered');
          }
          this.checkRemedy(order, dto.remedy, dto.amountFen);
          moved = await this.claims.transition(manager, claim.id, ClaimTransition.Counter, {
            counter: { remedy: dto.remedy, amountFen: dto.amountFen ?? null },
            sellerNote: note,
            respondBy: new Date(Date.now() + setting.claimResponseHours * HOUR_MS),
          });
          if (moved) {
            await this.claims.addAction(manager, claim.id, 'countered', actor, {
              remedy: dto.remedy,
              amountFen: dto.amountFen ?? null,
              note,
            });
          }
          break;
        }
      }
      if (!moved) {
        throw this.notNow(claim.id, 'answered by the seller', (await this.claims.find(claim.id, manager))!.status);
      }
    });
    this.refunds.nudge();
    return this.view(claimId, principal);
  }

  async answerCounter(principal: Principal, claimId: string, dto: ClaimCounterAnswerDto): Promise<ClaimResponseDto> {
    const { claim, order } = await this.requireReadable(principal, claimId);
    if (!isBuyerOf(principal, order)) {
      throw new Problem(403, 'not-the-buyer', `only the buyer answers the counter-offer on claim ${claimId}`);
    }
    const actor = buyerActor(principal, order);
    await this.db.withTransaction(async (manager) => {
      const moved = dto.accept
        ? await this.resolve(manager, claim, order, ClaimTransition.BuyerAcceptCounter, actor, {
            resolution: claim.counterRemedy as unknown as Resolution,
            amountFen: claim.counterAmountFen,
            resolvedBy: ResolvedBy.BuyerAcceptedCounter,
            note: null,
          })
        : await this.escalate(manager, claim.id, ClaimTransition.BuyerRejectCounter, actor, 'buyer_rejected_counter');
      if (!moved) {
        throw this.notNow(claim.id, 'answered by the buyer', (await this.claims.find(claim.id, manager))!.status);
      }
    });
    this.refunds.nudge();
    return this.view(claimId, principal);
  }

  async decide(principal: Principal, claimId: string, dto: ClaimDecisionDto): Promise<ClaimResponseDto> {
    const { claim, order } = await this.requireReadable(principal, claimId);
    if (!principal.isCountyStaffOf(claim.countyCode) && !principal.isPlatformAdmin()) {
      throw new Problem(403, 'not-county-staff', `county staff of county ${claim.countyCode} decide claim ${claimId}`);
    }
    if (dto.resolution !== Resolution.Rejected) {
      this.checkRemedy(order, dto.resolution as unknown as Remedy, dto.amountFen);
    }
    await this.db.withTransaction(async (manager) => {
      const moved = await this.resolve(
        manager,
        claim,
        order,
        ClaimTransition.Decide,
        { kind: ActorKind.CountyStaff, id: principal.userId },
        {
          resolution: dto.resolution,
          amountFen: dto.amountFen ?? null,
          resolvedBy: ResolvedBy.CountyStaff,
          note: dto.note.trim(),
          decidedBy: principal.userId,
        },
      );
      if (!moved) {
        throw this.notNow(claim.id, 'decided by county staff', (await this.claims.find(claim.id, manager))!.status);
      }
    });
    this.refunds.nudge();
    return this.view(claimId, principal);
  }

  async forSeller(principal: Principal, orgId: string, search: ClaimSearchDto): Promise<ClaimResponseDto[]> {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(orgId, [MembershipRole.Owner, MembershipRole.Staff]);
    }
    return this.views(await this.claims.list({ sellerOrgId: orgId, ...(search.status && { status: search.status }) }));
  }

  async forCounty(principal: Principal, countyCode: string, search: ClaimSearchDto): Promise<ClaimResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return this.views(await this.claims.list({ countyCode, ...(search.status && { status: search.status }) }));
  }

  /** Claims nobody answered in time go to county staff. Returns how many escalated. */
  async escalateOverdue(): Promise<number> {
    return this.db.withTransaction(async (manager) => {
      const overdue = await this.claims.claimOverdue(manager, 100);
      for (const claim of overdue) {
        const waitingFor = claim.status === ClaimStatus.AwaitingSeller ? 'seller' : 'buyer';
        await this.escalate(
          manager,
          claim.id,
          ClaimTransition.EscalateOverdue,
          SYSTEM,
          `no_answer_from_${waitingFor}`,
          {},
          ClaimGuard.AnswerOverdue,
        );
      }
      return overdue.length;
    });
  }

  private async escalate(
    manager: EntityManager,
    claimId: string,
    transition: ClaimTransition,
    actor: Actor,
    reason: string,
    effects: ClaimTransitionEffects = {},
    guard?: ClaimGuard,
  ): Promise<boolean> {
    const moved = await this.claims.transition(
      manager,
      claimId,
      transition,
      { ...effects, escalationReason: reason },
      guard,
    );
    if (moved) {
      await this.claims.addAction(manager, claimId, 'escalated', actor, { reason });
    }
    return moved;
  }

  private async resolve(
    manager: EntityManager,
    claim: Claim,
    order: Order,
    transition: ClaimTransition,
    actor: Actor,
    decision: {
      resolution: Resolution;
      amountFen: number | null;
      resolvedBy: ResolvedBy;
      note: string | null;
      decidedBy?: string;
    },
  ): Promise<boolean> {
    const moved = await this.claims.transition(manager, claim.id, transition, {
      decision: {
        resolution: decision.resolution,
        resolvedBy: decision.resolvedBy,
        decidedBy: decision.decidedBy ?? null,
        note: decision.note,
      },
    });
    if (!moved) {
      return false;
    }
    let amountFen: number | null = null;
    let refundId: string | null = null;
    if (REFUNDING.includes(decision.resolution)) {
      const refundable = await this.payments.refundableFen(manager, order.id);
      amountFen = decision.resolution === Resolution.FullRefund ? refundable : decision.amountFen!;
      if (amountFen > refundable) {
        throw new Problem(
          422,
          'refund-exceeds-payment',
          `at most ${refundable} fen of order ${order.id} can still be refunded`,
        );
      }
      if (amountFen > 0) {
        // a cash order is refunded in cash at the service point (the refund waits for the operator)
        const cashTransactionId = order.paymentTransactionId
          ? null
          : await this.payments.cashTransactionId(manager, order.id);
        // online: from the transactions that paid it (a pre-sale order's balance first, then its deposit)
        const sources = cashTransactionId
          ? [{ transactionId: cashTransactionId, amountFen }]
          : await this.payments.refundSources(manager, order.id);
        let leftFen = amountFen;
        for (const source of sources) {
          const partFen = Math.min(leftFen, source.amountFen);
          if (partFen <= 0) {
            break;
          }
          const id = await this.payments.requestRefund(manager, {
            groupId: order.groupId,
            orderId: order.id,
            paymentTransactionId: source.transactionId,
            inCash: cashTransactionId !== null,
            claimId: claim.id,
            amountFen: partFen,
            reason: RefundReason.Claim,
          });
          await this.ledger.refundDecided(manager, order.id, id, partFen);
          refundId ??= id;
          leftFen -= partFen;
        }
      }
    }
    await this.claims.recordRefund(manager, claim.id, { amountFen, refundId });
    await this.claims.addAction(manager, claim.id, 'resolved', actor, {
      resolution: decision.resolution,
      amountFen,
      refundId,
      note: decision.note,
    });
    return true;
  }

  /** Refund remedies need an online payment to refund, and a partial refund an amount within it. */
  private checkRemedy(order: Order, remedy: Remedy, amountFen: number | undefined | null): void {
    if (remedy === Remedy.PartialRefund && !amountFen) {
      throw new Problem(400, 'amount-required', 'a partial refund names its amount in fen');
    }
    if (remedy !== Remedy.PartialRefund && amountFen) {
      throw new Problem(400, 'amount-not-allowed', `${remedy} takes no amount`);
    }
    if (REFUNDING.includes(remedy) && !order.paymentTransactionId && !order.cashReceivedAt) {
      throw new Problem(
        422,
        'nothing-paid',
        `order ${order.id} has not been paid (online, or in cash at the service point); there is nothing to refund`,
      );
    }
    if (amountFen && amountFen > order.paidFen) {
      throw new Problem(
        422,
        'refund-exceeds-payment',
        `order ${order.id} was paid ${order.paidFen} fen; ${amountFen} fen is more`,
      );
    }
  }

  private notNow(claimId: string, action: string, status: ClaimStatus): Problem {
    return new Problem(409, 'illegal-claim-transition', `claim ${claimId} is ${status}; it cannot be ${action} now`, {
      claimStatus: status,
    });
  }

  private async requireReadable(principal: Principal, claimId: string): Promise<{ claim: Claim; order: Order }> {
    const claim = await this.claims.find(claimId, this.db.manager);
    const order = claim ? await this.orders.find(claim.orderId, this.db.manager) : null;
    if (!claim || !order || !canRead(principal, order)) {
      throw new Problem(404, 'claim-not-found', `no claim ${claimId}`);
    }
    return { claim, order };
  }

  private async view(claimId: string, principal: Principal): Promise<ClaimResponseDto> {
    const claim = (await this.claims.find(claimId, this.db.manager))!;
    const order = (await this.orders.find(claim.orderId, this.db.manager))!;
    return mapClaim(claim, await this.claims.actionsOf(claimId), this.evidenceLinks(principal, claim, order));
  }

  /** The lists are the seller's and the county's, whose readers may all see the evidence. */
  private async views(claims: Claim[]): Promise<ClaimResponseDto[]> {
    return Promise.all(claims.map(async (claim) => mapClaim(claim, await this.claims.actionsOf(claim.id), this.links)));
  }

  /** Signed links to the claim's evidence for a reader entitled to it, or null. */
  evidenceLinks(principal: Principal, claim: Claim, order: Order): ((photoId: string) => ClaimPhotoDto) | null {
    return canSeeEvidence(principal, claim, order) ? this.links : null;
  }

  private readonly links = (photoId: string): ClaimPhotoDto => this.media.privateLinks(photoId);
}
