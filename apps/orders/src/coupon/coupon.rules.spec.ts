import {
  applyCoupons,
  CouponFunder,
  CouponRefused,
  CouponScope,
  CouponTerms,
  PricedLine,
  splitProportionally,
} from './coupon.rules';

const line = (key: string, goodsFen: number, sellerOrgId = 's1', listingId = `l-${key}`): PricedLine => ({
  key,
  sellerOrgId,
  countyCode: '360722',
  listingId,
  goodsFen,
});

const coupon = (overrides: Partial<CouponTerms>): CouponTerms => ({
  claimId: 'c1',
  couponId: 'k1',
  title: '满减',
  scope: CouponScope.Platform,
  funder: CouponFunder.Platform,
  countyCode: null,
  sellerOrgId: null,
  campaignId: null,
  campaignListingIds: null,
  thresholdFen: 1_000,
  amountFen: 100,
  ...overrides,
});

describe('coupon pricing', () => {
  it('splits an amount in proportion, exactly to the fen, the odd fen to the largest remainders', () => {
    const shares = splitProportionally(100, [
      { key: 'a', fen: 1 },
      { key: 'b', fen: 1 },
      { key: 'c', fen: 1 },
    ]);
    expect([...shares.values()]).toEqual([34, 33, 33]);
    const uneven = splitProportionally(777, [
      { key: 'a', fen: 361 },
      { key: 'b', fen: 9_037 },
    ]);
    expect([...uneven.values()]).toEqual([30, 747]);
    for (let amount = 1; amount < 500; amount += 37) {
      const split = splitProportionally(amount, [
        { key: 'x', fen: 123 },
        { key: 'y', fen: 77 },
        { key: 'z', fen: 301 },
      ]);
      expect([...split.values()].reduce((sum, fen) => sum + fen, 0)).toBe(amount);
    }
  });

  it("applies the shop's coupon first and the sponsored one's threshold to what is left", () => {
    const lines = [line('a', 6_000), line('b', 4_000, 's2')];
    const applied = applyCoupons(lines, [
      coupon({
        claimId: 'shop',
        funder: CouponFunder.Seller,
        scope: CouponScope.Seller,
        sellerOrgId: 's1',
        thresholdFen: 5_000,
        amountFen: 1_000,
      }),
      coupon({ claimId: 'platform', thresholdFen: 9_000, amountFen: 900 }),
    ]);
    expect(applied.map((item) => [item.terms.claimId, Object.fromEntries(item.shares)])).toEqual([
      ['shop', { a: 1_000 }],
      ['platform', { a: 500, b: 400 }],
    ]);
    expect(() =>
      applyCoupons(lines, [
        coupon({
          claimId: 'shop',
          funder: CouponFunder.Seller,
          scope: CouponScope.Seller,
          sellerOrgId: 's1',
          thresholdFen: 5_000,
          amountFen: 1_000,
        }),
        coupon({ claimId: 'platform', thresholdFen: 9_500, amountFen: 900 }),
      ]),
    ).toThrow(CouponRefused);
  });

  it("counts only a campaign's listings and a county's or seller's goods", () => {
    const lines = [line('a', 3_000, 's1', 'festival'), line('b', 3_000, 's1', 'other')];
    expect(() => applyCoupons(lines, [coupon({ campaignListingIds: ['festival'], thresholdFen: 5_000 })])).toThrow(
      CouponRefused,
    );
    const [applied] = applyCoupons(lines, [coupon({ campaignListingIds: ['festival'], thresholdFen: 2_000 })]);
    expect(Object.fromEntries(applied.shares)).toEqual({ a: 100 });
  });

  it('refuses two sponsored coupons, or two of one shop', () => {
    const lines = [line('a', 10_000)];
    const refusal = (coupons: CouponTerms[]) => {
      try {
        applyCoupons(lines, coupons);
        return null;
      } catch (error) {
        return (error as CouponRefused).refusal.code;
      }
    };
    expect(
      refusal([
        coupon({ claimId: 'p' }),
        coupon({ claimId: 'c', funder: CouponFunder.County, scope: CouponScope.County, countyCode: '360722' }),
      ]),
    ).toBe('coupon-stacking');
    const shop = { funder: CouponFunder.Seller, scope: CouponScope.Seller, sellerOrgId: 's1' };
    expect(refusal([coupon({ claimId: 'x', ...shop }), coupon({ claimId: 'y', ...shop })])).toBe('coupon-stacking');
  });
});
