import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" in logistics (shelving, retention deadlines, webhook freshness, run dates), wrapped so
 * that tests can move time forward without sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: moves this process's notion of now forward (or back) by `ms`. */
  travel(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** The calendar date (YYYY-MM-DD) in China Standard Time, where every county lives. */
export { chinaDate as localDate } from '@countyflow/kernel';

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A deadline as recipients read it: month/day hour:minute in China Standard Time. */
export function formatLocal(at: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
