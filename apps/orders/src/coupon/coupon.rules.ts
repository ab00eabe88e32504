/** Who pays for a discount (docs/money.md "Discounts"). */
export enum CouponFunder {
  Platform = 'platform',
  County = 'county',
  Seller = 'seller',
}

/** Which goods a coupon applies to: everything, one county's sellers, or one seller's shop. */
export enum CouponScope {
  Platform = 'platform',
  County = 'county',
  Seller = 'seller',
}

/** A basket line as pricing sees it; `key` names it (the SKU). */
export interface PricedLine {
  key: string;
  sellerOrgId: string;
  countyCode: string;
  listingId: string;
  /** The line's goods: unit price × quantity. */
  goodsFen: number;
}

/** A claimed coupon the buyer picked. */
export interface CouponTerms {
  claimId: string;
  couponId: string;
  title: string;
  scope: CouponScope;
  funder: CouponFunder;
  countyCode: string | null;
  sellerOrgId: string | null;
  campaignId: string | null;
  /** The campaign's listings, when it is a campaign's coupon: only they count. */
  campaignListingIds: string[] | null;
  thresholdFen: number;
  amountFen: number;
}

export interface AppliedCoupon {
  terms: CouponTerms;
  /** What each line (by key) takes of the coupon's amount; the shares add up to the amount exactly. */
  shares: Map<string, number>;
}

export type StackingRefusal =
  | { code: 'coupon-stacking'; detail: string; params: { claimIds: string[] } }
  | {
      code: 'coupon-threshold-not-met';
      detail: string;
      params: { claimId: string; thresholdFen: number; eligibleFen: number };
    };

export class CouponRefused extends Error {
  constructor(readonly refusal: StackingRefusal) {
    super(refusal.detail);
  }
}

export const isSponsored = (funder: CouponFunder): boolean => funder !== CouponFunder.Seller;

/**
 * Splits `amountFen` over the lines in proportion to their bases, exactly: each line gets the floor of its
 * proportional share, and the fen left over go one each to the lines with the largest remainders (earlier lines
 * first on a tie). Requires amountFen < sum of bases, so no line gets more than its base.
 */
export function splitProportionally(amountFen: number, bases: { key: string; fen: number }[]): Map<string, number> {
  const total = bases.reduce((sum, base) => sum + base.fen, 0);
  const shares = bases.map((base, index) => {
    const exact = BigInt(amountFen) * BigInt(base.fen);
    return {
      key: base.key,
      index,
      fen: Number(exact / BigInt(total)),
      remainder: Number(exact % BigInt(total)),
    };
  });
  let left = amountFen - shares.reduce((sum, share) => sum + share.fen, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left === 0) {
      break;
    }
    share.fen += 1;
    left -= 1;
  }
  return new Map(shares.map((share) => [share.key, share.fen]));
}

function eligible(line: PricedLine, terms: CouponTerms): boolean {
  if (terms.campaignListingIds && !terms.campaignListingIds.includes(line.listingId)) {
    return false;
  }
  switch (terms.scope) {
    case CouponScope.Seller:
      return line.sellerOrgId === terms.sellerOrgId;
    case CouponScope.County:
      return line.countyCode === terms.countyCode;
    default:
      return true;
  }
}

/**
 * The pricing step of checkout (满减): the stacking rule, then each coupon's threshold and its split over the lines.
 *
 * - Stacking: at most one seller's own coupon per seller, and at most one coupon funded by the platform or a county
 *   for the whole basket.
 * - Seller coupons apply first, each to its seller's lines; the sponsored coupon's threshold is then met by what its
 *   eligible lines cost after the seller coupons, and it is split in proportion to that.
 * - A coupon whose eligible goods are below its threshold is refused (the buyer unpicks it), never silently dropped.
 *
 * Because every amount is below its threshold, the discounts never reach a line's whole price.
 */
export function applyCoupons(lines: PricedLine[], coupons: CouponTerms[]): AppliedCoupon[] {
  const sponsored = coupons.filter((coupon) => isSponsored(coupon.funder));
  if (sponsored.length > 1) {
    throw new CouponRefused({
      code: 'coupon-stacking',
      detail: 'only one platform or county coupon can be used on one checkout',
      params: { claimIds: sponsored.map((coupon) => coupon.claimId) },
    });
  }
  const sellers = coupons.filter((coupon) => !isSponsored(coupon.funder));
  const sameSeller = sellers.filter((coupon) =>
    sellers.some((other) => other !== coupon && other.sellerOrgId === coupon.sellerOrgId),
  );
  if (sameSeller.length > 0) {
    throw new CouponRefused({
      code: 'coupon-stacking',
      detail: "only one of a seller's own coupons can be used on that seller's goods",
      params: { claimIds: sameSeller.map((coupon) => coupon.claimId) },
    });
  }
  const after = new Map(lines.map((line) => [line.key, line.goodsFen]));
  const applied: AppliedCoupon[] = [];
  for (const terms of [...sellers, ...sponsored]) {
    const bases = lines
      .filter((line) => eligible(line, terms))
      .map((line) => ({ key: line.key, fen: after.get(line.key)! }))
      .filter((base) => base.fen > 0);
    const eligibleFen = bases.reduce((sum, base) => sum + base.fen, 0);
    if (eligibleFen < terms.thresholdFen) {
      throw new CouponRefused({
        code: 'coupon-threshold-not-met',
        detail: `coupon '${terms.title}' takes ${terms.amountFen} fen off ${terms.thresholdFen} fen of eligible goods; the basket has ${eligibleFen} fen of them`,
        params: { claimId: terms.claimId, thresholdFen: terms.thresholdFen, eligibleFen },
      });
    }
    const shares = splitProportionally(terms.amountFen, bases);
    for (const [key, fen] of shares) {
      after.set(key, after.get(key)! - fen);
    }
    applied.push({ terms, shares });
  }
  return applied;
}

/** What the applied coupons take off each line, and off each seller's order by who funds it. */
export interface BasketDiscounts {
  applied: AppliedCoupon[];
  /** Per line key: the sum of every coupon's share of it. */
  lineFen: Map<string, number>;
  /** Per seller: its own coupon's discount. */
  sellerFen: Map<string, number>;
  /** Per seller: the platform's or county's coupon's discount on its order. */
  sponsorFen: Map<string, number>;
  /** Who funds the sponsored discount (one sponsored coupon per checkout at most). */
  sponsor: CouponFunder.Platform | CouponFunder.County | null;
}

export function basketDiscounts(lines: PricedLine[], applied: AppliedCoupon[]): BasketDiscounts {
  const sellerOf = new Map(lines.map((line) => [line.key, line.sellerOrgId]));
  const result: BasketDiscounts = {
    applied,
    lineFen: new Map(),
    sellerFen: new Map(),
    sponsorFen: new Map(),
    sponsor: null,
  };
  for (const { terms, shares } of applied) {
    const target = isSponsored(terms.funder) ? result.sponsorFen : result.sellerFen;
    if (isSponsored(terms.funder)) {
      result.sponsor = terms.funder as CouponFunder.Platform | CouponFunder.County;
    }
    for (const [key, fen] of shares) {
      result.lineFen.set(key, (result.lineFen.get(key) ?? 0) + fen);
      const seller = sellerOf.get(key)!;
      target.set(seller, (target.get(seller) ?? 0) + fen);
    }
  }
  return result;
}
