import { FlowDirection, ListingChanged, TemperatureRequirement } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { OrgCopyStatus } from '../organisation/org-copy.entity';
import { ListingCopy, SkuOffer } from './listing.entities';

@Injectable()
export class ListingRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Applies the listing's state unless a newer version is already kept; returns whether it applied. */
  async applyIfNewer(manager: EntityManager, listing: ListingChanged): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO listing_copy (listing_id, version, seller_org_id, seller_name, county_code, direction, title,
                                 purchasable, status, temperature, origin_village_code, weight_tolerance_grams,
                                 category_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (listing_id) DO UPDATE SET
         version = EXCLUDED.version, seller_org_id = EXCLUDED.seller_org_id, seller_name = EXCLUDED.seller_name,
         county_code = EXCLUDED.county_code, direction = EXCLUDED.direction, title = EXCLUDED.title,
         purchasable = EXCLUDED.purchasable, status = EXCLUDED.status, temperature = EXCLUDED.temperature,
         origin_village_code = EXCLUDED.origin_village_code,
         weight_tolerance_grams = EXCLUDED.weight_tolerance_grams,
         category_id = coalesce(EXCLUDED.category_id, listing_copy.category_id), updated_at = now()
       WHERE listing_copy.version < EXCLUDED.version
       RETURNING listing_id`,
      [
        listing.listingId,
        listing.version,
        listing.sellerOrgId,
        listing.sellerName,
        listing.countyCode,
        listing.direction,
        listing.title,
        listing.purchasable,
        listing.status,
        JSON.stringify(listing.temperature),
        listing.originVillageCode,
        listing.weightToleranceGrams,
        listing.categoryId ?? null,
      ],
    );
    if (applied.length === 0) {
      return false;
    }
    const skus = listing.skus;
    await manager.query(
      `INSERT INTO sku_copy (sku_id, listing_id, spec, price_fen, weight_grams, volume_ml, barcode, removed)
       SELECT s.sku_id, $1, s.spec, s.price_fen, s.weight_grams, s.volume_ml, s.barcode, false
         FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::int[], $6::int[], $7::text[])
           AS s(sku_id, spec, price_fen, weight_grams, volume_ml, barcode)
       ON CONFLICT (sku_id) DO UPDATE SET
         listing_id = EXCLUDED.listing_id, spec = EXCLUDED.spec, price_fen = EXCLUDED.price_fen,
         weight_grams = EXCLUDED.weight_grams, volume_ml = EXCLUDED.volume_ml, barcode = EXCLUDED.barcode,
         removed = false`,
      [
        listing.listingId,
        skus.map((sku) => sku.skuId),
        skus.map((sku) => sku.spec),
        skus.map((sku) => sku.priceFen),
        skus.map((sku) => sku.weightGrams),
        skus.map((sku) => sku.volumeMl),
        skus.map((sku) => sku.barcode),
      ],
    );
    await manager.query(`UPDATE sku_copy SET removed = true WHERE listing_id = $1 AND NOT (sku_id = ANY($2::uuid[]))`, [
      listing.listingId,
      skus.map((sku) => sku.skuId),
    ]);
    return true;
  }

  /** The listings kept, of those named. */
  findListings(listingIds: string[]): Promise<ListingCopy[]> {
    return listingIds.length > 0
      ? this.db.manager.getRepository(ListingCopy).findBy({ listingId: In(listingIds) })
      : Promise.resolve([]);
  }

  /** The SKUs asked for, each with its listing and what orders knows of the seller (one query); unknown ids are absent. */
  async findOffers(skuIds: string[]): Promise<Map<string, SkuOffer>> {
    const rows = await this.db.manager.query<OfferRow[]>(
      `SELECT ${OFFER_COLUMNS}
         FROM ${OFFER_TABLES}
        WHERE s.sku_id = ANY($1::uuid[])`,
      [skuIds],
    );
    return new Map(rows.map((row) => [row.sku_id, offerOf(row)]));
  }
}

/** An offer's columns and the tables they come from (`s` the SKU, `l` its listing, `o` the seller's copy). */
export const OFFER_COLUMNS = `s.sku_id, s.listing_id, s.spec, s.price_fen, s.weight_grams, s.volume_ml, s.barcode, s.removed,
       l.version, l.seller_org_id, l.seller_name, l.county_code, l.direction, l.title, l.purchasable, l.status,
       l.temperature, l.origin_village_code, l.weight_tolerance_grams, l.category_id, l.updated_at,
       o.name AS seller_org_name, o.village_code AS seller_village_code, o.status AS seller_status`;
export const OFFER_TABLES = `sku_copy s JOIN listing_copy l ON l.listing_id = s.listing_id
       LEFT JOIN org_copy o ON o.org_id = l.seller_org_id`;

/** A row of {@link OFFER_COLUMNS} as the offer it describes. */
export function offerOf(row: OfferRow): SkuOffer {
  return {
    sku: {
      skuId: row.sku_id,
      listingId: row.listing_id,
      spec: row.spec,
      priceFen: Number(row.price_fen),
      weightGrams: row.weight_grams,
      volumeMl: row.volume_ml,
      barcode: row.barcode,
      removed: row.removed,
    },
    listing: {
      listingId: row.listing_id,
      version: row.version,
      sellerOrgId: row.seller_org_id,
      sellerName: row.seller_name,
      countyCode: row.county_code,
      direction: row.direction,
      title: row.title,
      purchasable: row.purchasable,
      status: row.status,
      temperature: row.temperature,
      originVillageCode: row.origin_village_code,
      weightToleranceGrams: row.weight_tolerance_grams,
      categoryId: row.category_id,
      updatedAt: row.updated_at,
    },
    seller: row.seller_status
      ? { name: row.seller_org_name!, villageCode: row.seller_village_code, status: row.seller_status }
      : null,
  };
}

export interface OfferRow {
  sku_id: string;
  listing_id: string;
  spec: string;
  price_fen: string;
  weight_grams: number;
  volume_ml: number;
  barcode: string | null;
  removed: boolean;
  version: number;
  seller_org_id: string;
  seller_name: string;
  county_code: string;
  direction: FlowDirection;
  title: string;
  purchasable: boolean;
  status: string;
  temperature: TemperatureRequirement;
  origin_village_code: string | null;
  weight_tolerance_grams: number | null;
  category_id: string | null;
  updated_at: Date;
  seller_org_name: string | null;
  seller_village_code: string | null;
  seller_status: OrgCopyStatus | null;
}
