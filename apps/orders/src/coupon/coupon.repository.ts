import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { Campaign, ClaimStatus, Coupon, CouponClaim, OrderDiscount } from './coupon.entities';
import { CouponFunder, CouponScope, CouponTerms, PricedLine } from './coupon.rules';

export type ClaimOutcome =
  | { claimed: CouponClaim }
  | { refused: 'unknown' | 'stopped' | 'not-valid-now' | 'sold-out' | 'per-buyer-limit'; coupon: Coupon | null };

/** What a coupon's runner may change; the terms (all but title and totalLimit) only before anyone claimed it. */
export type CouponChanges = Partial<
  Pick<Coupon, 'title' | 'thresholdFen' | 'amountFen' | 'validFrom' | 'validUntil' | 'totalLimit' | 'perBuyerLimit'>
>;

/** A buyer's claim with its coupon, and the campaign's listings when it is a campaign's coupon. */
export interface ClaimView {
  claim: CouponClaim;
  coupon: Coupon;
  campaign: Campaign | null;
}

/** Which coupons apply to goods of these sellers / listings / counties (a listing page, a basket). */
export interface CouponQuestion {
  sellerOrgIds: string[];
  countyCodes: string[];
  listingIds: string[];
}

/**
 * Campaigns, coupons, claims and the discounts orders took. (An UPDATE … RETURNING is wrapped in a CTE: TypeORM
 * answers a bare one with [rows, count].) Lock order (docs/orders.md "Coupons and campaigns"):
 * a coupon row (claiming), then claim rows in id order, then campaign rows in id order (checkout, cancellation).
 */
@Injectable()
export class CouponRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insertCampaign(
    campaign: Omit<Campaign, 'spentFen' | 'createdAt' | 'stoppedAt' | 'stoppedBy'>,
  ): Promise<Campaign> {
    await this.db.manager.insert(Campaign, campaign);
    return (await this.findCampaign(campaign.id))!;
  }

  findCampaign(id: string): Promise<Campaign | null> {
    return this.db.manager.getRepository(Campaign).findOneBy({ id });
  }

  campaignsOf(countyCode: string): Promise<Campaign[]> {
    return this.db.manager.getRepository(Campaign).find({ where: { countyCode }, order: { startsAt: 'DESC' } });
  }

  async insertCoupon(coupon: Omit<Coupon, 'issuedCount' | 'createdAt' | 'stoppedAt' | 'stoppedBy'>): Promise<Coupon> {
    await this.db.manager.insert(Coupon, coupon);
    return (await this.db.manager.getRepository(Coupon).findOneBy({ id: coupon.id }))!;
  }

  findCoupon(id: string): Promise<Coupon | null> {
    return this.db.manager.getRepository(Coupon).findOneBy({ id });
  }

  /** Coupons run by a seller, by a county (its own), or funded by the platform; newest first. */
  couponsOf(owner: { sellerOrgId: string } | { countyCode: string } | { platform: true }): Promise<Coupon[]> {
    const where =
      'sellerOrgId' in owner
        ? { sellerOrgId: owner.sellerOrgId }
        : 'countyCode' in owner
          ? { countyCode: owner.countyCode, scope: CouponScope.County, funder: CouponFunder.County }
          : { funder: CouponFunder.Platform };
    return this.db.manager.getRepository(Coupon).find({ where, order: { createdAt: 'DESC' } });
  }

  /**
   * Claims one: the guarded UPDATE takes the coupon's row lock, so claims of one coupon run one at a time from here
   * to commit — the issued count never passes the total limit (and a CHECK says so), and the buyer's claims counted
   * next include every committed one, so the per-buyer limit holds too.
   */
  async claim(manager: EntityManager, couponId: string, buyerId: string, now: Date): Promise<ClaimOutcome> {
    const [row] = await manager.query<{ id: string }[]>(
      `WITH claimed AS (
         UPDATE coupon SET issued_count = issued_count + 1
          WHERE id = $1 AND issued_count < total_limit AND valid_from <= $2 AND valid_until > $2
            AND stopped_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM campaign k WHERE k.id = coupon.campaign_id AND k.stopped_at IS NOT NULL)
         RETURNING id)
       SELECT id FROM claimed`,
      [couponId, now],
    );
    if (!row) {
      const coupon = await manager.getRepository(Coupon).findOneBy({ id: couponId });
      if (!coupon) {
        return { refused: 'unknown', coupon: null };
      }
      const campaign = coupon.campaignId
        ? await manager.getRepository(Campaign).findOneBy({ id: coupon.campaignId })
        : null;
      if (coupon.stoppedAt || campaign?.stoppedAt) {
        return { refused: 'stopped', coupon };
      }
      const valid = coupon.validFrom <= now && coupon.validUntil > now;
      return { refused: valid ? 'sold-out' : 'not-valid-now', coupon };
    }
    const [{ claims, limit }] = await manager.query<{ claims: number; limit: number }[]>(
      `SELECT count(cc.id)::int AS claims, c.per_buyer_limit AS limit
         FROM coupon c LEFT JOIN coupon_claim cc ON cc.coupon_id = c.id AND cc.buyer_id = $2
        WHERE c.id = $1 GROUP BY c.id`,
      [couponId, buyerId],
    );
    if (claims >= limit) {
      // the caller throws, which rolls the count back with the transaction
      return { refused: 'per-buyer-limit', coupon: await manager.getRepository(Coupon).findOneBy({ id: couponId }) };
    }
    const claim: CouponClaim = {
      id: randomUUID(),
      couponId,
      buyerId,
      status: ClaimStatus.Available,
      orderGroupId: null,
      claimedAt: now,
      usedAt: null,
    };
    await manager.insert(CouponClaim, claim);
    return { claimed: claim };
  }

  /** The coupon's row, locked until the transaction ends: claims of it wait, and it waits for the ones under way. */
  lockCoupon(manager: EntityManager, id: string): Promise<Coupon | null> {
    return manager.getRepository(Coupon).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  lockCampaign(manager: EntityManager, id: string): Promise<Campaign | null> {
    return manager.getRepository(Campaign).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Changes a locked coupon, guarded again in SQL: not stopped, the terms only while nobody claimed it, the total
   * never below what was claimed. False when a guard fails.
   */
  async updateCoupon(
    manager: EntityManager,
    id: string,
    changes: CouponChanges,
    termsChange: boolean,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Coupon)
      .set(changes)
      .where('id = :id AND stopped_at IS NULL', { id })
      .andWhere(termsChange ? 'issued_count = 0' : 'true')
      .andWhere(changes.totalLimit !== undefined ? 'issued_count <= :total' : 'true', { total: changes.totalLimit })
      .execute();
    return result.affected === 1;
  }

  /** Stopped → no new claim (the claim's guard checks `stopped_at`); false when it already was. */
  async stopCoupon(manager: EntityManager, id: string, by: string, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ stoppedAt: now, stoppedBy: by })
      .where('id = :id AND stopped_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  /** A campaign's new name or budget; the budget never below what its coupons spent. False when a guard fails. */
  async updateCampaign(
    manager: EntityManager,
    id: string,
    changes: Partial<Pick<Campaign, 'name' | 'budgetFen'>>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Campaign)
      .set(changes)
      .where('id = :id AND stopped_at IS NULL', { id })
      .andWhere(changes.budgetFen !== undefined ? 'spent_fen <= :budget' : 'true', { budget: changes.budgetFen })
      .execute();
    return result.affected === 1;
  }

  async stopCampaign(manager: EntityManager, id: string, by: string, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Campaign)
      .set({ stoppedAt: now, stoppedBy: by })
      .where('id = :id AND stopped_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  /** The buyer's claims (all, or the ones named) with their coupons and campaigns. */
  async claimsOf(buyerId: string, claimIds?: string[]): Promise<ClaimView[]> {
    const repository = this.db.manager.getRepository(CouponClaim);
    const claims = claimIds
      ? await repository.findBy({ id: In(claimIds), buyerId })
      : await repository.find({ where: { buyerId }, order: { claimedAt: 'DESC' } });
    return this.withCoupons(claims);
  }

  private async withCoupons(claims: CouponClaim[], manager = this.db.manager): Promise<ClaimView[]> {
    if (claims.length === 0) {
      return [];
    }
    const byId = new Map(
      (await manager.getRepository(Coupon).findBy({ id: In([...new Set(claims.map((claim) => claim.couponId))]) })).map(
        (coupon) => [coupon.id, coupon],
      ),
    );
    const campaigns = await this.campaignsById([...byId.values()], manager);
    return claims.map((claim) => {
      const coupon = byId.get(claim.couponId)!;
      return { claim, coupon, campaign: coupon.campaignId ? campaigns.get(coupon.campaignId)! : null };
    });
  }

  private async campaignsById(coupons: Coupon[], manager = this.db.manager): Promise<Map<string, Campaign>> {
    const ids = [...new Set(coupons.map((coupon) => coupon.campaignId).filter((id): id is string => id !== null))];
    const campaigns = ids.length > 0 ? await manager.getRepository(Campaign).findBy({ id: In(ids) }) : [];
    return new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  }

  /**
   * Coupons that can be claimed now and apply to any of these goods: the sellers' own, their counties', the
   * platform's; a campaign's only when one of its listings is among them.
   */
  async claimable(question: CouponQuestion, now: Date): Promise<{ coupon: Coupon; campaign: Campaign | null }[]> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `SELECT c.id FROM coupon c LEFT JOIN campaign k ON k.id = c.campaign_id
        WHERE c.valid_from <= $4 AND c.valid_until > $4 AND c.issued_count < c.total_limit
          AND c.stopped_at IS NULL AND k.stopped_at IS NULL
          AND (c.scope = 'platform' OR (c.scope = 'county' AND c.county_code = ANY($2::char(6)[]))
               OR (c.scope = 'seller' AND c.seller_org_id = ANY($1::uuid[])))
          AND (k.id IS NULL OR k.listing_ids && $3::uuid[])
        ORDER BY c.amount_fen DESC, c.created_at LIMIT 50`,
      [question.sellerOrgIds, question.countyCodes, question.listingIds, now],
    );
    if (rows.length === 0) {
      return [];
    }
    const coupons = await this.db.manager.getRepository(Coupon).findBy({ id: In(rows.map((row) => row.id)) });
    const order = new Map(rows.map((row, index) => [row.id, index]));
    coupons.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const campaigns = await this.campaignsById(coupons);
    return coupons.map((coupon) => ({
      coupon,
      campaign: coupon.campaignId ? campaigns.get(coupon.campaignId)! : null,
    }));
  }

  /**
   * Spends the claims on the checkout's orders in its transaction: each claim moves available → used once (false
   * when one was used meanwhile), each campaign's spending grows by its coupons' discounts only while it stays
   * within the budget (false otherwise), and the discounts are recorded per order.
   */
  async spend(
    manager: EntityManager,
    groupId: string,
    claimIds: string[],
    discounts: OrderDiscount[],
    now: Date,
  ): Promise<'spent' | 'claim-used' | 'budget-exhausted'> {
    const used = await manager.query<{ id: string }[]>(
      `WITH used AS (
         UPDATE coupon_claim SET status = 'used', order_group_id = $2, used_at = $3
          WHERE id IN (SELECT id FROM coupon_claim WHERE id = ANY($1::uuid[]) AND status = 'available'
                        ORDER BY id FOR UPDATE)
         RETURNING id)
       SELECT id FROM used`,
      [claimIds, groupId, now],
    );
    if (used.length !== claimIds.length) {
      return 'claim-used';
    }
    const byCampaign = new Map<string, number>();
    for (const discount of discounts.filter((item) => item.campaignId)) {
      byCampaign.set(discount.campaignId!, (byCampaign.get(discount.campaignId!) ?? 0) + discount.amountFen);
    }
    for (const [campaignId, fen] of [...byCampaign].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const spent = await manager.query<{ id: string }[]>(
        `WITH spent AS (
           UPDATE campaign SET spent_fen = spent_fen + $2 WHERE id = $1 AND spent_fen + $2 <= budget_fen RETURNING id)
         SELECT id FROM spent`,
        [campaignId, fen],
      );
      if (spent.length === 0) {
        return 'budget-exhausted';
      }
    }
    await manager.insert(OrderDiscount, discounts);
    return 'spent';
  }

  /**
   * The order was cancelled or rejected: its discounts go back to their campaigns, and a claim whose every order is
   * now released is the buyer's again (it may have expired meanwhile; then it just shows as expired).
   */
  async release(manager: EntityManager, orderId: string): Promise<void> {
    const released = await manager.query<{ claim_id: string; campaign_id: string | null; amount_fen: string }[]>(
      `WITH released AS (
         UPDATE order_discount SET released = true WHERE order_id = $1 AND NOT released
         RETURNING claim_id, campaign_id, amount_fen)
       SELECT claim_id, campaign_id, amount_fen FROM released`,
      [orderId],
    );
    if (released.length === 0) {
      return;
    }
    const claimIds = [...new Set(released.map((row) => row.claim_id))].sort();
    await manager.query(
      `UPDATE coupon_claim SET status = 'available', order_group_id = NULL, used_at = NULL
        WHERE id IN (SELECT id FROM coupon_claim WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
          AND NOT EXISTS (SELECT 1 FROM order_discount d WHERE d.claim_id = coupon_claim.id AND NOT d.released)`,
      [claimIds],
    );
    const byCampaign = new Map<string, number>();
    for (const row of released.filter((item) => item.campaign_id)) {
      byCampaign.set(row.campaign_id!, (byCampaign.get(row.campaign_id!) ?? 0) + Number(row.amount_fen));
    }
    for (const [campaignId, fen] of [...byCampaign].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await manager.query(`UPDATE campaign SET spent_fen = spent_fen - $2 WHERE id = $1`, [campaignId, fen]);
    }
  }

  /**
   * What re-checking an order's coupons at catalog's prices needs: the claims its discounts still hold, and every
   * line of every order those claims discount (with its order's seller and county), at the prices now on the lines.
   */
  async heldBy(manager: EntityManager, orderId: string): Promise<{ views: ClaimView[]; lines: PricedLine[] }> {
    const claims = await manager.query<{ claim_id: string }[]>(
      `SELECT DISTINCT claim_id FROM order_discount WHERE order_id = $1 AND NOT released`,
      [orderId],
    );
    if (claims.length === 0) {
      return { views: [], lines: [] };
    }
    const claimIds = claims.map((row) => row.claim_id);
    const rows = await manager.query<
      {
        id: string;
        listing_id: string;
        seller_org_id: string;
        county_code: string;
        goods: string;
      }[]
    >(
      `SELECT l.id, l.listing_id, o.seller_org_id, o.county_code,
              l.unit_price_fen * l.quantity AS goods
         FROM order_line l JOIN customer_order o ON o.id = l.order_id
        WHERE l.order_id IN (SELECT order_id FROM order_discount WHERE claim_id = ANY($1::uuid[]) AND NOT released)
        ORDER BY l.order_id, l.position`,
      [claimIds],
    );
    const found = await manager.getRepository(CouponClaim).findBy({ id: In(claimIds) });
    return {
      views: await this.withCoupons(found, manager),
      lines: rows.map((row) => ({
        key: row.id,
        listingId: row.listing_id,
        sellerOrgId: row.seller_org_id,
        countyCode: row.county_code,
        goodsFen: Number(row.goods),
      })),
    };
  }

  /** The discounts each order took. */
  async discountsOf(orderIds: string[]): Promise<Map<string, OrderDiscount[]>> {
    const rows =
      orderIds.length > 0 ? await this.db.manager.getRepository(OrderDiscount).findBy({ orderId: In(orderIds) }) : [];
    const byOrder = new Map<string, OrderDiscount[]>();
    for (const row of rows) {
      byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
    }
    return byOrder;
  }
}

/** What pricing needs of a claimed coupon. */
export function termsOf(view: ClaimView): CouponTerms {
  return {
    claimId: view.claim.id,
    couponId: view.coupon.id,
    title: view.coupon.title,
    scope: view.coupon.scope,
    funder: view.coupon.funder,
    countyCode: view.coupon.countyCode,
    sellerOrgId: view.coupon.sellerOrgId,
    campaignId: view.coupon.campaignId,
    campaignListingIds: view.campaign?.listingIds ?? null,
    thresholdFen: view.coupon.thresholdFen,
    amountFen: view.coupon.amountFen,
  };
}
