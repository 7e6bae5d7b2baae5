import { warmupOf } from '../indicators/warmup.ts';
import { windowHistoryBars } from '../indicators/history.ts';
import { STOP_CONSTRAINTS, STOP_PARAMS, prepareStops, stopsHistoryBars } from './stops.ts';
import { EXIT, LONG, SHORT, bool, clamp01, defineStrategy, num } from './types.ts';

/**
 * Volatility breakout. LONG on the bar whose close crosses above the upper band (previous close at or
 * below the previous upper band), SHORT when it crosses below the lower band; with exitAtMiddle, EXIT
 * when the close crosses the middle band. Confidence = clamp(0.5 + (close − upper) / (upper − middle))
 * (mirrored for shorts): how far past the band, in band widths.
 */
export const bollingerBreakout = defineStrategy({
  name: 'bollinger_breakout',
  description: 'Follows closes that break out of the Bollinger Bands; optionally exits when the close returns through the middle band.',
  params: [
    { name: 'period', label: 'Band period', unit: 'bars', type: 'int', default: 20, min: 2, max: 500, step: 1, description: 'Bollinger period (SMA and population σ)' },
    { name: 'stdDev', label: 'Band width', unit: 'σ', type: 'float', default: 2, min: 0.1, max: 10, step: 0.1, description: 'Band width in standard deviations' },
    { name: 'exitAtMiddle', label: 'Exit at the middle band', type: 'bool', default: true, description: 'Exit when the close crosses the middle band' },
    ...STOP_PARAMS,
  ],
  constraints: STOP_CONSTRAINTS,
  chart: { price: ['upper', 'middle', 'lower'] },
  historyBars(params) {
    // The band crossings read bar i − 1, hence + 1.
    return Math.max(windowHistoryBars(num(params, 'period')) + 1, stopsHistoryBars(params));
  },
  prepare(ctx) {
    const close = ctx.series.close;
    const bb = ctx.cache.bollinger(ctx.series, num(ctx.params, 'period'), num(ctx.params, 'stdDev'));
    const { upper, middle, lower } = bb;
    const exitAtMiddle = bool(ctx.params, 'exitAtMiddle');
    const stops = prepareStops(ctx);
    return {
      warmup: warmupOf(upper, stops.atr ?? []) + 1,
      decide(i, out) {
        const c = close[i], cp = close[i - 1];
        if (cp <= upper[i - 1] && c > upper[i]) {
          out.direction = LONG;
          out.confidence = clamp01(0.5 + (c - upper[i]) / (upper[i] - middle[i]));
          stops.apply(i, LONG, c, out);
        } else if (cp >= lower[i - 1] && c < lower[i]) {
          out.direction = SHORT;
          out.confidence = clamp01(0.5 + (lower[i] - c) / (middle[i] - lower[i]));
          stops.apply(i, SHORT, c, out);
        } else if (exitAtMiddle && ((cp < middle[i - 1] && c >= middle[i]) || (cp > middle[i - 1] && c <= middle[i]))) {
          out.direction = EXIT;
        }
      },
      indicatorsAt: (i) => ({ upper: upper[i], middle: middle[i], lower: lower[i] }),
    };
  },
});
