import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { Problem } from './problem';

// County figures (orders and logistics answer GET /counties/{code}/figures?from&to the same way): the China-time
// day arithmetic, the period rules and the request DTOs they share.

/** Counties live in China Standard Time (UTC+8 all year, no daylight saving). */
export const FIGURES_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** The longest period one request may ask for (a year and a bit, for a year-on-year view of a whole year). */
export const MAX_FIGURES_DAYS = 400;
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2100;

/** A run of whole China-time days, inclusive, and the instants it spans: [start, end). */
export interface DayRange {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export interface FiguresPeriod extends DayRange {
  /** Every day of the period, oldest first. */
  days: string[];
  /** The same calendar days one year earlier (29 February becomes the 28th). */
  lastYear: DayRange;
}

const startOf = (date: string): Date => new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS);
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

export function dayRange(from: string, to: string): DayRange {
  return { from, to, start: startOf(from), end: startOf(addDays(to, 1)) };
}

/** The China-time calendar date of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The same month and day a year earlier; 29 February becomes 28 February. */
export function yearBefore(date: string): string {
  const [year, month, day] = date.split('-');
  const previous = String(Number(year) - 1).padStart(4, '0');
  return month === '02' && day === '29' ? `${previous}-02-28` : `${previous}-${month}-${day}`;
}

/**
 * Checks a requested period (both ends already valid YYYY-MM-DD calendar dates) and expands it: 400
 * `invalid-period` if it ends before it starts, is longer than {@link MAX_FIGURES_DAYS}, or lies outside 2000–2100.
 */
export function figuresPeriod(from: string, to: string): FiguresPeriod {
  for (const date of [from, to]) {
    const year = Number(date.slice(0, 4));
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
      throw new Problem(400, 'invalid-period', `${date} is outside ${EARLIEST_YEAR}–${LATEST_YEAR}`);
    }
  }
  const range = dayRange(from, to);
  const length = Math.round((range.end.getTime() - range.start.getTime()) / DAY_MS);
  if (length < 1) {
    throw new Problem(400, 'invalid-period', `the period ends (${to}) before it starts (${from})`);
  }
  if (length > MAX_FIGURES_DAYS) {
    throw new Problem(
      400,
      'invalid-period',
      `the period ${from} – ${to} is ${length} days; ask for at most ${MAX_FIGURES_DAYS} days at a time`,
      { days: length, maxDays: MAX_FIGURES_DAYS },
    );
  }
  const days = Array.from({ length }, (_, index) => addDays(from, index));
  return { ...range, days, lastYear: dayRange(yearBefore(from), yearBefore(to)) };
}

/** (current − previous) / previous, to 4 decimals; null when there is nothing to compare with. */
export function growthRatio(current: number, previous: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) / previous) * 10_000) / 10_000;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CountyFiguresParamDto {
  @ApiProperty({ example: '360722', pattern: '^[0-9]{6}$' })
  @Matches(/^[0-9]{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

export class FiguresQueryDto {
  @ApiProperty({ example: '2026-11-01', format: 'date', description: 'first day (China Standard Time), inclusive' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from: string;

  @ApiProperty({
    example: '2026-11-30',
    format: 'date',
    description: 'last day (China Standard Time), inclusive; at most 400 days after `from`',
  })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to: string;
}
