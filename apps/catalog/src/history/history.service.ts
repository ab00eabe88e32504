import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { SearchRepository } from '../search/search.repository';
import { StockRepository } from '../stock/stock.repository';
import { HistorySaleImportDto, HistorySaleImportResponseDto } from './history.dto';

/**
 * The sales of past orders, imported in bulk by a platform admin next to orders' own history import, so that the
 * "sold" figure of every SKU (units sold in paid orders, net of units that came back) counts the past as well as
 * what `order.paid` events bring. Each line is stock taken in and sold at once: `received` and `sold` grow together,
 * which keeps `received + restocked = available + reserved + sold`. The order is recorded as sold here, with its
 * lines, so a later cancellation of it would restock them as for any order; an order catalog already knows is
 * skipped, which makes the import idempotent. SKUs are moved in SKU order (the documented lock order).
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly stock: StockRepository,
    private readonly search: SearchRepository,
  ) {}

  async importSales(dto: HistorySaleImportDto): Promise<HistorySaleImportResponseDto> {
    const orders = dto.orders.map((order) => ({ ...order, lines: mergeLines(order.lines) }));
    const imported = await this.db.withTransaction(async (manager) => {
      const owners = await this.stock.skuOwners(manager, [
        ...new Set(orders.flatMap((order) => order.lines.map((line) => line.skuId))),
      ]);
      for (const order of orders) {
        const stranger = order.lines.find((line) => owners.get(line.skuId) !== order.sellerOrgId);
        if (stranger) {
          throw new Problem(
            422,
            'history-unknown-sku',
            `order ${order.orderId}: SKU ${stranger.skuId} is not one of its seller's`,
            { orderId: order.orderId, skuId: stranger.skuId },
          );
        }
      }
      const fresh = new Set(await this.stock.claimPastOrders(manager, orders));
      const lines = orders
        .filter((order) => fresh.has(order.orderId))
        .flatMap((order) => order.lines.map((line) => ({ ...line, orderId: order.orderId })))
        .sort((a, b) => a.skuId.localeCompare(b.skuId) || a.orderId.localeCompare(b.orderId));
      const listingIds = new Set<string>();
      for (const line of lines) {
        listingIds.add(await this.stock.recordPastSale(manager, line));
      }
      if (listingIds.size > 0) {
        await this.search.refreshSales(manager, [...listingIds]);
      }
      return fresh.size;
    });
    return { received: dto.orders.length, imported };
  }
}

/** One line per SKU (an order's lines are keyed by SKU here). */
function mergeLines<T extends { skuId: string; quantity: number }>(lines: T[]): T[] {
  const bySku = new Map<string, T>();
  for (const line of lines) {
    const seen = bySku.get(line.skuId);
    bySku.set(line.skuId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : line);
  }
  return [...bySku.values()];
}
