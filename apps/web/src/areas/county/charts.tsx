import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useMessages } from '../../i18n';
import { ScrollTable } from './components';
import { countyMessages } from './messages';

/*
 * Small hand-written SVG charts (no chart library). Each chart sits in a <ChartCard>: a titled section whose SVG is
 * an image named by that title and a one-line summary, with a button that shows the same figures as a table.
 * Charts are drawn at the width of their card (ResizeObserver), so text stays legible at 360 px.
 */

export interface Series {
  key: string;
  label: string;
  values: number[];
  /** Colour class: series-up, series-down, series-all, series-a … (county.css). */
  tone: string;
}

/** The width of an element, following its resizes. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    setWidth(element.clientWidth);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** A round number at or above `value` (1, 2, 5 × 10ⁿ), for an axis's end. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const fraction = value / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export interface TableSpec {
  columns: string[];
  rows: (string | number)[][];
}

/** A chart's frame: title, summary, legend, the chart, and the data table toggle. */
export function ChartCard({
  title,
  summary,
  legend,
  table,
  testId,
  children,
}: {
  title: string;
  summary?: ReactNode;
  legend?: Series[];
  table: TableSpec;
  testId?: string;
  /** Draws the chart at the given width; gets the ids that name the image. */
  children: (width: number, labelledBy: string) => ReactNode;
}) {
  const t = useMessages(countyMessages);
  const titleId = useId();
  const summaryId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const [ref, width] = useWidth<HTMLDivElement>();
  return (
    <section className="card chart-card" aria-labelledby={titleId} data-testid={testId}>
      <div className="spread">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="button button-small button-secondary no-print"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? t.hideTable : t.showTable}
        </button>
      </div>
      {summary && (
        <p id={summaryId} className="chart-summary">
          {summary}
        </p>
      )}
      {legend && legend.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {legend.map((series) => (
            <li key={series.key}>
              <svg width="12" height="12" className={series.tone}>
                <rect width="12" height="12" rx="2" />
              </svg>
              {series.label}
            </li>
          ))}
        </ul>
      )}
      <div ref={ref} className="chart-box">
        {width > 0 && children(width, summary ? `${titleId} ${summaryId}` : titleId)}
      </div>
      <div id={tableId} hidden={!showTable}>
        {showTable && (
          <ScrollTable label={title}>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={column} className="num">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </div>
    </section>
  );
}

const MARGIN = { top: 10, right: 10, bottom: 26, left: 58 };
const TICKS = 4;

/** The axis's end: a round number above the data, at least `floor`; for counts a multiple of the tick count. */
function axisMax(highest: number, integer: boolean | undefined, floor = 0): number {
  const max = niceCeiling(Math.max(highest, floor));
  return integer ? Math.max(TICKS, Math.ceil(max / TICKS) * TICKS) : max;
}

function YAxis({
  max,
  plotWidth,
  plotHeight,
  format,
}: {
  max: number;
  plotWidth: number;
  plotHeight: number;
  format: (value: number) => string;
}) {
  return (
    <g className="axis">
      {Array.from({ length: TICKS + 1 }, (_, index) => {
        const value = (max / TICKS) * index;
        const y = plotHeight - (value / max) * plotHeight;
        return (
          <g key={index}>
            <line className="grid-line" x1={0} x2={plotWidth} y1={y} y2={y} />
            <text x={-6} y={y} dy="0.32em" textAnchor="end">
              {format(value)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function XLabels({
  labels,
  band,
  plotHeight,
  format,
}: {
  labels: string[];
  band: number;
  plotHeight: number;
  format: (label: string) => string;
}) {
  const every = Math.max(1, Math.ceil(42 / band));
  return (
    <g className="axis">
      {labels.map((label, index) =>
        (labels.length - 1 - index) % every === 0 ? (
          <text key={label} x={band * index + band / 2} y={plotHeight + 16} textAnchor="middle">
            {format(label)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** Bars over time (days): stacked or side by side. */
export function BarChart({
  width,
  labelledBy,
  labels,
  series,
  stacked,
  height = 220,
  integer,
  floor,
  formatValue,
  formatAxis,
  formatLabel,
}: {
  width: number;
  labelledBy: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  height?: number;
  /** Counts: whole-number ticks. */
  integer?: boolean;
  /** The axis reaches at least this far (so an all-zero chart still has a readable scale). */
  floor?: number;
  formatValue: (value: number) => string;
  formatAxis?: (value: number) => string;
  formatLabel: (label: string) => string;
}) {
  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const totals = labels.map((_, index) =>
    stacked
      ? series.reduce((sum, item) => sum + item.values[index], 0)
      : Math.max(0, ...series.map((item) => item.values[index])),
  );
  const max = axisMax(Math.max(0, ...totals), integer, floor);
  const band = plotWidth / Math.max(1, labels.length);
  const barWidth = Math.max(1, band * 0.72);
  const scale = (value: number) => (value / max) * plotHeight;
  return (
    <svg role="img" aria-labelledby={labelledBy} width={width} height={height} className="chart">
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        <YAxis max={max} plotWidth={plotWidth} plotHeight={plotHeight} format={formatAxis ?? formatValue} />
        {labels.map((label, index) => {
          const x = band * index + (band - barWidth) / 2;
          let base = plotHeight;
          return (
            <g key={label}>
              {series.map((item, position) => {
                const value = item.values[index];
                const barHeight = scale(value);
                const width = stacked ? barWidth : barWidth / series.length;
                const left = stacked ? x : x + width * position;
                const top = stacked ? base - barHeight : plotHeight - barHeight;
                if (stacked) {
                  base -= barHeight;
                }
                return (
                  <rect
                    key={item.key}
                    className={`bar ${item.tone}`}
                    x={left}
                    y={top}
                    width={Math.max(0.5, width - (stacked ? 0 : 1))}
                    height={Math.max(0, barHeight)}
                  >
                    <title>{`${formatLabel(label)} · ${item.label}: ${formatValue(value)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        <line className="axis-line" x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} />
        <XLabels labels={labels} band={band} plotHeight={plotHeight} format={formatLabel} />
      </g>
    </svg>
  );
}

/** Lines over time (days), with dots when there are few days. */
export function LineChart({
  width,
  labelledBy,
  labels,
  series,
  height = 220,
  integer,
  formatValue,
  formatLabel,
}: {
  width: number;
  labelledBy: string;
  labels: string[];
  series: Series[];
  height?: number;
  integer?: boolean;
  formatValue: (value: number) => string;
  formatLabel: (label: string) => string;
}) {
  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const max = axisMax(Math.max(0, ...series.flatMap((item) => item.values)), integer);
  const band = plotWidth / Math.max(1, labels.length);
  const x = (index: number) => band * index + band / 2;
  const y = (value: number) => plotHeight - (value / max) * plotHeight;
  const dots = labels.length <= 45;
  return (
    <svg role="img" aria-labelledby={labelledBy} width={width} height={height} className="chart">
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        <YAxis max={max} plotWidth={plotWidth} plotHeight={plotHeight} format={formatValue} />
        {series.map((item) => (
          <g key={item.key} className={`line ${item.tone}`}>
            <polyline points={item.values.map((value, index) => `${x(index)},${y(value)}`).join(' ')} />
            {dots &&
              item.values.map((value, index) => (
                <circle key={labels[index]} cx={x(index)} cy={y(value)} r={3}>
                  <title>{`${formatLabel(labels[index])} · ${item.label}: ${formatValue(value)}`}</title>
                </circle>
              ))}
          </g>
        ))}
        <line className="axis-line" x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} />
        <XLabels labels={labels} band={band} plotHeight={plotHeight} format={formatLabel} />
      </g>
    </svg>
  );
}

/**
 * Horizontal bars, one group per category (a node, a direction), the category's name above its bars so that long
 * names fit a phone. Values may be negative (growth); `reference` draws a dashed line (a target).
 */
export function HBarChart({
  width,
  labelledBy,
  categories,
  series,
  formatValue,
  reference,
  missing,
}: {
  width: number;
  labelledBy: string;
  categories: string[];
  series: Series[];
  formatValue: (value: number) => string;
  reference?: { value: number; label: string };
  /** Said instead of a bar for a null value. */
  missing?: string;
}) {
  const bar = 14;
  const labelHeight = 18;
  const gap = 10;
  const rowHeight = labelHeight + series.length * (bar + 2) + gap;
  const valueRoom = 64;
  const left = 8;
  const plotWidth = Math.max(40, width - left - valueRoom);
  const values = series.flatMap((item) => item.values.filter((value) => Number.isFinite(value)));
  const low = Math.min(0, ...values, reference?.value ?? 0);
  const high = Math.max(0, ...values, reference?.value ?? 0);
  const min = low < 0 ? -niceCeiling(-low) : 0;
  const max = high > 0 ? niceCeiling(high) : 1;
  const x = (value: number) => left + ((value - min) / (max - min)) * plotWidth;
  const top = reference ? 18 : 4;
  const height = top + categories.length * rowHeight + 4;
  return (
    <svg role="img" aria-labelledby={labelledBy} width={width} height={height} className="chart">
      {reference && (
        <g className="reference">
          <line x1={x(reference.value)} x2={x(reference.value)} y1={top - 4} y2={height - 4} />
          <text x={x(reference.value)} y={12} textAnchor="middle">
            {reference.label}
          </text>
        </g>
      )}
      <line className="axis-line" x1={x(0)} x2={x(0)} y1={top - 4} y2={height - 4} />
      {categories.map((category, row) => {
        const rowTop = top + row * rowHeight;
        return (
          <g key={`${category}-${row}`}>
            <text className="category-label" x={left} y={rowTop + 12}>
              {category}
            </text>
            {series.map((item, position) => {
              const value = item.values[row];
              const y = rowTop + labelHeight + position * (bar + 2);
              if (!Number.isFinite(value)) {
                return (
                  <text key={item.key} className="value-label muted-label" x={x(0) + 4} y={y + bar - 3}>
                    {missing ?? '—'}
                  </text>
                );
              }
              const start = Math.min(x(0), x(value));
              const length = Math.abs(x(value) - x(0));
              return (
                <g key={item.key}>
                  <rect className={`bar ${item.tone}`} x={start} y={y} width={Math.max(1, length)} height={bar}>
                    <title>{`${category} · ${item.label}: ${formatValue(value)}`}</title>
                  </rect>
                  <text className="value-label" x={Math.max(x(0), x(value)) + 4} y={y + bar - 3}>
                    {formatValue(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
