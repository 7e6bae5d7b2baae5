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
  const { start, value, direction } = startedOutput(high, low);
  if (start < high.length && !psarByTrends(high, low, step, max, start, value, direction)) return psarByBars(high, low, step, max);
  return { value, direction };
}

/** psar bar by bar, for any input, NaN included: the definition psarByTrends follows for valid prices. */
export function psarByBars(high: Float64Array, low: Float64Array, step: number, max: number): TrendLineOutput {
  const { start, value, direction } = startedOutput(high, low);
  const n = high.length;
  if (start >= n) return { value, direction };
  let up = true, factor = step, sar = low[start], extreme = high[start];
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

/** The outputs up to the first finite low (`start`): NaN before it, and its own bar, an up trend with SAR = its low. */
function startedOutput(high: Float64Array, low: Float64Array): TrendLineOutput & { readonly start: number } {
  const n = high.length;
  const start = firstFinite(low);
  const value = new Float64Array(n).fill(NaN, 0, start);
  const direction = new Float64Array(n).fill(NaN, 0, start);
  if (start < n) {
    value[start] = low[start];
    direction[start] = 1;
  }
  return { start, value, direction };
}

/**
 * Whether a bar's high and low are finite, non-zero and of one sign, as validated candles' are: what makes
 * psarByTrends' arithmetic choices exact. Their product tells in one test (one that overflows or underflows
 * only sends the input to the bar-by-bar loop).
 */
function isSoundBar(high: number, low: number): boolean {
  const product = high * low;
  return product > 0 && product < Infinity;
}

/**
 * psarByBars' results a trend at a time, or false (outputs partly written) on meeting a bar that is not sound
 * (isSoundBar), or given a step or max that is not finite. A down trend is an up trend of the negated
 * prices (negation is exact and rounding symmetric, so its SAR is that up trend's negated bit for bit): one
 * loop serves both, with no per-bar test of the direction.
 */
function psarByTrends(high: Float64Array, low: Float64Array, step: number, max: number, start: number, value: Float64Array, direction: Float64Array): boolean {
  const n = high.length;
  if (!Number.isFinite(step) || !Number.isFinite(max) || !isSoundBar(high[start], low[start])) return false;
  let up = true;
  for (let from = start + 1; from < n; up = !up) {
    const twoBack = from === start + 1 ? start : from - 2;
    from = up ? trendFrom(high, low, 1, from, twoBack, step, max, value, direction) : trendFrom(low, high, -1, from, twoBack, step, max, value, direction);
    if (from < 0) return false;
  }
  return true;
}

/**
 * One trend from bar `from` (the bar after its reversal, or after `start`) in the up trend's terms: prices
 * × `sign`, `highs` the side that makes extremes and `lows` the side that reverses. Writes its bars and the
 * bar that reverses it; returns the bar after that (n at the end), or −1 at a bar that is not sound (where
 * the choices below would not be exact).
 *
 * Data-dependent branches are what the loop costs on market data (a new extreme comes every third bar or
 * so, unpredictably), so the two bars' floor, the extreme and the factor are chosen arithmetically:
 * a × (1 − t) + b × t with t ∈ {0, 1} is exactly a or b when both are finite.
 */
function trendFrom(highs: Float64Array, lows: Float64Array, sign: number, from: number, twoBack: number, step: number, max: number, value: Float64Array, direction: Float64Array): number {
  const n = highs.length;
  // At a trend's first bar: the SAR is the old extreme (written at the reversal), the extreme the reversing bar's.
  let sar = sign * value[from - 1], extreme = sign * highs[from - 1], factor = step;
  let low1 = sign * lows[from - 1], low2 = sign * lows[twoBack];
  for (let i = from; i < n; i++) {
    const rawHigh = highs[i], rawLow = lows[i];
    if (!isSoundBar(rawHigh, rawLow)) return -1;
    const h = sign * rawHigh, l = sign * rawLow;
    sar += factor * (extreme - sar);
    const second = +(low2 < low1);
    const floor = low1 * (1 - second) + low2 * second;
    if (floor < sar) sar = floor;
    const isNew = +(h > extreme), kept = 1 - isNew;
    extreme = extreme * kept + h * isNew;
    factor = factor * kept + Math.min(factor + step, max) * isNew;
    low2 = low1;
    low1 = l;
    if (l < sar) {
      value[i] = sign * extreme;
      direction[i] = -sign;
      return i + 1;
    }
    value[i] = sign * sar;
    direction[i] = sign;
  }
  return n;
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
