import { Principal } from '@countyflow/auth';
import { FIGURES_TIME_ZONE, figuresPeriod } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { assertCanOversee } from '../common/access';
import { Clock } from '../common/clock';
import { NodeLevel } from '../network/network.entities';
import { FiguresQueryDto, LogisticsFiguresResponseDto, NodeFiguresDto } from './figures.dto';
import { FiguresRepository } from './figures.repository';

/** The county staff dashboard's network figures: parcels by node, first kilometre, cold chain, shelves now. */
@Injectable()
export class FiguresService {
  constructor(
    private readonly figures: FiguresRepository,
    private readonly clock: Clock,
  ) {}

  async county(principal: Principal, countyCode: string, query: FiguresQueryDto): Promise<LogisticsFiguresResponseDto> {
    assertCanOversee(principal, countyCode);
    const period = figuresPeriod(query.from, query.to);
    const now = this.clock.now();
    const [nodeRows, handIns, excursions, shelved] = await Promise.all([
      this.figures.nodeCounts(countyCode, period.start, period.end),
      this.figures.handInsPerDay(countyCode, period.start, period.end),
      this.figures.excursionsPerDay(countyCode, period.start, period.end),
      this.figures.shelvedNow(countyCode, now),
    ]);
    const nodes: NodeFiguresDto[] = nodeRows.map((row) => ({
      ...row,
      // the only arrival at a village point is at the end of a parcel's way down: it is shelved there
      shelved: row.level === NodeLevel.VillagePoint ? row.arrived : 0,
    }));
    const handInsByDay = new Map(handIns.map((row) => [row.day, row]));
    const excursionsByDay = new Map(excursions.map((row) => [row.day, row]));
    const firstKilometre = period.days.map((date) => ({
      date,
      handIns: handInsByDay.get(date)?.handIns ?? 0,
      weighedGrams: handInsByDay.get(date)?.weighedGrams ?? 0,
    }));
    const excursionDays = period.days.map((date) => ({
      date,
      excursions: excursionsByDay.get(date)?.excursions ?? 0,
      shipments: excursionsByDay.get(date)?.shipments ?? 0,
    }));
    const sum = <T>(items: T[], pick: (item: T) => number): number =>
      items.reduce((total, item) => total + pick(item), 0);
    return {
      countyCode,
      from: period.from,
      to: period.to,
      timeZone: FIGURES_TIME_ZONE,
      nodes,
      firstKilometre,
      excursions: excursionDays,
      totals: {
        arrived: sum(nodes, (node) => node.arrived),
        shelved: sum(nodes, (node) => node.shelved),
        collected: sum(nodes, (node) => node.collected),
        returned: sum(nodes, (node) => node.returned),
        handIns: sum(firstKilometre, (day) => day.handIns),
        weighedGrams: sum(firstKilometre, (day) => day.weighedGrams),
        excursions: sum(excursionDays, (day) => day.excursions),
      },
      current: { asOf: now.toISOString(), ...shelved },
    };
  }
}
