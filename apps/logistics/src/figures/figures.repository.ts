import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { NodeLevel } from '../network/network.entities';

export interface NodeCountsRow {
  nodeId: string;
  code: string;
  name: string;
  level: NodeLevel;
  arrived: number;
  collected: number;
  returned: number;
  handedIn: number;
}

const CHINA_DAY = (column: string): string => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

/**
 * Reads for the county figures. Each starts from the county's nodes (`node_county`) and reaches scans through
 * `scan_figures` (node, kind, time; a hand-in's weight included: index-only), shelved parcels through
 * `shipment_custody`.
 */
@Injectable()
export class FiguresRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Per town station and village point: scans in, collections, returns started and hand-ins in [start, end). */
  async nodeCounts(countyCode: string, start: Date, end: Date): Promise<NodeCountsRow[]> {
    const rows = await this.db.manager.query<Record<string, string>[]>(
      `SELECT n.id, n.code, n.name, n.level,
              count(*) FILTER (WHERE s.kind = 'arrived') AS arrived,
              count(*) FILTER (WHERE s.kind = 'collected') AS collected,
              count(*) FILTER (WHERE s.kind = 'return_started') AS returned,
              count(*) FILTER (WHERE s.kind = 'handed_in') AS handed_in
         FROM node n
         LEFT JOIN scan s ON s.node_id = n.id AND s.at >= $2 AND s.at < $3
                         AND s.kind IN ('handed_in', 'arrived', 'collected', 'return_started')
        WHERE n.county_code = $1 AND n.level IN ('town_station', 'village_point')
        GROUP BY n.id
        ORDER BY n.code`,
      [countyCode, start, end],
    );
    return rows.map((row) => ({
      nodeId: row.id,
      code: row.code,
      name: row.name,
      level: row.level as NodeLevel,
      arrived: Number(row.arrived),
      collected: Number(row.collected),
      returned: Number(row.returned),
      handedIn: Number(row.handed_in),
    }));
  }

  /** Produce handed in at the county's village points per China-time day: parcels and weighed grams. */
  async handInsPerDay(
    countyCode: string,
    start: Date,
    end: Date,
  ): Promise<{ day: string; handIns: number; weighedGrams: number }[]> {
    const rows = await this.db.manager.query<{ day: string; hand_ins: string; grams: string }[]>(
      `SELECT ${CHINA_DAY('s.at')} AS day, count(*) AS hand_ins,
              coalesce(sum(s.weighed_grams), 0) AS grams
         FROM node n
         JOIN scan s ON s.node_id = n.id AND s.kind = 'handed_in' AND s.at >= $2 AND s.at < $3
        WHERE n.county_code = $1 AND n.level = 'village_point'
        GROUP BY 1`,
      [countyCode, start, end],
    );
    return rows.map((row) => ({ day: row.day, handIns: Number(row.hand_ins), weighedGrams: Number(row.grams) }));
  }

  /** Cold-chain excursions of the county's shipments per China-time day: readings and distinct parcels. */
  async excursionsPerDay(
    countyCode: string,
    start: Date,
    end: Date,
  ): Promise<{ day: string; excursions: number; shipments: number }[]> {
    const rows = await this.db.manager.query<{ day: string; excursions: string; shipments: string }[]>(
      `SELECT ${CHINA_DAY('r.at')} AS day, count(*) AS excursions, count(DISTINCT r.shipment_id) AS shipments
         FROM temperature_reading r
         JOIN shipment s ON s.id = r.shipment_id
        WHERE r.excursion AND r.at >= $2 AND r.at < $3 AND s.county_code = $1
        GROUP BY 1`,
      [countyCode, start, end],
    );
    return rows.map((row) => ({
      day: row.day,
      excursions: Number(row.excursions),
      shipments: Number(row.shipments),
    }));
  }

  /** Parcels on the shelves of the county's village points now, and how many of them are past their deadline. */
  async shelvedNow(countyCode: string, now: Date): Promise<{ awaitingPickup: number; overdue: number }> {
    const [row] = await this.db.manager.query<{ awaiting: string; overdue: string }[]>(
      `SELECT count(*) AS awaiting, count(*) FILTER (WHERE s.collect_by <= $2) AS overdue
         FROM node n
         JOIN shipment s ON s.custody_node_id = n.id AND s.status = 'ready_for_pickup'
        WHERE n.county_code = $1 AND n.level = 'village_point'`,
      [countyCode, now],
    );
    return { awaitingPickup: Number(row.awaiting), overdue: Number(row.overdue) };
  }
}
