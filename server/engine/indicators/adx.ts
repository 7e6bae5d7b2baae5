import { defineIndicator, periodParam } from './descriptor.ts';
import { chainWarmup, recursiveWarmup } from './warmup-bars.ts';
import { checkPeriod, firstFinite } from './warmup.ts';

export interface AdxOutput {
  readonly adx: Float64Array;
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
}

/**
 * Average directional index with +DI/−DI (Wilder; TA-Lib ADX, PLUS_DI, MINUS_DI). From bar 1: +DM = up move
 * when it beats the down move and is positive, else 0 (−DM likewise), TR the true range. Their Wilder sums
 * start as the plain sum of the first `period` values (bar `period`), then S = S − S/period + x.
 * ±DI = 100·S(±DM)/S(TR) (0 without range); DX = 100·|+DI − −DI|/(+DI + −DI) (0 when both are 0);
 * ADX = mean of the first `period` DX (bar 2·period − 1), then ADX += (DX − ADX)/period.
 */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period: number): AdxOutput {
  checkPeriod('ADX', period);
  const n = close.length;
  const start = firstFinite(close);
  // Only the bars before each first value: the loop writes every later one.
  const out = new Float64Array(n).fill(NaN, 0, Math.min(start + 2 * period - 1, n));
  const plusDi = new Float64Array(n).fill(NaN, 0, Math.min(start + period, n));
  const minusDi = new Float64Array(n).fill(NaN, 0, Math.min(start + period, n));
  let trSum = 0, plusSum = 0, minusSum = 0, dxSum = 0, value = 0;
  for (let i = start + 1; i < n; i++) {
    const h = high[i], l = low[i], pc = close[i - 1];
    const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    const up = h - high[i - 1];
    const down = low[i - 1] - l;
    const plusDm = up > down && up > 0 ? up : 0;
    const minusDm = down > up && down > 0 ? down : 0;
    const k = i - start;
    if (k <= period) {
      trSum += tr;
      plusSum += plusDm;
      minusSum += minusDm;
      if (k < period) continue;
    } else {
      trSum = trSum - trSum / period + tr;
      plusSum = plusSum - plusSum / period + plusDm;
      minusSum = minusSum - minusSum / period + minusDm;
    }
    const pdi = trSum > 0 ? (100 * plusSum) / trSum : 0;
    const mdi = trSum > 0 ? (100 * minusSum) / trSum : 0;
    plusDi[i] = pdi;
    minusDi[i] = mdi;
    const dx = pdi + mdi > 0 ? (100 * Math.abs(pdi - mdi)) / (pdi + mdi) : 0;
    if (k < 2 * period - 1) {
      dxSum += dx;
    } else if (k === 2 * period - 1) {
      value = (dxSum + dx) / period;
      out[i] = value;
    } else {
      value += (dx - value) / period;
      out[i] = value;
    }
  }
  return { adx: out, plusDi, minusDi };
}

export const ADX = defineIndicator({
  name: 'adx',
  description: 'Average directional index (trend strength, 0–100) with the directional indicators +DI and −DI.',
  source: null,
  candles: ['high', 'low', 'close'],
  params: [periodParam('period', 14, 'Bars (Wilder smoothing, factor 1/period)')],
  outputs: [
    { name: 'adx', description: 'ADX: Wilder average of DX' },
    { name: 'plusDi', description: '+DI: smoothed up moves as % of the smoothed true range' },
    { name: 'minusDi', description: '−DI: smoothed down moves as % of the smoothed true range' },
  ],
  // ±DI start at bar `period` and forget their seed like any Wilder average; ADX is a Wilder average of DX on top.
  warmup: (p) => chainWarmup(recursiveWarmup(p.period, 1 / p.period), recursiveWarmup(p.period - 1, 1 / p.period)),
  compute: ({ candles }, p) => adx(candles.high, candles.low, candles.close, p.period),
});
