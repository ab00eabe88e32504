import { Principal } from '@countyflow/auth';
import { FIGURES_TIME_ZONE, figuresPeriod, Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { StatisticsQueryDto, StatisticsResponseDto } from './statistics.dto';
import { StatisticsRepository } from './statistics.repository';

/**
 * The orders side of the statistics export (the gateway puts it together with logistics' figures as CSV / Excel):
 * the dashboard's paid orders and gross GMV, by day, county, seller, town and category, and the period's claims.
 */
@Injectable()
export class StatisticsService {
  constructor(private readonly statistics: StatisticsRepository) {}

  async get(principal: Principal, query: StatisticsQueryDto): Promise<StatisticsResponseDto> {
    const countyCode = query.countyCode ?? null;
    if (countyCode) {
      principal.assertCountyStaffOrAdmin(countyCode);
    } else if (!principal.isPlatformAdmin()) {
      throw new Problem(400, 'county-required', 'give countyCode: only platform admins see every county at once');
    }
    const period = figuresPeriod(query.from, query.to);
    const { start, end } = period;
    const [days, byCounty, bySeller, byTown, byCategory, claims] = await Promise.all([
      this.statistics.byDay(countyCode, start, end),
      this.statistics.byCounty(countyCode, start, end),
      this.statistics.bySeller(countyCode, start, end),
      this.statistics.byTown(countyCode, start, end),
      this.statistics.byCategory(countyCode, start, end),
      this.statistics.claims(countyCode, start, end),
    ]);
    const byDate = new Map(days.map((day) => [day.key, day]));
    return {
      countyCode,
      from: period.from,
      to: period.to,
      timeZone: FIGURES_TIME_ZONE,
      byDay: period.days.map(
        (date) =>
          byDate.get(date) ?? {
            key: date,
            name: null,
            countyCode: null,
            upOrders: 0,
            upGmvFen: 0,
            downOrders: 0,
            downGmvFen: 0,
          },
      ),
      byCounty,
      bySeller,
      byTown,
      byCategory,
      claims,
    };
  }
}
