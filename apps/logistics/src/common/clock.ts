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

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar date (YYYY-MM-DD) in China Standard Time, where every county lives. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start and end instants of a China Standard Time calendar date. */
export function localDayBounds(date: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
  return { from, to: new Date(from.getTime() + 24 * 3600 * 1000) };
}

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
