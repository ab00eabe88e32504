import { useState } from 'react';
import { useMessages } from '../../../i18n';
import { AsyncView, ErrorState, Loading, Page, useApi } from '../../../ui';
import { countyApi, type LogisticsFigures, type OrderFigures } from '../api';
import { BarChart, ChartCard, HBarChart, LineChart, type Series } from '../charts';
import { DateRangePicker, presetRange, useCountyFormat, type DateRange } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <p className="kpi-label">{label}</p>
      <p className="kpi-value">{value}</p>
      {hint && <p className="kpi-hint">{hint}</p>}
    </div>
  );
}

function OrderCharts({ figures }: { figures: OrderFigures }) {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const labels = figures.days.map((day) => day.date);
  const gmv: Series[] = [
    { key: 'up', label: t.up, tone: 'series-up', values: figures.days.map((day) => day.up.gmvFen) },
    { key: 'down', label: t.down, tone: 'series-down', values: figures.days.map((day) => day.down.gmvFen) },
  ];
  const orders: Series[] = [
    { key: 'up', label: t.up, tone: 'series-up', values: figures.days.map((day) => day.up.orders) },
    { key: 'down', label: t.down, tone: 'series-down', values: figures.days.map((day) => day.down.orders) },
  ];
  const { totals, lastYear, growth, target } = figures;
  const growthValue = (ratio: number | null) => (ratio === null ? Number.NaN : ratio);
  const growthSeries: Series[] = [
    {
      key: 'gmv',
      label: t.gmvGrowth,
      tone: 'series-all',
      values: [growth.all.gmv, growth.up.gmv, growth.down.gmv].map(growthValue),
    },
    {
      key: 'orders',
      label: t.ordersGrowth,
      tone: 'series-a',
      values: [growth.all.orders, growth.up.orders, growth.down.orders].map(growthValue),
    },
  ];
  const showGrowth = (ratio: number | null) => (ratio === null ? t.noLastYear : f.growth(ratio));
  return (
    <>
      <ChartCard
        title={t.chartGmv}
        testId="chart-gmv"
        summary={t.chartGmvSummary(f.fen(totals.all.gmvFen), f.fen(totals.up.gmvFen), f.fen(totals.down.gmvFen))}
        legend={gmv}
        table={{
          columns: [t.date, t.gmvUp, t.gmvDown, t.gmvAll],
          rows: figures.days.map((day) => [
            day.date,
            f.fen(day.up.gmvFen),
            f.fen(day.down.gmvFen),
            f.fen(day.all.gmvFen),
          ]),
        }}
      >
        {(width, labelledBy) => (
          <BarChart
            width={width}
            labelledBy={labelledBy}
            labels={labels}
            series={gmv}
            stacked
            floor={10000}
            formatValue={f.fen}
            formatAxis={f.yuan}
            formatLabel={f.day}
          />
        )}
      </ChartCard>
      <ChartCard
        title={t.chartOrders}
        testId="chart-orders"
        summary={t.chartOrdersSummary(totals.all.orders, totals.up.orders, totals.down.orders)}
        legend={orders}
        table={{
          columns: [t.date, t.ordersUp, t.ordersDown, t.ordersAll],
          rows: figures.days.map((day) => [day.date, day.up.orders, day.down.orders, day.all.orders]),
        }}
      >
        {(width, labelledBy) => (
          <LineChart
            width={width}
            labelledBy={labelledBy}
            labels={labels}
            series={orders}
            integer
            formatValue={f.num}
            formatLabel={f.day}
          />
        )}
      </ChartCard>
      <ChartCard
        title={t.chartGrowth}
        testId="chart-growth"
        summary={
          target.actualRatio === null
            ? t.growthNoBase(f.pct(target.targetRatio))
            : t.growthSummary(f.growth(target.actualRatio), f.pct(target.targetRatio), Boolean(target.met))
        }
        legend={growthSeries}
        table={{
          columns: [
            t.direction,
            t.thisPeriodGmv,
            t.lastYearGmv,
            t.gmvGrowth,
            t.thisPeriodOrders,
            t.lastYearOrders,
            t.ordersGrowth,
          ],
          rows: (['all', 'up', 'down'] as const).map((key) => [
            t.directionName(key),
            f.fen(totals[key].gmvFen),
            f.fen(lastYear[key].gmvFen),
            showGrowth(growth[key].gmv),
            totals[key].orders,
            lastYear[key].orders,
            showGrowth(growth[key].orders),
          ]),
        }}
      >
        {(width, labelledBy) => (
          <HBarChart
            width={width}
            labelledBy={labelledBy}
            categories={[t.directionName('all'), t.directionName('up'), t.directionName('down')]}
            series={growthSeries}
            formatValue={f.growth}
            reference={{ value: target.targetRatio, label: t.targetLine(f.pct(target.targetRatio)) }}
            missing={t.noLastYear}
          />
        )}
      </ChartCard>
    </>
  );
}

function LogisticsCharts({ figures }: { figures: LogisticsFigures }) {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const labels = figures.firstKilometre.map((day) => day.date);
  const nodes = figures.nodes.filter((node) => node.arrived + node.collected + node.returned + node.handedIn > 0);
  const nodeSeries: Series[] = [
    { key: 'arrived', label: t.parcelsArrived, tone: 'series-down', values: nodes.map((node) => node.arrived) },
    { key: 'collected', label: t.parcelsCollected, tone: 'series-all', values: nodes.map((node) => node.collected) },
    { key: 'handedIn', label: t.parcelsHandedIn, tone: 'series-up', values: nodes.map((node) => node.handedIn) },
    { key: 'returned', label: t.parcelsReturned, tone: 'series-bad', values: nodes.map((node) => node.returned) },
  ];
  const firstKm: Series[] = [
    {
      key: 'weight',
      label: t.handInWeight,
      tone: 'series-up',
      values: figures.firstKilometre.map((day) => day.weighedGrams),
    },
  ];
  const excursions: Series[] = [
    {
      key: 'excursions',
      label: t.excursionReadings,
      tone: 'series-bad',
      values: figures.excursions.map((day) => day.excursions),
    },
  ];
  return (
    <>
      <ChartCard
        title={t.chartNodes}
        testId="chart-nodes"
        summary={t.chartNodesSummary(figures.totals.arrived, figures.totals.collected, figures.totals.returned)}
        legend={nodeSeries}
        table={{
          columns: [t.node, t.nodeCode, t.parcelsArrived, t.parcelsCollected, t.parcelsHandedIn, t.parcelsReturned],
          rows: figures.nodes.map((node) => [
            node.name,
            node.code,
            node.arrived,
            node.collected,
            node.handedIn,
            node.returned,
          ]),
        }}
      >
        {(width, labelledBy) =>
          nodes.length === 0 ? (
            <p className="muted chart-empty">{figures.nodes.length === 0 ? t.noNodesYet : t.noParcelsInPeriod}</p>
          ) : (
            <HBarChart
              width={width}
              labelledBy={labelledBy}
              categories={nodes.map((node) => `${node.name} (${node.code})`)}
              series={nodeSeries}
              formatValue={f.num}
            />
          )
        }
      </ChartCard>
      <ChartCard
        title={t.chartFirstKm}
        testId="chart-first-km"
        summary={t.chartFirstKmSummary(figures.totals.handIns, f.kg(figures.totals.weighedGrams))}
        table={{
          columns: [t.date, t.handIns, t.handInWeight],
          rows: figures.firstKilometre.map((day) => [day.date, day.handIns, f.kg(day.weighedGrams)]),
        }}
      >
        {(width, labelledBy) => (
          <BarChart
            width={width}
            labelledBy={labelledBy}
            labels={labels}
            series={firstKm}
            height={180}
            floor={2000}
            formatValue={f.kg}
            formatLabel={f.day}
          />
        )}
      </ChartCard>
      <ChartCard
        title={t.chartExcursions}
        testId="chart-excursions"
        summary={t.chartExcursionsSummary(
          figures.totals.excursions,
          figures.excursions.reduce((sum, day) => sum + day.shipments, 0),
        )}
        table={{
          columns: [t.date, t.excursionReadings, t.excursionParcels],
          rows: figures.excursions.map((day) => [day.date, day.excursions, day.shipments]),
        }}
      >
        {(width, labelledBy) => (
          <BarChart
            width={width}
            labelledBy={labelledBy}
            labels={figures.excursions.map((day) => day.date)}
            series={excursions}
            height={160}
            integer
            formatValue={f.num}
            formatLabel={f.day}
          />
        )}
      </ChartCard>
    </>
  );
}

export function DashboardPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const [range, setRange] = useState<DateRange>(() => presetRange(30));
  const orders = useApi(['county', 'DashboardPage.ordersFigures', code, range.from, range.to], (signal) =>
    countyApi.orders.figures(code, range.from, range.to, signal),
  );
  const logistics = useApi(['county', 'DashboardPage.logisticsFigures', code, range.from, range.to], (signal) =>
    countyApi.logistics.figures(code, range.from, range.to, signal),
  );
  const o = orders.data;
  const l = logistics.data;
  return (
    <Page title={t.dashboardTitle} className="county-dashboard">
      <div className="spread dashboard-head">
        <p className="muted">{t.periodLine(f.date(range.from), f.date(range.to))}</p>
        <DateRangePicker value={range} onChange={setRange} />
      </div>
      <div className="kpis" aria-busy={orders.loading || logistics.loading}>
        {o && (
          <>
            <Kpi
              testId="kpi-gmv"
              label={t.gmvAll}
              value={f.fen(o.totals.all.gmvFen)}
              hint={t.ordersCount(o.totals.all.orders)}
            />
            <Kpi label={t.gmvUp} value={f.fen(o.totals.up.gmvFen)} hint={t.ordersCount(o.totals.up.orders)} />
            <Kpi label={t.gmvDown} value={f.fen(o.totals.down.gmvFen)} hint={t.ordersCount(o.totals.down.orders)} />
            <Kpi
              label={t.growthVsTarget}
              value={o.target.actualRatio === null ? t.noLastYear : f.growth(o.target.actualRatio)}
              hint={
                o.target.met === null
                  ? t.targetIs(f.pct(o.target.targetRatio))
                  : o.target.met
                    ? t.targetMet(f.pct(o.target.targetRatio))
                    : t.targetMissed(f.pct(o.target.targetRatio))
              }
            />
          </>
        )}
        {l && (
          <>
            <Kpi
              label={t.awaitingPickup}
              value={f.num(l.current.awaitingPickup)}
              hint={t.overdueNow(l.current.overdue)}
            />
            <Kpi label={t.firstKm} value={f.kg(l.totals.weighedGrams)} hint={t.handInsCount(l.totals.handIns)} />
          </>
        )}
      </div>
      <h2 className="section-heading">{t.sectionTrade}</h2>
      <AsyncView data={orders.data} error={orders.error} loading={orders.loading} onRetry={orders.reload}>
        {(figures) => <OrderCharts figures={figures} />}
      </AsyncView>
      <h2 className="section-heading">{t.sectionNetwork}</h2>
      {logistics.error ? (
        <ErrorState error={logistics.error} onRetry={logistics.reload} />
      ) : l ? (
        <LogisticsCharts figures={l} />
      ) : (
        <Loading />
      )}
    </Page>
  );
}
