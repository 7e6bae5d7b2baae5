import type { CalendarRow } from './columns.ts';
import type { ReportEquityPoint, ReportTrade } from './report-trade.ts';

export const CALENDAR_PERIODS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type CalendarPeriod = (typeof CALENDAR_PERIODS)[number];

const DAY_MS = 86_400_000;

/** Start (epoch ms, UTC) of the period holding `timeMs`: the day, the ISO week (from Monday), the month or the year. */
export function periodStartOf(period: CalendarPeriod, timeMs: number): number {
  const dayStart = Math.floor(timeMs / DAY_MS) * DAY_MS;
  if (period === 'DAY') return dayStart;
  if (period === 'WEEK') {
    const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
    return dayStart - weekday * DAY_MS;
  }
  const date = new Date(dayStart);
  return period === 'MONTH' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) : Date.UTC(date.getUTCFullYear(), 0, 1);
}

/**
 * Returns by calendar period from the equity points: each period's return runs from the equity at the
 * last point of the period before (the initial capital for the first) to the equity at its own last point,
 * so the returns chain: Π (1 + r) = final equity / initial capital = 1 + ROI. Periods without a point
 * (no bar: a weekend of a stock, a gap skipped) have no row; the next row's return covers them.
 */
export function calendarReturns(points: readonly ReportEquityPoint[], initialCapital: number, period: CalendarPeriod, trades: readonly ReportTrade[] = []): CalendarRow[] {
  const rows: CalendarRow[] = [];
  const exits = Float64Array.from(trades, (t) => t.exitTimeMs).sort();
  let startEquity = initialCapital;
  let exitIndex = 0;
  for (let i = 0; i < points.length; i++) {
    const start = periodStartOf(period, points[i].timeMs);
    const last = i + 1 === points.length || periodStartOf(period, points[i + 1].timeMs) !== start;
    if (!last) continue;
    const endEquity = points[i].equity;
    // Trades are counted in the period of their exit; the last period also takes any exit after its last point.
    const until = i + 1 === points.length ? Infinity : periodStartOf(period, points[i + 1].timeMs);
    let closed = 0;
    while (exitIndex < exits.length && exits[exitIndex] < until) {
      exitIndex++;
      closed++;
    }
    rows.push({ periodStart: start, returnPct: startEquity !== 0 ? (endEquity / startEquity - 1) * 100 : 0, startEquity, endEquity, tradesClosed: closed });
    startEquity = endEquity;
  }
  return rows;
}

/** Π (1 + r/100) − 1, in percent: what the calendar rows compound to (the run's ROI). */
export function compoundedPct(rows: readonly Pick<CalendarRow, 'returnPct'>[]): number {
  let growth = 1;
  for (const row of rows) growth *= 1 + row.returnPct / 100;
  return (growth - 1) * 100;
}
