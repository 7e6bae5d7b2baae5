import { crossingAt, nextCrossing } from '../indicators/crossing.ts';
import { warmupOf } from '../indicators/warmup.ts';
import { increasing } from './constraints.ts';
import { macdHistoryBars } from '../indicators/history.ts';
import { STOP_CONSTRAINTS, STOP_PARAMS, prepareStops, stopsHistoryBars } from './stops.ts';
import { LONG, SHORT, defineStrategy, num } from './types.ts';

/**
 * LONG when the MACD line crosses above its signal line, SHORT when it crosses below, by the tie rule of
 * indicators/crossing.ts with the close as the operands' magnitude: the lines are differences of EMAs of
 * the close, so their rounding is the price's, not their own size's.
 * Confidence = min(1, |histogram| / (0.1 % of close)): a histogram of 0.1 % of price is full confidence.
 */
export const macdCross = defineStrategy({
  name: 'macd_cross',
  description: 'Trades MACD / signal-line crossovers; optional % or ATR stop and target.',
  params: [
    { name: 'fast', label: 'MACD fast EMA', unit: 'bars', type: 'int', default: 12, min: 2, max: 200, step: 1, description: 'MACD fast EMA period' },
    { name: 'slow', label: 'MACD slow EMA', unit: 'bars', type: 'int', default: 26, min: 3, max: 400, step: 1, description: 'MACD slow EMA period' },
    { name: 'signal', label: 'Signal EMA', unit: 'bars', type: 'int', default: 9, min: 1, max: 200, step: 1, description: 'Signal EMA period' },
    ...STOP_PARAMS,
  ],
  constraints: [increasing('fast', 'slow'), ...STOP_CONSTRAINTS],
  chart: { panes: { MACD: ['macd', 'signal', 'histogram'] } },
  historyBars(params) {
    // The histogram's sign change reads bar i − 1, hence + 1.
    return Math.max(macdHistoryBars(num(params, 'fast'), num(params, 'slow'), num(params, 'signal')) + 1, stopsHistoryBars(params));
  },
  prepare(ctx) {
    const close = ctx.series.close;
    const m = ctx.cache.macd(ctx.series, num(ctx.params, 'fast'), num(ctx.params, 'slow'), num(ctx.params, 'signal'));
    const hist = m.histogram;
    const stops = prepareStops(ctx);
    return {
      warmup: warmupOf(hist, stops.atr ?? []) + 1,
      decide(i, out) {
        const crossing = crossingAt(m.macd, m.signal, i, close);
        if (crossing === 0) return;
        const direction = crossing > 0 ? LONG : SHORT;
        const h = hist[i];
        const strength = (h < 0 ? -h : h) / (close[i] * 0.001);
        out.direction = direction;
        out.confidence = strength > 1 ? 1 : strength;
        stops.apply(i, direction, close[i], out);
      },
      nextDecision: (from, to) => nextCrossing(m.macd, m.signal, from, to, close),
      indicatorsAt: (i) => ({ macd: m.macd[i], signal: m.signal[i], histogram: hist[i] }),
    };
  },
});
