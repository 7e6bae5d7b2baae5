import { warmupOf } from '../indicators/warmup.ts';
import { increasing } from './constraints.ts';
import { wilderHistoryBars } from '../indicators/history.ts';
import { STOP_CONSTRAINTS, STOP_PARAMS, prepareStops, stopsHistoryBars } from './stops.ts';
import { EXIT, LONG, SHORT, clamp01, defineStrategy, num } from './types.ts';

/**
 * Mean reversion on RSI. LONG when RSI climbs back above `oversold` (previous bar below it), SHORT when it
 * falls back below `overbought`; EXIT when RSI crosses `exitLevel` in either direction.
 * Confidence = clamp(0.5 + depth / oversold) for longs, depth = oversold − previous RSI
 * (mirrored with 100 − overbought for shorts): the deeper the excursion, the surer the snap-back.
 */
export const rsiReversion = defineStrategy({
  name: 'rsi_reversion',
  description: 'Buys when RSI recovers from oversold, sells short when it falls back from overbought, exits when RSI crosses the exit level.',
  params: [
    { name: 'rsiPeriod', label: 'RSI period', unit: 'bars', type: 'int', default: 14, min: 2, max: 100, step: 1, description: 'RSI period (Wilder)' },
    { name: 'oversold', label: 'Oversold below', unit: 'RSI', type: 'float', default: 30, min: 1, max: 50, step: 1, description: 'RSI level that marks oversold' },
    { name: 'overbought', label: 'Overbought above', unit: 'RSI', type: 'float', default: 70, min: 50, max: 99, step: 1, description: 'RSI level that marks overbought' },
    { name: 'exitLevel', label: 'Exit at', unit: 'RSI', type: 'float', default: 50, min: 1, max: 99, step: 1, description: 'RSI crossing this level closes the position' },
    ...STOP_PARAMS,
  ],
  constraints: [increasing('oversold', 'exitLevel', 'overbought'), ...STOP_CONSTRAINTS],
  chart: { panes: { RSI: ['rsi'] } },
  historyBars(params) {
    // The level crossings read bar i − 1, hence + 1.
    return Math.max(wilderHistoryBars(num(params, 'rsiPeriod')) + 1, stopsHistoryBars(params));
  },
  prepare(ctx) {
    const close = ctx.series.close;
    const rsi = ctx.cache.rsi(ctx.series, num(ctx.params, 'rsiPeriod'));
    const lo = num(ctx.params, 'oversold'), mid = num(ctx.params, 'exitLevel'), hi = num(ctx.params, 'overbought');
    const stops = prepareStops(ctx);
    return {
      warmup: warmupOf(rsi, stops.atr ?? []) + 1,
      decide(i, out) {
        const r = rsi[i], rp = rsi[i - 1];
        if (rp < lo && r >= lo) {
          out.direction = LONG;
          out.confidence = clamp01(0.5 + (lo - rp) / lo);
          stops.apply(i, LONG, close[i], out);
        } else if (rp > hi && r <= hi) {
          out.direction = SHORT;
          out.confidence = clamp01(0.5 + (rp - hi) / (100 - hi));
          stops.apply(i, SHORT, close[i], out);
        } else if ((rp < mid && r >= mid) || (rp > mid && r <= mid)) {
          out.direction = EXIT;
        }
      },
      indicatorsAt(i) {
        const values: Record<string, number> = { rsi: rsi[i] };
        if (stops.atr !== null) values.atr = stops.atr[i];
        return values;
      },
    };
  },
});
