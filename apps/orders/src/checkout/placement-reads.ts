import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { FreightRegion, FreightTemplate } from '../freight/freight.entity';
import { SkuOffer } from '../listing/listing.entities';
import { OFFER_COLUMNS, OFFER_TABLES, offerOf, OfferRow } from '../listing/listing.repository';

/** What placing a basket reads before its transaction (docs/orders.md "Checkout"). */
export interface PlacementSnapshot {
  /** The caller already placed a group under this Idempotency-Key (the replay path reads it again, in full). */
  keyUsed: boolean;
  /** The SKUs asked for, each with its listing and seller; unknown ids are absent. */
  offers: Map<string, SkuOffer>;
  /** The freight templates of the sellers of those SKUs, by seller (a seller without one ships free). */
  templates: Map<string, FreightTemplate>;
}

interface SnapshotRow extends Partial<OfferRow> {
  key_used: boolean;
  freight_seller_org_id: string | null;
  first_kg_fen: number | null;
  additional_kg_fen: number | null;
  regions: FreightRegion[] | null;
  free_above_fen: string | null;
  cold_chain_surcharge_fen: number | null;
  pickup_fee_fen: number | null;
  updated_by: string | null;
  freight_updated_at: Date | null;
}

/**
 * The checkout's reads in one statement: whether the Idempotency-Key was used, the offers and their sellers'
 * freight templates. They were three round trips (two through TypeORM's query builder and entity hydration) before
 * the transaction, each a pool checkout, a socket write and a parse/plan in PostgreSQL; the profile of orders' api
 * at the platform bench's checkout load put about an eighth of its CPU in them.
 */
@Injectable()
export class PlacementReads {
  constructor(private readonly db: TransactionalConnection) {}

  async read(skuIds: string[], key: { placedBy: string; idempotencyKey: string } | null): Promise<PlacementSnapshot> {
    // the one-row `used` keeps the key's answer when no SKU is known; every offer row repeats it
    const rows = await this.db.manager.query<SnapshotRow[]>(
      `SELECT used.key_used, offer.*
         FROM (SELECT EXISTS (SELECT 1 FROM order_group WHERE placed_by = $2 AND idempotency_key = $3) AS key_used) used
         LEFT JOIN (
           SELECT ${OFFER_COLUMNS},
                  t.seller_org_id AS freight_seller_org_id, t.first_kg_fen, t.additional_kg_fen, t.regions,
                  t.free_above_fen, t.cold_chain_surcharge_fen, t.pickup_fee_fen, t.updated_by,
                  t.updated_at AS freight_updated_at
             FROM ${OFFER_TABLES}
             LEFT JOIN freight_template t ON t.seller_org_id = l.seller_org_id
            WHERE s.sku_id = ANY($1::uuid[])
         ) offer ON true`,
      [skuIds, key?.placedBy ?? null, key?.idempotencyKey ?? null],
    );
    const offers = new Map<string, SkuOffer>();
    const templates = new Map<string, FreightTemplate>();
    for (const row of rows) {
      if (!row.sku_id) {
        continue;
      }
      offers.set(row.sku_id, offerOf(row as OfferRow));
      if (row.freight_seller_org_id && !templates.has(row.freight_seller_org_id)) {
        templates.set(row.freight_seller_org_id, templateOf(row));
      }
    }
    return { keyUsed: rows[0]?.key_used ?? false, offers, templates };
  }
}

/** The template as the entity TypeORM would have loaded (bigint as a number). */
function templateOf(row: SnapshotRow): FreightTemplate {
  return Object.assign(new FreightTemplate(), {
    sellerOrgId: row.freight_seller_org_id!,
    firstKgFen: row.first_kg_fen!,
    additionalKgFen: row.additional_kg_fen!,
    regions: row.regions!,
    freeAboveFen: row.free_above_fen === null ? null : Number(row.free_above_fen),
    coldChainSurchargeFen: row.cold_chain_surcharge_fen!,
    pickupFeeFen: row.pickup_fee_fen!,
    updatedBy: row.updated_by!,
    updatedAt: row.freight_updated_at!,
  });
}
