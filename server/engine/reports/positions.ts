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
 * Allocation over time by pair, from the trades: at cost (the stored trades carry no marks between fills), a
 * trade holds the cost of the quantity it still has: from each fill to the next, Σ entry quantity × price less
 * what partial exits took out at the average cost, so a position half closed by a partial target counts half
 * and a pyramided one counts its adds only from their fills. A trade without fills (stored before fills
 * existed) holds its entry notional while entry ≤ t < exit. Symbols that never held a position are left out.
 */
export function allocationOverTime(points: readonly ReportEquityPoint[], trades: readonly ReportTrade[]): Allocation {
  const times = points.map((p) => p.timeMs);
  const bySymbol = new Map<string, Float64Array>();
  for (const t of trades) {
    let shares = bySymbol.get(t.symbol);
    if (!shares) bySymbol.set(t.symbol, (shares = new Float64Array(points.length)));
    for (const held of heldAtCost(t)) {
      for (let k = lowerBound(times, held.fromMs); k < points.length && times[k] < held.toMs; k++) {
        if (points[k].equity > 0) shares[k] += (held.cost / points[k].equity) * 100;
      }
    }
  }
  const symbols = [...bySymbol].sort(([a], [b]) => (a < b ? -1 : 1)).map(([symbol, shares]) => ({ symbol, sharePct: Array.from(shares) }));
  return { times, symbols };
}

/** The stretches of a trade's life with the cost of what it held in each: [fromMs, toMs) and that cost. */
function heldAtCost(t: ReportTrade): Array<{ fromMs: number; toMs: number; cost: number }> {
  const fills = t.fills ?? [];
  if (fills.length === 0) return [{ fromMs: t.entryTimeMs, toMs: t.exitTimeMs, cost: t.entryPrice * t.quantity }];
  const adding = t.direction === 'LONG' ? 'BUY' : 'SELL';
  const stretches: Array<{ fromMs: number; toMs: number; cost: number }> = [];
  let quantity = 0, cost = 0;
  fills.forEach((fill, k) => {
    if (fill.side === adding) {
      quantity += fill.quantity;
      cost += fill.quantity * fill.price;
    } else {
      const left = Math.max(0, quantity - fill.quantity);
      cost = quantity > 0 ? (cost * left) / quantity : 0;
      quantity = left;
    }
    const next = k + 1 < fills.length ? fills[k + 1].timeMs : t.exitTimeMs;
    if (quantity > 0 && next > fill.timeMs) stretches.push({ fromMs: fill.timeMs, toMs: next, cost });
  });
  return stretches;
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
