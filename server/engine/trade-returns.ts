import type { EquityCurve, TradeRecord } from './contract.ts';
import { firstAtOrAfter } from './slice-by-time.ts';

/**
 * Each trade's P/L in percent of the account's equity at its entry, the input Monte Carlo resamples
 * (TradeRecord.profitLossPct is relative to the entry notional instead, which ignores position size):
 *   return_k = profitLoss_k / equityBefore_k × 100
 * equityBefore_k is the equity at the close of the timeline bar before the entry bar (the initial capital
 * for an entry on the first bar): the last mark before the entry fill, read from the run's per-bar curve,
 * so the bar loop pays nothing for it. (Exits filled at the same open, before the entry, are not in it.)
 * NaN for a trade whose equity before entry was not positive, which the entry rules prevent. Trades that
 * overlap in time (several symbols) are each measured against the whole account.
 */
export function tradeReturnsPct(trades: readonly TradeRecord[], curve: EquityCurve, initialCapital: number): Float64Array {
  const out = new Float64Array(trades.length);
  for (let k = 0; k < trades.length; k++) {
    const entryBar = firstAtOrAfter(curve.timeMs, trades[k].entryTimeMs);
    const before = entryBar > 0 ? curve.equity[entryBar - 1] : initialCapital;
    out[k] = before > 0 ? (trades[k].profitLoss / before) * 100 : NaN;
  }
  return out;
}
