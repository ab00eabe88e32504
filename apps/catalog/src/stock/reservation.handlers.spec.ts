import { UnrecoverableError } from '@countyflow/messaging';
import { mergeOrderLines } from './reservation.handlers';

describe('mergeOrderLines', () => {
  const a = '0b6f3f5e-8f7a-4c55-9d0e-2f1f7a0c1e11';
  const b = '7c1d2e3f-0000-4000-8000-000000000001';

  it('adds up repeated SKUs and sorts by SKU id, the order every transaction locks them in', () => {
    expect(
      mergeOrderLines([
        { skuId: b, quantity: 1 },
        { skuId: a, quantity: 2 },
        { skuId: b, quantity: 3 },
      ]),
    ).toEqual([
      { skuId: a, quantity: 2 },
      { skuId: b, quantity: 4 },
    ]);
  });

  it.each([
    [[]],
    [[{ skuId: a, quantity: 0 }]],
    [[{ skuId: a, quantity: 1.5 }]],
    [[{ skuId: a, quantity: 2_000_000 }]],
  ])('gives up at once on a malformed order (%j): retrying cannot fix it', (lines) => {
    expect(() => mergeOrderLines(lines)).toThrow(UnrecoverableError);
  });
});
