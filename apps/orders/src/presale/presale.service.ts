import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CheckoutDto } from '../checkout/checkout.dto';
import { CheckoutService, PlacementResult } from '../checkout/checkout.service';
import { ListingRepository } from '../listing/listing.repository';
import { OrderRepository } from '../order/order.repository';
import { OrderWorkflow } from '../order/order.workflow';
import { RefundRunner } from '../payment/refund.runner';
import {
  HarvestDto,
  HarvestResponseDto,
  mapPresale,
  PresaleCreateDto,
  PresaleOrderDto,
  PresaleResponseDto,
} from './presale.dto';
import { Presale, PresaleStatus } from './presale.entity';
import { PresaleRepository } from './presale.repository';

const SELLER_ROLES = [MembershipRole.Owner, MembershipRole.Staff];

/** Hours a buyer has to pay the balance (尾款) of a deposit order once the harvest released it, by default. */
const DEFAULT_BALANCE_HOURS = 48;

const SWEEP_BATCH = 100;

/**
 * 预售: a seller sells a coming harvest up to a cap; paid orders are held until the harvest is recorded, then
 * released for hand-in in the order they were placed up to the harvest, and the rest refunded.
 */
@Injectable()
export class PresaleService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly presales: PresaleRepository,
    private readonly listings: ListingRepository,
    private readonly checkout: CheckoutService,
    private readonly workflow: OrderWorkflow,
    private readonly refunds: RefundRunner,
    private readonly orders: OrderRepository,
  ) {}

  async create(principal: Principal, dto: PresaleCreateDto): Promise<PresaleResponseDto> {
    const offer = (await this.listings.findOffers([dto.skuId])).get(dto.skuId);
    if (!offer || offer.sku.removed) {
      throw new Problem(422, 'unknown-sku', `no SKU ${dto.skuId} is listed`);
    }
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(offer.listing.sellerOrgId, SELLER_ROLES);
    }
    if (dto.shipsTo < dto.shipsFrom) {
      throw new Problem(400, 'invalid-shipping-window', 'the shipping window ends before it starts', {
        shipsFrom: dto.shipsFrom,
        shipsTo: dto.shipsTo,
      });
    }
    const priceFen = dto.priceFen ?? offer.sku.priceFen;
    if (dto.depositFen !== undefined && dto.depositFen >= priceFen) {
      throw new Problem(400, 'presale-deposit-not-below-price', 'a deposit must be less than the price per unit', {
        depositFen: dto.depositFen,
        priceFen,
      });
    }
    if (new Date(dto.closesAt).getTime() <= Date.now()) {
      throw new Problem(400, 'presale-closes-in-past', 'a pre-sale must close in the future', {
        closesAt: dto.closesAt,
      });
    }
    return mapPresale(
      await this.presales.insert({
        id: randomUUID(),
        sellerOrgId: offer.listing.sellerOrgId,
        listingId: offer.listing.listingId,
        skuId: offer.sku.skuId,
        title: offer.listing.title,
        spec: offer.sku.spec,
        priceFen,
        depositFen: dto.depositFen ?? null,
        balanceHours: dto.depositFen === undefined ? null : (dto.balanceHours ?? DEFAULT_BALANCE_HOURS),
        capUnits: dto.capUnits,
        shipsFrom: dto.shipsFrom,
        shipsTo: dto.shipsTo,
        closesAt: new Date(dto.closesAt),
        createdBy: principal.userId,
      }),
    );
  }

  async get(id: string): Promise<PresaleResponseDto> {
    return mapPresale(await this.require(id));
  }

  async ofListing(listingId: string): Promise<PresaleResponseDto[]> {
    return (await this.presales.ofListing(listingId)).map(mapPresale);
  }

  async ofSeller(principal: Principal, sellerOrgId: string): Promise<PresaleResponseDto[]> {
    this.assertSeller(principal, sellerOrgId);
    return (await this.presales.ofSeller(sellerOrgId)).map(mapPresale);
  }

  /** A buyer orders from the pre-sale: the units are taken from the cap in the checkout's transaction. */
  async order(
    principal: Principal,
    id: string,
    dto: PresaleOrderDto,
    idempotencyKey: string | undefined,
  ): Promise<PlacementResult> {
    const presale = await this.require(id);
    const basket: CheckoutDto = {
      lines: [{ skuId: presale.skuId, quantity: dto.quantity }],
      destination: dto.destination,
    };
    return this.checkout.checkout(principal, basket, idempotencyKey, {
      kind: 'presale',
      id,
      unitPriceFen: presale.priceFen,
      depositFenPerUnit: presale.depositFen,
      claim: (manager) => this.takeUnits(manager, id, dto.quantity),
    });
  }

  /**
   * The seller records the harvest: held orders are released in the order they were placed while the harvest
   * covers them; from the first it does not cover, every later one is cancelled and refunded (once: each is a
   * guarded transition, and the pre-sale is harvested once).
   */
  async harvest(principal: Principal, id: string, dto: HarvestDto): Promise<HarvestResponseDto> {
    const outcome = await this.db.withTransaction(async (manager) => {
      const presale = await this.presales.lock(manager, id);
      if (!presale) {
        throw new Problem(404, 'presale-not-found', `no pre-sale ${id}`);
      }
      this.assertSeller(principal, presale.sellerOrgId);
      if (presale.status === PresaleStatus.Harvested) {
        throw new Problem(409, 'presale-already-harvested', `the harvest of pre-sale ${id} is recorded already`);
      }
      await this.presales.recordHarvest(manager, id, dto.harvestedUnits);
      let serving = true;
      let released = 0;
      let refunded = 0;
      for (const held of await this.presales.heldOrders(manager, id)) {
        serving = await this.workflow.releaseOrRefundHarvest(manager, id, held.orderId, held.units, serving);
        if (serving) {
          released++;
        } else {
          refunded++;
        }
      }
      return { released, refunded };
    });
    if (outcome.refunded > 0) {
      this.refunds.nudge();
    }
    return {
      ...mapPresale(await this.require(id)),
      releasedOrders: outcome.released,
      refundedOrders: outcome.refunded,
    };
  }

  /**
   * Deposit orders whose balance (尾款) is overdue: each cancelled in its own transaction (its pre-sale locked first),
   * the deposit forfeited to the seller as the listing says. Returns how many were cancelled.
   */
  async cancelOverdueBalances(): Promise<number> {
    let cancelled = 0;
    for (;;) {
      const due = await this.db.withTransaction((manager) => this.orders.overdueBalances(manager, SWEEP_BATCH));
      for (const orderId of due) {
        const outcome = await this.db.withTransaction((manager) => this.workflow.balanceOverdue(manager, orderId));
        if (outcome.applied) {
          cancelled++;
        }
      }
      if (due.length < SWEEP_BATCH) {
        return cancelled;
      }
    }
  }

  private async takeUnits(manager: EntityManager, id: string, units: number): Promise<void> {
    if (await this.presales.take(manager, id, units)) {
      return;
    }
    const presale = (await this.presales.find(id, manager))!;
    if (presale.status !== PresaleStatus.Open || new Date(presale.closesAt).getTime() <= Date.now()) {
      throw new Problem(409, 'presale-closed', `pre-sale ${id} takes no more orders`);
    }
    const remainingUnits = presale.capUnits - presale.orderedUnits;
    throw new Problem(409, 'presale-sold-out', `only ${remainingUnits} unit(s) of pre-sale ${id} are left`, {
      remainingUnits,
    });
  }

  private async require(id: string): Promise<Presale> {
    const presale = await this.presales.find(id);
    if (!presale) {
      throw new Problem(404, 'presale-not-found', `no pre-sale ${id}`);
    }
    return presale;
  }

  private assertSeller(principal: Principal, sellerOrgId: string): void {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(sellerOrgId, SELLER_ROLES);
    }
  }
}
