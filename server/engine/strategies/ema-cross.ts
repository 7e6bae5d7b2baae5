import { increasing } from './constraints.ts';
import { emaHistoryBars, higherTimeframeHistoryBars } from '../indicators/history.ts';
import { STOP_CONSTRAINTS, STOP_PARAMS, stopsHistoryBars } from './stops.ts';
import { prepareCross, type TrendFilter } from './ma-cross.ts';
import { defineStrategy, num } from './types.ts';

export const emaCross = defineStrategy({
  name: 'ema_cross',
  description:
    'Long when the fast EMA of close crosses above the slow EMA, short when it crosses below; optional % or ATR stop and target, ' +
    'and an optional higher-timeframe trend filter (e.g. 60 minutes on 5m candles: longs only above the 1h EMA).',
  params: [
    { name: 'fast', label: 'Fast EMA', unit: 'bars', type: 'int', default: 12, min: 2, max: 500, step: 1, description: 'Fast EMA period' },
    { name: 'slow', label: 'Slow EMA', unit: 'bars', type: 'int', default: 26, min: 3, max: 1000, step: 1, description: 'Slow EMA period' },
    ...STOP_PARAMS,
    { name: 'htfMinutes', label: 'Trend filter timeframe', unit: 'minutes', type: 'int', default: 0, min: 0, max: 43_200, step: 1, description: 'Trend-filter timeframe in minutes (a multiple of the candle interval); 0 = off' },
    { name: 'htfEmaPeriod', label: 'Trend filter EMA', unit: 'bars', type: 'int', default: 50, min: 2, max: 500, step: 1, description: 'EMA period on the trend-filter timeframe' },
  ],
  constraints: [increasing('fast', 'slow'), ...STOP_CONSTRAINTS],
  chart: { price: ['fast', 'slow', 'htfMa'] },
  historyBars(params, intervalMs) {
    const htfMinutes = num(params, 'htfMinutes');
    const trend = htfMinutes > 0 ? higherTimeframeHistoryBars(emaHistoryBars(num(params, 'htfEmaPeriod')), htfMinutes * 60_000, intervalMs) : 0;
    // The crossover reads bar i − 1, hence + 1.
    return Math.max(emaHistoryBars(num(params, 'fast')) + 1, emaHistoryBars(num(params, 'slow')) + 1, stopsHistoryBars(params), trend);
  },
  prepare(ctx) {
    const fast = ctx.cache.ema(ctx.series, num(ctx.params, 'fast'));
    const slow = ctx.cache.ema(ctx.series, num(ctx.params, 'slow'));
    const htfMinutes = num(ctx.params, 'htfMinutes');
    let filter: TrendFilter | null = null;
    if (htfMinutes > 0) {
      const htf = ctx.higherTimeframe(htfMinutes * 60_000);
      filter = { htf, ma: ctx.cache.ema(htf.series, num(ctx.params, 'htfEmaPeriod')) };
    }
    return prepareCross(ctx, fast, slow, filter);
  },
});
