import type { CandleSeries } from './contract.ts';
import { firstAtOrAfter } from './slice-by-time.ts';

/**
 * The account that bought every symbol with an equal share of the capital at its first close and held:
 * equity(t) = capital × mean over symbols of close(t) / first close, close(t) being the last close at or
 * before t (the first close before a symbol's first candle). At the last bar its return is the
 * buyAndHoldReturn metric (metrics.ts). Symbols without a positive first close are left out, as there.
 */
export function buyAndHoldEquity(series: readonly CandleSeries[], initialCapital: number, timesMs: ArrayLike<number>): Float64Array {
  const usable = series.filter((s) => s.length > 0 && s.close[0] > 0);
  const out = new Float64Array(timesMs.length).fill(usable.length === 0 ? NaN : 0);
  for (const s of usable) {
    const first = s.close[0];
    for (let k = 0; k < timesMs.length; k++) {
      const at = firstAtOrAfter(s.openTime, timesMs[k] + 1) - 1;
      out[k] += s.close[Math.max(0, at)] / first;
    }
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] / usable.length) * initialCapital;
  return out;
}
