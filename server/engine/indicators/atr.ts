import { emaStep } from './ema.ts';
import { VALUE_OUTPUT, defineIndicator, periodParam } from './descriptor.ts';
import { recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, output } from './warmup.ts';

/**
 * True range: max(high − low, |high − prevClose|, |low − prevClose|). TR[0] has no previous close and is
 * NaN (TA-Lib TRANGE); ATR therefore starts at index `period`.
 */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, out?: Float64Array): Float64Array {
  const n = close.length;
  const res = output(n, out);
  if (n === 0) return res;
  res[0] = NaN;
  for (let i = 1; i < n; i++) {
    const h = high[i], l = low[i], pc = close[i - 1];
    let tr = h - l;
    const up = h > pc ? h - pc : pc - h;
    const down = l > pc ? l - pc : pc - l;
    if (up > tr) tr = up;
    if (down > tr) tr = down;
    res[i] = tr;
  }
  return res;
}

/**
 * Average true range with Wilder smoothing (TA-Lib ATR): ATR[period] = mean(TR[1..period]),
 * then ATR[i] = (ATR[i−1] × (period − 1) + TR[i]) / period, computed as an EMA step with k = 1/period (ema.ts).
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('ATR', period);
  const n = close.length;
  const res = output(n, out);
  res.fill(NaN, 0, Math.min(period, n));
  if (period >= n) return res;
  const k = 1 / period;
  let sum = 0, pc = close[0];
  let i = 1;
  for (; i < n; i++) {
    const h = high[i], l = low[i];
    let tr = h - l;
    const up = h > pc ? h - pc : pc - h;
    const down = l > pc ? l - pc : pc - l;
    if (up > tr) tr = up;
    if (down > tr) tr = down;
    pc = close[i];
    if (i <= period) {
      sum += tr;
      if (i === period) {
        sum /= period;
        res[i] = sum;
      }
    } else {
      sum = emaStep(sum, tr, k);
      res[i] = sum;
    }
  }
  return res;
}

export const ATR = defineIndicator({
  name: 'atr',
  description: 'Average true range (Wilder smoothing of the true range).',
  source: null,
  candles: ['high', 'low', 'close'],
  params: [periodParam('period', 14, 'Bars of true range averaged (Wilder smoothing, factor 1/period)')],
  outputs: VALUE_OUTPUT,
  // The true range needs the previous close: the first ATR is at bar `period`.
  warmup: (p) => recursiveWarmup(p.period, 1 / p.period),
  compute: ({ candles }, p) => ({ value: atr(candles.high, candles.low, candles.close, p.period) }),
});
