import type { EntityManager } from '@mikro-orm/postgresql';
import { dayEndBars, downsampleEquity, type BacktestResult } from '../engine/index.ts';
import { BacktestEquityPoint, type IBacktestEquityPoint } from './backtest-equity-point.entity.ts';
import type { EquityPointData } from './backtest.events.ts';

/** Stored equity points per run: enough for any chart, with every extreme kept by the downsampler. */
export const STORED_EQUITY_POINTS = 2000;
/** Bounds of a chart request: the downsampler keeps first, last, lowest and highest at the least. */
export const MIN_CHART_POINTS = 4;
export const MAX_CHART_POINTS = 5000;

/** A stored point as the API and the live stream serve it (the one equity-point shape). */
export function equityPointOf(row: IBacktestEquityPoint): EquityPointData {
  return { timeMs: row.timestamp.getTime(), equity: row.equity, cash: row.cash, openPositions: row.openPositions, totalTrades: row.totalTrades, drawdownPct: row.drawdown };
}

/**
 * Indices of the bars stored: the curve downsampled with its extremes, plus the last bar of every UTC day
 * (up to STORED_EQUITY_POINTS days), so the day, week and month returns of the reports are exact.
 */
function storedBars(timeMs: Float64Array, equity: Float64Array): Int32Array {
  const shape = downsampleEquity(timeMs, equity, STORED_EQUITY_POINTS);
  const dayEnds = dayEndBars(timeMs, timeMs.length);
  if (shape.length === timeMs.length || dayEnds.length > STORED_EQUITY_POINTS) return shape;
  return Int32Array.from(new Set([...shape, ...dayEnds])).sort();
}

/** The rows stored for a finished run: its per-bar curve downsampled, each point with the trades closed by then. */
export function equityPointRows(runId: string, result: BacktestResult) {
  const curve = result.equity;
  if (curve.timeMs.length === 0) return [];
  const keep = storedBars(curve.timeMs, curve.equity);
  const exitTimes = Float64Array.from(result.trades, (trade) => trade.exitTimeMs).sort();
  let closed = 0;
  return Array.from(keep, (index) => {
    const time = curve.timeMs[index];
    while (closed < exitTimes.length && exitTimes[closed] <= time) closed++;
    return {
      run: runId,
      timestamp: new Date(time),
      equity: curve.equity[index],
      cash: curve.cash[index],
      openPositions: curve.openPositions[index],
      totalTrades: closed,
      drawdown: curve.drawdownPct[index],
    };
  });
}

/** The stored equity series, thinned further to maxPoints while keeping peaks and troughs. */
export async function equityCurve(em: EntityManager, runId: string, maxPoints: number): Promise<EquityPointData[]> {
  const points = (await em.find(BacktestEquityPoint, { run: runId }, { orderBy: { timestamp: 'asc' } })).map(equityPointOf);
  if (points.length <= maxPoints) return points;
  const time = Float64Array.from(points, (point) => point.timeMs);
  const equity = Float64Array.from(points, (point) => point.equity);
  return Array.from(downsampleEquity(time, equity, maxPoints), (index) => points[index]);
}
