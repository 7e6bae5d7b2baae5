import { increasing } from '../strategies/constraints.ts';
import { defineIndicator, floatParam } from './descriptor.ts';
import type { TrendLineOutput } from './supertrend.ts';
import { smoothingBars } from './warmup-bars.ts';
import { firstFinite } from './warmup.ts';

/**
 * Parabolic SAR (Wilder), as technicalindicators' PSAR computes it. The first bar starts an up trend with
 * SAR = its low and extreme point = its high. Each later bar: SAR += factor × (extreme − SAR), kept at or
 * below the lows of the two bars before (at or above their highs in a down trend); a new extreme raises the
 * factor by `step` up to `max`; a bar whose low falls below the SAR (high rises above it) reverses the
 * trend: SAR = the old extreme, extreme = this bar's high or low, factor = step.
 */
export function psar(high: Float64Array, low: Float64Array, step: number, max: number): TrendLineOutput {
  const n = high.length;
  const start = firstFinite(low);
  const value = new Float64Array(n).fill(NaN, 0, start);
  const direction = new Float64Array(n).fill(NaN, 0, start);
  if (start >= n) return { value, direction };
  let up = true, factor = step, sar = low[start], extreme = high[start];
  value[start] = sar;
  direction[start] = 1;
  // The two bars before bar i: (high1, low1) is bar i − 1, (high2, low2) bar i − 2 (bar `start` twice at first).
  let high1 = high[start], low1 = low[start], high2 = high1, low2 = low1;
  for (let i = start + 1; i < n; i++) {
    const h = high[i], l = low[i];
    sar += factor * (extreme - sar);
    if (up) {
      sar = Math.min(sar, low2, low1);
      if (h > extreme) {
        extreme = h;
        factor = Math.min(factor + step, max);
      }
      if (l < sar) {
        factor = step;
        sar = extreme;
        up = false;
        extreme = l;
      }
    } else {
      sar = Math.max(sar, high2, high1);
      if (l < extreme) {
        extreme = l;
        factor = Math.min(factor + step, max);
      }
      if (h > sar) {
        factor = step;
        sar = extreme;
        up = true;
        extreme = h;
      }
    }
    value[i] = sar;
    direction[i] = up ? 1 : -1;
    high2 = high1;
    low2 = low1;
    high1 = h;
    low1 = l;
  }
  return { value, direction };
}

export const PSAR = defineIndicator({
  name: 'psar',
  description: 'Parabolic SAR: a stop that accelerates towards the price and flips sides when the price crosses it.',
  source: null,
  candles: ['high', 'low'],
  params: [
    floatParam('step', 0.02, [0.001, 1, 0.001], 'Acceleration factor at the start and its increment per new extreme'),
    floatParam('max', 0.2, [0.001, 1, 0.001], 'Largest acceleration factor'),
  ],
  constraints: [increasing('step', 'max')],
  outputs: [
    { name: 'value', description: 'The SAR' },
    { name: 'direction', description: '+1 up trend (SAR below the price), −1 down trend' },
  ],
  // Two runs in the same trend with the same extreme close their SAR gap by at least (1 − step) per bar,
  // and a reversal both make restarts them from the same extreme (README, Indicators).
  warmup: (p) => ({ bars: smoothingBars(p.step), exact: false, cumulative: false }),
  compute: ({ candles }, p) => psar(candles.high, candles.low, p.step, p.max),
});
