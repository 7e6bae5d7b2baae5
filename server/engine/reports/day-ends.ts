import type { ReportEquityPoint } from './report-trade.ts';

const DAY_MS = 86_400_000;

/** The last point of each UTC day, in order: the equity the daily statistics read. */
export function dayEndPoints<P extends Pick<ReportEquityPoint, 'timeMs'>>(points: readonly P[]): P[] {
  return points.filter((p, i) => i + 1 === points.length || Math.floor(points[i + 1].timeMs / DAY_MS) !== Math.floor(p.timeMs / DAY_MS));
}
