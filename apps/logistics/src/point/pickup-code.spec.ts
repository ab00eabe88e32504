import { chooseSlot, drawPickupNumber, formatPickupCode, PICKUP_CODE } from './pickup-code';

describe('pickup codes', () => {
  it('reads shelf-layer-NNNN', () => {
    const code = formatPickupCode(3, 5, '0075');
    expect(code).toBe('3-5-0075');
    expect(PICKUP_CODE.test(code)).toBe(true);
  });

  it('draws again when the number is still waiting at the point', () => {
    const draws = [42, 42, 7];
    expect(drawPickupNumber(new Set(['0042']), () => draws.shift()!)).toBe('0007');
  });

  it('is not sequential: many draws at one point spread over the whole range', () => {
    const used = new Set<string>();
    for (let index = 0; index < 500; index++) {
      used.add(drawPickupNumber(used)!);
    }
    expect(used.size).toBe(500);
    const sorted = [...used].map(Number).sort((a, b) => a - b);
    const consecutive = sorted.filter((value, index) => index > 0 && value === sorted[index - 1] + 1).length;
    expect(consecutive).toBeLessThan(100);
    expect(sorted[sorted.length - 1] - sorted[0]).toBeGreaterThan(5000);
  });

  it('gives up when the point has no number left', () => {
    const all = new Set(Array.from({ length: 10_000 }, (_, index) => String(index).padStart(4, '0')));
    expect(drawPickupNumber(all)).toBeNull();
  });

  it('fills the least-used layer first and reports a full point', () => {
    expect(chooseSlot(2, 2, 3, [{ shelf: 1, layer: 1, parcels: 1 }])).toEqual({ shelf: 1, layer: 2 });
    const full = [1, 2].flatMap((shelf) => [1, 2].map((layer) => ({ shelf, layer, parcels: 3 })));
    expect(chooseSlot(2, 2, 3, full)).toBeNull();
  });
});
