import type { ExposureRow, OpenTradeRow } from './columns.ts';
import type { ReportEquityPoint, ReportTrade } from './report-trade.ts';

/**
 * The positions still open when the data ended: the engine closes them at the last close with exit
 * reason END_OF_DATA, so their P/L is unrealised at that price.
 */
export function openAtEnd(trades: readonly ReportTrade[]): OpenTradeRow[] {
  return trades
    .filter((t) => t.exitReason === 'END_OF_DATA')
    .map((t) => ({
      symbol: t.symbol,
      direction: t.direction,
      entryTime: t.entryTimeMs,
      entryPrice: t.entryPrice,
      markPrice: t.exitPrice,
      quantity: t.quantity,
      profitLoss: t.profitLoss,
      profitLossPct: t.profitLossPct,
      durationMs: t.exitTimeMs - t.entryTimeMs,
    }));
}

/** Exposure at every equity point: how many positions were open and the share of equity they held. */
export function exposureOverTime(points: readonly ReportEquityPoint[]): ExposureRow[] {
  return points.map((p) => ({
    time: p.timeMs,
    equity: p.equity,
    openPositions: p.openPositions,
    investedPct: p.equity > 0 ? ((p.equity - p.cash) / p.equity) * 100 : 0,
  }));
}

export interface Allocation {
  readonly times: readonly number[];
  /** Per symbol, at each time, the entry notional (price × quantity at entry) of its open position / equity × 100. */
  readonly symbols: readonly { readonly symbol: string; readonly sharePct: readonly number[] }[];
}

/**
 * Allocation over time by pair, from the trades: a trade is open at time t when entry ≤ t < exit, and holds
 * its entry notional (at cost: the stored trades carry no marks between entry and exit). Symbols that never
 * held a position are left out.
 */
export function allocationOverTime(points: readonly ReportEquityPoint[], trades: readonly ReportTrade[]): Allocation {
  const times = points.map((p) => p.timeMs);
  const bySymbol = new Map<string, Float64Array>();
  for (const t of trades) {
    let shares = bySymbol.get(t.symbol);
    if (!shares) bySymbol.set(t.symbol, (shares = new Float64Array(points.length)));
    const notional = t.entryPrice * t.quantity;
    for (let k = lowerBound(times, t.entryTimeMs); k < points.length && times[k] < t.exitTimeMs; k++) {
      if (points[k].equity > 0) shares[k] += (notional / points[k].equity) * 100;
    }
  }
  const symbols = [...bySymbol].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, shares]) => ({ symbol, sharePct: Array.from(shares) }));
  return { times, symbols };
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
