import { emaStep } from './ema.ts';
import { periodIndicator } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite, output } from './warmup.ts';

/**
 * Relative Strength Index with Wilder smoothing (TA-Lib RSI). The first average gain/loss is the plain
 * mean of the first `period` changes (defined at index start+period); then avg = (avg × (period−1) + x) / period,
 * computed as an EMA step with k = 1/period (ema.ts).
 * RSI = 100 × avgGain / (avgGain + avgLoss). Unrounded (technicalindicators rounds to 2 decimals).
 * A window with no movement at all (both averages 0) gives 50, neutral (TA-Lib gives 0 there).
 */
export function rsi(src: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('RSI', period);
  const n = src.length;
  const res = output(n, out);
  const start = firstFinite(src);
  const first = start + period;
  res.fill(NaN, 0, Math.min(first, n));
  if (first >= n) return res;
  let gain = 0, loss = 0;
  for (let i = start + 1; i <= first; i++) {
    const d = src[i] - src[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  const k = 1 / period;
  res[first] = gain + loss === 0 ? 50 : (100 * gain) / (gain + loss);
  for (let i = first + 1; i < n; i++) {
    const d = src[i] - src[i - 1];
    // The gain max(d, 0) = (d + |d|)/2 and the loss max(−d, 0) = (|d| − d)/2, both exact and without a
    // branch: rises and falls come at random, and a branch on them would mispredict half the time.
    const size = Math.abs(d);
    gain = emaStep(gain, (d + size) * 0.5, k);
    loss = emaStep(loss, (size - d) * 0.5, k);
    const total = gain + loss;
    res[i] = total === 0 ? 50 : (100 * gain) / total;
  }
  return res;
}

export const RSI = periodIndicator({
  name: 'rsi',
  description: 'Relative Strength Index (Wilder), 0–100; 50 when the window has no movement at all.',
  period: { default: 14, description: 'Bars of changes averaged (Wilder smoothing, factor 1/period)' },
  kernel: (src, period) => rsi(src, period),
  // The first averages need `period` changes, hence `period` bars before the first value.
  warmup: (period) => recursiveWarmup(period, 1 / period),
});
