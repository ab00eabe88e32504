import { Principal } from '@countyflow/auth';
import { FlowDirection } from '@countyflow/contracts';
import { FIGURES_TIME_ZONE, figuresPeriod, growthRatio } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { CountySettingService } from '../county-setting/county-setting.service';
import {
  DirectionFiguresDto,
  FiguresQueryDto,
  GrowthDto,
  OrderFigureDto,
  OrderFiguresResponseDto,
} from './figures.dto';
import { FiguresRepository, PaidOrdersRow } from './figures.repository';

const zero = (): OrderFigureDto => ({ orders: 0, gmvFen: 0 });

/** Sums rows into up / down / all. */
function byDirection(rows: PaidOrdersRow[]): DirectionFiguresDto {
  const figures = { up: zero(), down: zero(), all: zero() };
  for (const row of rows) {
    const side = row.direction === FlowDirection.Up ? figures.up : figures.down;
    side.orders += row.orders;
    side.gmvFen += row.gmvFen;
    figures.all.orders += row.orders;
    figures.all.gmvFen += row.gmvFen;
  }
  return figures;
}

const growthOf = (current: OrderFigureDto, previous: OrderFigureDto): GrowthDto => ({
  orders: growthRatio(current.orders, previous.orders),
  gmv: growthRatio(current.gmvFen, previous.gmvFen),
});

/** The county staff dashboard's order figures: paid orders and GMV, up and down, against last year and the target. */
@Injectable()
export class FiguresService {
  constructor(
    private readonly figures: FiguresRepository,
    private readonly settings: CountySettingService,
  ) {}

  async county(principal: Principal, countyCode: string, query: FiguresQueryDto): Promise<OrderFiguresResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const period = figuresPeriod(query.from, query.to);
    const [current, previous, setting] = await Promise.all([
      this.figures.paidOrders(countyCode, period.start, period.end, true),
      this.figures.paidOrders(countyCode, period.lastYear.start, period.lastYear.end, false),
      this.settings.effective(countyCode),
    ]);
    const perDay = new Map<string, PaidOrdersRow[]>();
    for (const row of current) {
      perDay.set(row.day!, [...(perDay.get(row.day!) ?? []), row]);
    }
    const totals = byDirection(current);
    const lastYear = byDirection(previous);
    const actualRatio = growthRatio(totals.all.gmvFen, lastYear.all.gmvFen);
    const targetRatio = setting.growthTargetBp / 10_000;
    return {
      countyCode,
      from: period.from,
      to: period.to,
      timeZone: FIGURES_TIME_ZONE,
      days: period.days.map((date) => ({ date, ...byDirection(perDay.get(date) ?? []) })),
      totals: { from: period.from, to: period.to, ...totals },
      lastYear: { from: period.lastYear.from, to: period.lastYear.to, ...lastYear },
      growth: {
        up: growthOf(totals.up, lastYear.up),
        down: growthOf(totals.down, lastYear.down),
        all: growthOf(totals.all, lastYear.all),
      },
      target: {
        targetRatio,
        source: setting.source,
        actualRatio,
        attainment:
          actualRatio === null || targetRatio === 0 ? null : Math.round((actualRatio / targetRatio) * 10_000) / 10_000,
        met: actualRatio === null ? null : actualRatio >= targetRatio,
      },
    };
  }
}
