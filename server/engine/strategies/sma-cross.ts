import { increasing } from './constraints.ts';
import { windowHistoryBars } from '../indicators/history.ts';
import { STOP_CONSTRAINTS, STOP_PARAMS, stopsHistoryBars } from './stops.ts';
import { prepareCross } from './ma-cross.ts';
import { defineStrategy, num } from './types.ts';

export const smaCross = defineStrategy({
  name: 'sma_cross',
  description: 'Long when the fast SMA of close crosses above the slow SMA, short when it crosses below; optional % or ATR stop and target.',
  params: [
    { name: 'fast', label: 'Fast SMA', unit: 'bars', type: 'int', default: 10, min: 2, max: 500, step: 1, description: 'Fast SMA period' },
    { name: 'slow', label: 'Slow SMA', unit: 'bars', type: 'int', default: 30, min: 3, max: 1000, step: 1, description: 'Slow SMA period' },
    ...STOP_PARAMS,
  ],
  constraints: [increasing('fast', 'slow'), ...STOP_CONSTRAINTS],
  chart: { price: ['fast', 'slow'] },
  historyBars(params) {
    // The crossover reads bar i − 1, hence + 1.
    return Math.max(windowHistoryBars(num(params, 'slow')) + 1, windowHistoryBars(num(params, 'fast')) + 1, stopsHistoryBars(params));
  },
  prepare(ctx) {
    const fast = ctx.cache.sma(ctx.series, num(ctx.params, 'fast'));
    const slow = ctx.cache.sma(ctx.series, num(ctx.params, 'slow'));
    return prepareCross(ctx, fast, slow, null);
  },
});
