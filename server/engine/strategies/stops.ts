import type { ParamSpec, StrategyParams } from '../contract.ts';
import { wilderHistoryBars } from '../indicators/history.ts';
import { needs, notBoth, type ParamConstraint } from './constraints.ts';
import type { StrategyContext } from './types.ts';
import { num } from './types.ts';

/** Optional protective levels shared by the simple strategies: a % stop or an ATR stop, and a target at riskReward × stop distance. */
export const STOP_PARAMS: readonly ParamSpec[] = [
  { name: 'stopLossPct', label: 'Stop loss', unit: '%', type: 'float', default: 0, min: 0, max: 50, step: 0.5, description: 'Stop-loss distance in % of the signal close; 0 = no % stop' },
  { name: 'atrStopMultiplier', label: 'ATR stop', unit: 'ATRs', type: 'float', default: 0, min: 0, max: 20, step: 0.25, description: 'Stop-loss distance in ATRs; 0 = no ATR stop' },
  { name: 'atrPeriod', label: 'ATR period', unit: 'bars', type: 'int', default: 14, min: 1, max: 200, step: 1, description: 'ATR period for the ATR stop' },
  { name: 'riskReward', label: 'Take-profit', unit: '× stop distance', type: 'float', default: 0, min: 0, max: 20, step: 0.5, description: 'Take-profit at this multiple of the stop distance; 0 = no target (needs a stop)' },
];

export const STOP_CONSTRAINTS: readonly ParamConstraint[] = [
  notBoth('stopLossPct', 'atrStopMultiplier', 'choose a % stop or an ATR stop'),
  needs('riskReward', 'a stop', ['stopLossPct', 'atrStopMultiplier']),
];

/** History the optional ATR stop needs (none for a % stop). */
export function stopsHistoryBars(params: StrategyParams): number {
  return num(params, 'atrStopMultiplier') > 0 ? wilderHistoryBars(num(params, 'atrPeriod')) : 0;
}

export interface Stops {
  /** ATR series when ATR stops are on (its leading NaNs count toward warm-up), else null. */
  readonly atr: Float64Array | null;
  /** Writes stop/target for a position of `direction` (±1) decided at `close` on bar i. */
  apply(i: number, direction: number, close: number, out: { stopLoss: number; takeProfit: number }): void;
}

export function prepareStops(ctx: StrategyContext): Stops {
  const pct = num(ctx.params, 'stopLossPct') / 100;
  const atrMult = num(ctx.params, 'atrStopMultiplier');
  const rr = num(ctx.params, 'riskReward');
  const atr = atrMult > 0 ? ctx.cache.atr(ctx.series, num(ctx.params, 'atrPeriod')) : null;
  return {
    atr,
    apply(i, direction, close, out) {
      const distance = atr !== null ? atrMult * atr[i] : close * pct;
      if (!(distance > 0)) return;
      out.stopLoss = close - direction * distance;
      if (rr > 0) out.takeProfit = close + direction * rr * distance;
    },
  };
}
