import { intersect, intersectSorted, Posting, sortedHas, unionSorted } from './postings';

describe('posting lists', () => {
  const of = (slots: number[]) => {
    const posting = new Posting();
    for (const slot of slots) {
      posting.add(slot);
    }
    return posting;
  };

  it('keeps a rare key as a sorted array and a common one as a bitset, with the same answers', () => {
    const rare = Array.from({ length: 50 }, (_, index) => index * 997);
    const common = Array.from({ length: 5_000 }, (_, index) => index * 3 + 1);
    for (const slots of [rare, common]) {
      const posting = of([...slots, slots[slots.length - 1]]); // a repeat counts once
      expect(posting.size).toBe(slots.length);
      expect([...posting.toArray()]).toEqual(slots);
      expect(posting.has(slots[7])).toBe(true);
      expect(posting.has(slots[7] + 1)).toBe(false);
      expect(posting.has(10_000_000)).toBe(false);
    }
    // the common list became a bitset: about a bit per slot instead of 32
    expect(of(common).bytes).toBeLessThan(common.length);
    expect(of(rare).bytes).toBeGreaterThanOrEqual(rare.length * 4);
  });

  it('intersects, unites and looks up sorted slots', () => {
    const evens = of(Array.from({ length: 100 }, (_, index) => index * 2));
    const threes = Uint32Array.from(Array.from({ length: 67 }, (_, index) => index * 3));
    expect([...intersect(threes, [evens])]).toEqual(Array.from({ length: 34 }, (_, index) => index * 6));
    expect([...intersectSorted(Uint32Array.from([1, 4, 6, 9]), Uint32Array.from([4, 5, 9]))]).toEqual([4, 9]);
    expect([...unionSorted([Uint32Array.from([1, 4, 9]), Uint32Array.from([2, 4]), new Uint32Array(0)])]).toEqual([
      1, 2, 4, 9,
    ]);
    expect([
      ...unionSorted([Uint32Array.from([5, 7]), Uint32Array.from([1, 5, 8, 20]), Uint32Array.from([0, 7, 8, 21])]),
    ]).toEqual([0, 1, 5, 7, 8, 20, 21]);
    expect(sortedHas(Uint32Array.from([1, 4, 9]), 4)).toBe(true);
    expect(sortedHas(Uint32Array.from([1, 4, 9]), 5)).toBe(false);
  });

  it('keeps the slots a list holds, whether it tests bits, merges or searches', () => {
    const sparse = of(Array.from({ length: 2_000 }, (_, index) => index * 50));
    const dense = of(Array.from({ length: 2_000 }, (_, index) => index * 2));
    const few = Uint32Array.from([0, 49, 50, 150, 99_950, 99_951, 200_000]); // searched: the list is far longer
    const many = Uint32Array.from(Array.from({ length: 1_000 }, (_, index) => index * 25)); // merged
    for (const list of [sparse, dense]) {
      for (const slots of [few, many, new Uint32Array(0)]) {
        expect([...list.keep(slots)]).toEqual([...slots].filter((slot) => list.has(slot)));
      }
    }
    expect([...sparse.keep(few)]).toEqual([0, 50, 150, 99_950]);
    expect([...intersect(many, [sparse, dense])]).toEqual(Array.from({ length: 80 }, (_, index) => index * 50));
  });
});
