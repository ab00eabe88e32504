import { EventEnvelope, EventName } from '@countyflow/contracts';
import { BatchEventContext, UnrecoverableError } from '@countyflow/messaging';
import { randomUUID } from 'node:crypto';
import { mergeOrderLines, ReservationHandlers } from './reservation.handlers';
import { MovedSku, StockRepository } from './stock.repository';

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

describe(ReservationHandlers.name, () => {
  const sku = '0b6f3f5e-8f7a-4c55-9d0e-2f1f7a0c1e11';
  const seller = '7c1d2e3f-0000-4000-8000-000000000001';
  const event = (orderId: string, sellerOrgId = seller) =>
    ({
      id: randomUUID(),
      name: EventName.OrderPlaced,
      data: { orderId, groupId: randomUUID(), buyerId: null, sellerOrgId, lines: [{ skuId: sku, quantity: 2 }] },
    }) as unknown as EventEnvelope<EventName.OrderPlaced>;

  function setup(moved: MovedSku[] | null, available = 10) {
    const stock = {
      claimOrdersLockingSkus: jest.fn(
        (_manager: unknown, orders: { orderId: string }[], _lines: unknown, _all: boolean) =>
          Promise.resolve({
            claimed: new Set(orders.map((order) => order.orderId)),
            skus: [{ skuId: sku, sellerOrgId: seller, purchasable: true, available, unitPriceFen: 990 }],
            moved,
          }),
      ),
      reserveLines: jest.fn(() => Promise.resolve([{ skuId: sku, sellerOrgId: seller, unitPriceFen: 990 }])),
    };
    const published: [string, unknown][] = [];
    const sut = new ReservationHandlers(stock as unknown as StockRepository, null!, null!, null!);
    const context = {
      manager: null,
      publish: (_cause: unknown, name: string, data: unknown) => published.push([name, data]),
    } as unknown as BatchEventContext<EventName.OrderPlaced>;
    return { sut, stock, published, context };
  }

  it('writes nothing more when the first statement took the whole batch as planned', async () => {
    const { sut, stock, published, context } = setup([{ skuId: sku, sellerOrgId: seller, unitPriceFen: 990 }]);
    const [a, b] = [randomUUID(), randomUUID()];
    await sut.handleOrderPlacedBatch([event(a), event(b)], context);
    expect(stock.claimOrdersLockingSkus.mock.calls[0][3]).toBe(true);
    expect(stock.reserveLines).not.toHaveBeenCalled();
    expect(published.map(([name]) => name)).toEqual([EventName.StockReserved, EventName.StockReserved]);
  });

  it('fails the batch (each order then goes alone) when the first statement took a batch its plan rejects part of', async () => {
    const { sut, stock, context } = setup([{ skuId: sku, sellerOrgId: seller, unitPriceFen: 990 }], 3);
    await expect(sut.handleOrderPlacedBatch([event(randomUUID()), event(randomUUID())], context)).rejects.toThrow(
      /taken whole/,
    );
    expect(stock.reserveLines).not.toHaveBeenCalled();
  });

  it('writes its plan in a second statement when the first took nothing', async () => {
    const { sut, stock, published, context } = setup(null, 3);
    await sut.handleOrderPlacedBatch([event(randomUUID()), event(randomUUID())], context);
    expect(stock.reserveLines).toHaveBeenCalledTimes(1);
    expect(published.map(([name]) => name)).toEqual([EventName.StockReserved, EventName.StockRejected]);
  });
});
