import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { assertCanManageListing, canOverseeListing } from '../listing/listing-access';
import { Listing, Sku } from '../listing/listing.entity';
import { ListingRepository } from '../listing/listing.repository';
import { SearchRepository } from '../search/search.repository';
import { mapSkuStock, SkuStockResponseDto, StockAdjustmentDto } from './stock.dto';
import { MovementKind } from './stock.entity';
import { StockRepository } from './stock.repository';

/** A seller's own view of its stock: figures, the ledger, and adjustments with a reason. */
@Injectable()
export class StockService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly stock: StockRepository,
    private readonly listings: ListingRepository,
    private readonly search: SearchRepository,
  ) {}

  async get(principal: Principal, skuId: string, limit = 50): Promise<SkuStockResponseDto> {
    const { sku, listing } = await this.requireSku(skuId);
    if (!canOverseeListing(principal, listing)) {
      assertCanManageListing(principal, listing, await this.search.isPublic(this.db.manager, listing.id));
    }
    return mapSkuStock(sku, await this.stock.movements(skuId, limit));
  }

  async adjust(principal: Principal, skuId: string, dto: StockAdjustmentDto): Promise<SkuStockResponseDto> {
    const { sku, listing } = await this.requireSku(skuId);
    assertCanManageListing(principal, listing, await this.search.isPublic(this.db.manager, listing.id));
    const kind = dto.kind ?? MovementKind.Adjusted;
    if (kind === MovementKind.Received && dto.delta < 0) {
      throw new Problem(
        400,
        'received-must-be-positive',
        'a delivery (kind received) adds units; use kind adjusted to take units away',
      );
    }
    const moved = await this.db.withTransaction((manager) =>
      this.stock.move(manager, kind, skuId, dto.delta, { reason: dto.reason.trim(), actorId: principal.userId }),
    );
    if (!moved) {
      const current = (await this.listings.findSku(skuId, this.db.manager)) ?? sku;
      throw new Problem(
        409,
        'stock-below-zero',
        `SKU ${skuId} has ${current.available} units available; taking away ${-dto.delta} would leave less than none`,
        { available: current.available },
      );
    }
    return this.get(principal, skuId, 20);
  }

  private async requireSku(skuId: string): Promise<{ sku: Sku; listing: Listing }> {
    const sku = await this.listings.findSku(skuId, this.db.manager);
    const listing = sku ? await this.listings.find(sku.listingId, this.db.manager) : null;
    if (!sku || !listing) {
      throw new Problem(404, 'sku-not-found', `no SKU ${skuId}`);
    }
    return { sku, listing };
  }
}
