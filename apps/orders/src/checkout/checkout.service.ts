import { Principal } from '@countyflow/auth';
import { Destination, EventName, MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { Problem, Tracing } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { commissionOf, CommissionStatus } from '../commission/commission.entity';
import { CommissionRepository } from '../commission/commission.repository';
import { Actor, ActorKind } from '../common/actor';
import { CountySettingService } from '../county-setting/county-setting.service';
import { basketDiscounts, BasketDiscounts, PricedLine } from '../coupon/coupon.rules';
import { CouponService } from '../coupon/coupon.service';
import { QuoteResponseDto } from '../freight/freight.dto';
import { FreightRepository } from '../freight/freight.repository';
import { freightFen, FreightQuestion } from '../freight/freight.rules';
import { SkuOffer } from '../listing/listing.entities';
import { ListingRepository } from '../listing/listing.repository';
import { OrderStatus, OrderTransition } from '../order/order-state';
import { mapGroup, mapOrder, OrderGroupResponseDto } from '../order/order.dto';
import { Order, OrderGroup, OrderLine, PaymentMethod } from '../order/order.entities';
import { idempotencyKeyTaken, OrderRepository } from '../order/order.repository';
import { OrderService } from '../order/order.service';
import { OrdersConfig } from '../orders.config';
import { OrgCopy, OrgCopyStatus } from '../organisation/org-copy.entity';
import { OrgCopyRepository } from '../organisation/org-copy.repository';
import { AssistedCheckoutDto, CheckoutDto, CheckoutLineDto } from './checkout.dto';
import { assistedConsentText, requestHash, stationConsentText, strictestTemperature } from './checkout.rules';
import { DestinationPlaces } from './destination-place';
import { PlacementReads, PlacementSnapshot } from './placement-reads';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface PlacementResult {
  group: OrderGroupResponseDto;
  /** The same request was placed before under this Idempotency-Key: this is that group, nothing new was placed. */
  replayed: boolean;
}

interface Placement {
  kind: 'checkout' | 'assisted';
  placedBy: string;
  actor: Actor;
  lines: CheckoutLineDto[];
  destination: Destination;
  servicePoint: OrgCopy | null;
  paymentMethod: PaymentMethod;
  consentText: string | null;
  assisted: { orgId: string; countyCode: string } | null;
  idempotencyKey: string | null;
  requestHash: string;
  /** The buyer's claimed coupons to spend (a buyer's own checkout only). */
  couponClaimIds: string[];
  sale: SaleTerms | null;
  /** The offers, freight templates and key read before anything else (one round trip). */
  snapshot: PlacementSnapshot;
}

/**
 * A one-line basket bought on a pre-sale's or a buying group's terms: its unit price, and `claim`, which takes the
 * units of the cap or the place in the group inside the checkout's transaction, before the order is written (the
 * lock order: the pre-sale or group row, then its orders) and throws a Problem when there is none.
 */
export interface SaleTerms {
  kind: 'presale' | 'group';
  /** The pre-sale, or the buying group. */
  id: string;
  unitPriceFen: number;
  /** 定金: a pre-sale's deposit per unit, paid when ordering (the balance at release); null: paid in full. */
  depositFenPerUnit?: number | null;
  claim(manager: EntityManager): Promise<void>;
}

/** The columns that tie an order to its pre-sale or buying group. */
const saleColumns = (
  sale: SaleTerms | null,
  units: number,
): Pick<Order, 'presaleId' | 'buyingGroupId' | 'depositFen'> => ({
  presaleId: sale?.kind === 'presale' ? sale.id : null,
  buyingGroupId: sale?.kind === 'group' ? sale.id : null,
  depositFen: sale?.depositFenPerUnit ? sale.depositFenPerUnit * units : null,
});

type LineProblem = { skuId: string; problem: 'unknown' | 'removed' | 'not_purchasable'; detail: string };

/** Turns a basket into one order group with one order per seller, each `placed`, and asks catalog to reserve. */
/** Where the freight is for: an address's province, or pickup at a service point. */
function freightDestination(destination: Destination): FreightQuestion['destination'] {
  return destination.kind === 'address' && destination.address
    ? { kind: 'address', province: destination.address.province }
    : { kind: 'service_point' };
}

@Injectable()
export class CheckoutService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly views: OrderService,
    private readonly listings: ListingRepository,
    private readonly orgs: OrgCopyRepository,
    private readonly settings: CountySettingService,
    private readonly commissions: CommissionRepository,
    private readonly freight: FreightRepository,
    private readonly coupons: CouponService,
    private readonly events: EventPublisher,
    private readonly destinationPlaces: DestinationPlaces,
    private readonly config: OrdersConfig,
    private readonly reads: PlacementReads,
  ) {}

  /** A basket; `sale`: one line bought on a pre-sale's or a buying group's terms (online payment only). */
  async checkout(
    principal: Principal,
    dto: CheckoutDto,
    idempotencyKey: string | undefined,
    sale: SaleTerms | null = null,
  ): Promise<PlacementResult> {
    const key = this.checkKey(idempotencyKey);
    const hash = requestHash(sale ? `${sale.kind}:${sale.id}` : 'checkout', dto);
    const snapshot = await this.snapshot(principal.userId, key, dto.lines);
    const replay = snapshot.keyUsed ? await this.replay(principal.userId, key!, hash) : null;
    if (replay) {
      return replay;
    }
    const target = dto.destination;
    const paymentMethod = dto.paymentMethod ?? PaymentMethod.Online;
    const contact = {
      recipientName: target.recipientName.trim(),
      recipientPhone: target.recipientPhone,
      agentName: target.agentName?.trim() ?? null,
      agentPhone: target.agentPhone ?? null,
    };
    let destination: Destination;
    let servicePoint: OrgCopy | null = null;
    if (target.kind === 'address') {
      if (target.servicePointOrgId !== undefined || target.consentToStationDelivery !== undefined) {
        throw new Problem(400, 'destination-mismatch', 'an address destination takes no servicePointOrgId or consent');
      }
      const address = target.address!;
      destination = {
        kind: 'address',
        servicePointOrgId: null,
        address: {
          ...address,
          postalCode: address.postalCode ?? null,
          placeCode: await this.destinationPlaces.placeCodeOf(address),
        },
        ...contact,
      };
    } else {
      if (target.address !== undefined) {
        throw new Problem(400, 'destination-mismatch', 'a service point destination takes no address');
      }
      servicePoint = await this.requireServicePoint(target.servicePointOrgId!);
      destination = { kind: 'service_point', servicePointOrgId: servicePoint.orgId, address: null, ...contact };
    }
    if (paymentMethod === PaymentMethod.CashOnCollection && sale) {
      throw new Problem(422, 'sale-needs-online-payment', 'pre-sale and group orders are paid online when ordering');
    }
    if (paymentMethod === PaymentMethod.CashOnCollection && !servicePoint) {
      throw new Problem(
        422,
        'cash-needs-service-point',
        'cash on collection is only possible when collecting at a service point',
      );
    }
    return this.place({
      kind: 'checkout',
      placedBy: principal.userId,
      actor: { kind: ActorKind.Buyer, id: principal.userId },
      lines: dto.lines,
      destination,
      servicePoint,
      paymentMethod,
      consentText: servicePoint ? stationConsentText(servicePoint.name) : null,
      assisted: null,
      idempotencyKey: key,
      requestHash: hash,
      couponClaimIds: dto.couponClaimIds ?? [],
      sale,
      snapshot,
    });
  }

  /**
   * The pricing step (docs/orders.md "Coupons and campaigns"): the coupons the buyer picked, checked and split over
   * the basket's lines at today's prices; what each line and each seller's order takes off, and who funds it.
   */
  private async discounts(
    buyerId: string,
    claimIds: string[],
    entries: { line: { skuId: string; quantity: number }; offer: SkuOffer }[],
    now: Date,
  ): Promise<BasketDiscounts> {
    const lines: PricedLine[] = entries.map(({ line, offer }) => ({
      key: offer.sku.skuId,
      sellerOrgId: offer.listing.sellerOrgId,
      countyCode: offer.listing.countyCode,
      listingId: offer.listing.listingId,
      goodsFen: offer.sku.priceFen * line.quantity,
    }));
    return basketDiscounts(lines, await this.coupons.priceBasket(buyerId, claimIds, lines, now));
  }

  /**
   * What the basket will cost before paying: per seller the goods at today's prices, the seller's freight to the
   * destination, the coupons' discount and the total (checkout computes the same; catalog's price at reservation
   * still applies).
   */
  async quote(principal: Principal, dto: CheckoutDto): Promise<QuoteResponseDto> {
    const offers = await this.listings.findOffers(dto.lines.map((line) => line.skuId));
    const unknown = dto.lines.filter((line) => !offers.get(line.skuId));
    if (unknown.length > 0) {
      throw new Problem(
        422,
        'unavailable-skus',
        unknown.map((line) => `sku ${line.skuId}: no such SKU is on sale`).join('; '),
        {
          lines: unknown.map((line) => ({ skuId: line.skuId, problem: 'unknown', detail: 'no such SKU is on sale' })),
        },
      );
    }
    const sellers = new Map<
      string,
      { name: string; goodsFen: number; weightGrams: number; temperatures: SkuOffer['listing']['temperature'][] }
    >();
    for (const line of dto.lines) {
      const offer = offers.get(line.skuId)!;
      const seller = sellers.get(offer.listing.sellerOrgId) ?? {
        name: offer.seller?.name ?? offer.listing.sellerName,
        goodsFen: 0,
        weightGrams: 0,
        temperatures: [],
      };
      seller.goodsFen += offer.sku.priceFen * line.quantity;
      seller.weightGrams += offer.sku.weightGrams * line.quantity;
      seller.temperatures.push(offer.listing.temperature);
      sellers.set(offer.listing.sellerOrgId, seller);
    }
    const discounts = await this.discounts(
      principal.userId,
      dto.couponClaimIds ?? [],
      dto.lines.map((line) => ({ line, offer: offers.get(line.skuId)! })),
      new Date(),
    );
    const templates = await this.freight.ofSellers([...sellers.keys()]);
    const destination = freightDestination(dto.destination as unknown as Destination);
    const quotes = [...sellers].map(([sellerOrgId, seller]) => {
      const freight = freightFen(templates.get(sellerOrgId), {
        goodsFen: seller.goodsFen,
        weightGrams: seller.weightGrams,
        temperatureClass: strictestTemperature(seller.temperatures).class,
        destination,
      });
      const discount = (discounts.sellerFen.get(sellerOrgId) ?? 0) + (discounts.sponsorFen.get(sellerOrgId) ?? 0);
      return {
        sellerOrgId,
        sellerName: seller.name,
        goodsFen: seller.goodsFen,
        weightGrams: seller.weightGrams,
        freightFen: freight,
        discountFen: discount,
        totalFen: seller.goodsFen + freight - discount,
      };
    });
    const sum = (pick: (quote: (typeof quotes)[number]) => number) => quotes.reduce((total, q) => total + pick(q), 0);
    return {
      sellers: quotes,
      goodsFen: sum((q) => q.goodsFen),
      freightFen: sum((q) => q.freightFen),
      discountFen: sum((q) => q.discountFen),
      totalFen: sum((q) => q.totalFen),
    };
  }

  /** An operator orders for a villager, to be collected at the operator's service point. */
  async assisted(
    principal: Principal,
    dto: AssistedCheckoutDto,
    idempotencyKey: string | undefined,
  ): Promise<PlacementResult> {
    const key = this.checkKey(idempotencyKey);
    const hash = requestHash('assisted', dto);
    const snapshot = await this.snapshot(principal.userId, key, dto.lines);
    const replay = snapshot.keyUsed ? await this.replay(principal.userId, key!, hash) : null;
    if (replay) {
      return replay;
    }
    principal.assertMemberOf(dto.servicePointOrgId, [MembershipRole.Operator, MembershipRole.Owner]);
    const servicePoint = await this.requireServicePoint(dto.servicePointOrgId);
    return this.place({
      kind: 'assisted',
      placedBy: principal.userId,
      actor: { kind: ActorKind.Operator, id: principal.userId },
      lines: dto.lines,
      destination: {
        kind: 'service_point',
        servicePointOrgId: servicePoint.orgId,
        address: null,
        recipientName: dto.villager.name.trim(),
        recipientPhone: dto.villager.phone,
        agentName: null,
        agentPhone: null,
      },
      servicePoint,
      paymentMethod: dto.paymentMethod ?? PaymentMethod.Online,
      consentText: assistedConsentText(servicePoint.name, principal.name),
      assisted: { orgId: servicePoint.orgId, countyCode: servicePoint.countyCode },
      idempotencyKey: key,
      requestHash: hash,
      couponClaimIds: [],
      sale: null,
      snapshot,
    });
  }

  private async place(placement: Placement): Promise<PlacementResult> {
    const skuIds = placement.lines.map((line) => line.skuId);
    const repeated = skuIds.find((skuId, index) => skuIds.indexOf(skuId) !== index);
    if (repeated) {
      throw new Problem(
        400,
        'duplicate-line',
        `sku ${repeated} appears in more than one line; put the whole quantity in one line`,
      );
    }
    const { offers, templates } = placement.snapshot;
    const problems = placement.lines
      .map((line) => this.lineProblem(line.skuId, offers.get(line.skuId)))
      .filter((problem): problem is LineProblem => problem !== null);
    if (problems.length > 0) {
      throw new Problem(
        422,
        'unavailable-skus',
        problems.map((problem) => `sku ${problem.skuId}: ${problem.detail}`).join('; '),
        { lines: problems },
      );
    }

    const bySeller = new Map<string, { line: CheckoutLineDto; offer: SkuOffer }[]>();
    for (const line of placement.lines) {
      const offer = offers.get(line.skuId)!;
      const entries = bySeller.get(offer.listing.sellerOrgId) ?? [];
      entries.push({ line, offer });
      bySeller.set(offer.listing.sellerOrgId, entries);
    }
    if (placement.servicePoint) {
      await this.assertPointServesCounties(
        placement.servicePoint,
        [...bySeller.values()].map((entries) => entries[0].offer.listing.countyCode),
      );
    }
    const commissionRate = placement.assisted
      ? (await this.settings.effective(placement.assisted.countyCode)).commissionRateBp
      : null;

    const now = new Date();
    const discounts = await this.discounts(
      placement.placedBy,
      placement.couponClaimIds,
      [...bySeller.values()].flat(),
      now,
    );
    const group: OrderGroup = {
      id: randomUUID(),
      buyerId: placement.placedBy,
      placedBy: placement.placedBy,
      assistedByOrgId: placement.assisted?.orgId ?? null,
      idempotencyKey: placement.idempotencyKey,
      requestHash: placement.requestHash,
      destination: placement.destination,
      paymentMethod: placement.paymentMethod,
      // the checkout's trace (tracing on), which the payment's order.paid continues later
      traceParent: Tracing.activeTraceparent(),
      createdAt: now,
    };
    const orders: Order[] = [];
    const lines: OrderLine[] = [];
    for (const [sellerOrgId, entries] of bySeller) {
      const orderId = randomUUID();
      const listing = entries[0].offer.listing;
      const orderLines = entries.map(({ line, offer }, position) => ({
        id: randomUUID(),
        orderId,
        position,
        skuId: offer.sku.skuId,
        listingId: offer.listing.listingId,
        title: offer.listing.title,
        spec: offer.sku.spec,
        quantity: line.quantity,
        shownUnitPriceFen: placement.sale?.unitPriceFen ?? offer.sku.priceFen,
        unitPriceFen: placement.sale?.unitPriceFen ?? offer.sku.priceFen,
        weightGrams: offer.sku.weightGrams,
        volumeMl: offer.sku.volumeMl,
        discountFen: discounts.lineFen.get(offer.sku.skuId) ?? 0,
      }));
      lines.push(...orderLines);
      const goodsFen = orderLines.reduce((sum, line) => sum + line.unitPriceFen * line.quantity, 0);
      const temperature = strictestTemperature(entries.map(({ offer }) => offer.listing.temperature));
      const weightGrams = orderLines.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0);
      const freight = freightFen(templates.get(sellerOrgId), {
        goodsFen,
        weightGrams,
        temperatureClass: temperature.class,
        destination: freightDestination(placement.destination),
      });
      const sellerDiscount = discounts.sellerFen.get(sellerOrgId) ?? 0;
      const sponsorDiscount = discounts.sponsorFen.get(sellerOrgId) ?? 0;
      const tolerances = entries
        .filter(({ offer }) => offer.listing.weightToleranceGrams !== null)
        .map(({ line, offer }) => offer.listing.weightToleranceGrams! * line.quantity);
      orders.push({
        id: orderId,
        groupId: group.id,
        buyerId: group.buyerId,
        assistedByOrgId: group.assistedByOrgId,
        sellerOrgId,
        sellerName: entries[0].offer.seller?.name ?? listing.sellerName,
        countyCode: listing.countyCode,
        direction: listing.direction,
        originVillageCode:
          entries.find(({ offer }) => offer.listing.originVillageCode)?.offer.listing.originVillageCode ??
          entries[0].offer.seller?.villageCode ??
          null,
        status: OrderStatus.Placed,
        destination: placement.destination,
        destinationServicePointOrgId: placement.servicePoint?.orgId ?? null,
        destinationCountyCode: placement.servicePoint?.countyCode ?? null,
        paymentMethod: placement.paymentMethod,
        totalFen: goodsFen + freight - sellerDiscount - sponsorDiscount,
        freightFen: freight,
        sellerDiscountFen: sellerDiscount,
        sponsorDiscountFen: sponsorDiscount,
        sponsor: sponsorDiscount > 0 ? discounts.sponsor : null,
        temperature,
        weightToleranceGrams: tolerances.length > 0 ? tolerances.reduce((sum, value) => sum + value, 0) : null,
        totalWeightGrams: weightGrams,
        totalVolumeMl: orderLines.reduce((sum, line) => sum + line.volumeMl * line.quantity, 0),
        ...saleColumns(
          placement.sale,
          orderLines.reduce((sum, line) => sum + line.quantity, 0),
        ),
        createdAt: now,
        updatedAt: now,
      } as Order);
    }

    try {
      await this.db.withTransaction(async (manager) => {
        await placement.sale?.claim(manager);
        await this.orders.insertPlacement(manager, group, orders, lines, placement.actor);
        if (placement.servicePoint) {
          await this.orders.insertConsent(manager, {
            groupId: group.id,
            servicePointOrgId: placement.servicePoint.orgId,
            consentedBy: placement.placedBy,
            recipientName: placement.destination.recipientName,
            recipientPhone: placement.destination.recipientPhone,
            text: placement.consentText!,
          });
        }
        const orderOfSku = new Map(lines.map((line) => [line.skuId, line.orderId]));
        await this.coupons.spend(manager, group.id, discounts.applied, (skuId) => orderOfSku.get(skuId)!, now);
        if (placement.assisted && commissionRate !== null) {
          await this.commissions.insert(
            manager,
            orders.map((order) => ({
              orderId: order.id,
              operatorOrgId: placement.assisted!.orgId,
              operatorUserId: placement.placedBy,
              countyCode: placement.assisted!.countyCode,
              rateBp: commissionRate,
              baseFen: order.totalFen - order.freightFen + order.sponsorDiscountFen,
              amountFen: commissionOf(order.totalFen - order.freightFen + order.sponsorDiscountFen, commissionRate),
              status: CommissionStatus.Pending,
            })),
          );
        }
        if (placement.sale?.kind === 'presale') {
          await this.preSell(manager, orders, placement.actor);
        } else {
          await this.askCatalogToReserve(manager, group, orders, lines);
        }
      });
    } catch (error) {
      if (idempotencyKeyTaken(error)) {
        // the same key was used by a request that committed while this one ran
        return (await this.replay(placement.placedBy, placement.idempotencyKey!, placement.requestHash))!;
      }
      throw error;
    }
    if (placement.sale?.kind === 'presale') {
      orders.forEach((order) => (order.status = OrderStatus.AwaitingPayment));
    }
    const responses = orders.map((order) =>
      mapOrder(
        order,
        lines.filter((line) => line.orderId === order.id),
      ),
    );
    return { group: mapGroup(group, responses, []), replayed: false };
  }

  /** order.placed per order: catalog reserves the stock and answers stock.reserved or stock.rejected. */
  private async askCatalogToReserve(
    manager: EntityManager,
    group: OrderGroup,
    orders: Order[],
    lines: OrderLine[],
  ): Promise<void> {
    // one order.placed per order, in one round trip
    await this.events.publishMany(
      manager,
      EventName.OrderPlaced,
      orders.map((order) => ({
        orderId: order.id,
        groupId: group.id,
        buyerId: group.buyerId,
        sellerOrgId: order.sellerOrgId,
        lines: lines
          .filter((line) => line.orderId === order.id)
          .map((line) => ({ skuId: line.skuId, quantity: line.quantity })),
      })),
    );
  }

  /** A pre-sale's order took its units of the cap already: there is no stock to reserve, it awaits payment now. */
  private async preSell(manager: EntityManager, orders: Order[], actor: Actor): Promise<void> {
    for (const order of orders) {
      await this.orders.transition(manager, order.id, OrderTransition.PreSell, actor, {
        effects: { paymentDueInSeconds: this.config.orderPaymentTimeoutSeconds },
        reason: 'pre-sale units taken, awaiting payment',
      });
    }
  }

  private lineProblem(skuId: string, offer: SkuOffer | undefined): LineProblem | null {
    if (!offer) {
      return { skuId, problem: 'unknown', detail: 'no such SKU is on sale' };
    }
    if (offer.sku.removed || offer.listing.status === 'removed') {
      return { skuId, problem: 'removed', detail: `'${offer.listing.title}' ${offer.sku.spec} is no longer sold` };
    }
    if (!offer.listing.purchasable) {
      return {
        skuId,
        problem: 'not_purchasable',
        detail: `'${offer.listing.title}' is ${offer.listing.status}, not on sale now`,
      };
    }
    if (offer.seller?.status === OrgCopyStatus.Suspended) {
      return { skuId, problem: 'not_purchasable', detail: `the seller of '${offer.listing.title}' is suspended` };
    }
    return null;
  }

  private async requireServicePoint(orgId: string): Promise<OrgCopy> {
    const point = await this.orgs.find(orgId);
    if (!point || point.kind !== OrganisationKind.ServicePoint) {
      throw new Problem(422, 'unknown-service-point', `no verified service point ${orgId}`);
    }
    if (point.status !== OrgCopyStatus.Verified) {
      throw new Problem(
        422,
        'service-point-suspended',
        `the service point ${point.name} is suspended and takes no parcels`,
      );
    }
    return point;
  }

  /** Sellers deliver to service points of their own county unless their county allows others. */
  private async assertPointServesCounties(point: OrgCopy, sellerCounties: string[]): Promise<void> {
    const foreign = [...new Set(sellerCounties.filter((county) => county !== point.countyCode))];
    if (foreign.length === 0) {
      return;
    }
    const settings = await this.settings.effectiveMany(foreign);
    const refusing = foreign.filter((county) => !settings.get(county)!.allowCrossCountyServicePoint);
    if (refusing.length > 0) {
      throw new Problem(
        422,
        'service-point-out-of-county',
        `the service point ${point.name} is in county ${point.countyCode}; sellers of county ${refusing.join(', ')} deliver only to service points of their own county`,
        { counties: refusing },
      );
    }
  }

  /** Whether the key was used, and the basket's offers and freight templates, in one statement. */
  private snapshot(placedBy: string, key: string | null, lines: CheckoutLineDto[]): Promise<PlacementSnapshot> {
    return this.reads.read(
      lines.map((line) => line.skuId),
      key ? { placedBy, idempotencyKey: key } : null,
    );
  }

  private checkKey(key: string | undefined): string | null {
    if (key === undefined) {
      return null;
    }
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new Problem(400, 'invalid-idempotency-key', 'Idempotency-Key must be 1–200 visible ASCII characters');
    }
    return key;
  }

  private async replay(placedBy: string, key: string, hash: string): Promise<PlacementResult | null> {
    const group = await this.orders.findGroupByKey(placedBy, key);
    if (!group) {
      return null;
    }
    if (group.requestHash !== hash) {
      throw new Problem(
        422,
        'idempotency-key-reused',
        `Idempotency-Key '${key}' was already used for a different request (order group ${group.id}); use a new key`,
      );
    }
    return { group: await this.views.groupView(group), replayed: true };
  }
}
