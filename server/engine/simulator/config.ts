import type { BacktestConfig } from '../contract.ts';
import { resolveParamsFor } from '../strategies/params.ts';
import { getStrategyModule } from '../strategies/registry.ts';
import type { StrategyModule } from '../strategies/types.ts';

/**
 * Defaults for everything but capital and legs. quantityStep 0 means "no rounding" (fractional quantities
 * as computed); set 1 for whole units or e.g. 0.00001 for BTC lot sizes.
 */
export const DEFAULT_BACKTEST_CONFIG = {
  feeRate: 0.001,
  slippageBps: 0,
  sizing: { mode: 'FIXED_QUOTE', value: 100 },
  quantityStep: 0,
  minNotional: 0,
  maxOpenPositions: 10,
  allowShort: true,
  closeOnOppositeSignal: true,
  reverse: false,
  trailingStopPct: null,
  maxDrawdownStopPct: null,
} as const satisfies Omit<BacktestConfig, 'initialCapital' | 'legs'>;

/** Strategy modules outside the public registry (tests inject scripted strategies this way). */
export type StrategyLookup = (name: string) => StrategyModule | undefined;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Checks a whole run configuration; returns one message per problem (empty = ok). */
export function validateBacktestConfig(config: BacktestConfig, lookup: StrategyLookup = getStrategyModule): string[] {
  const errors: string[] = [];
  if (!isNum(config.initialCapital) || config.initialCapital <= 0) errors.push(`initialCapital must be a number > 0, got ${config.initialCapital}`);
  if (!isNum(config.feeRate) || config.feeRate < 0 || config.feeRate >= 0.1) errors.push(`feeRate must be in [0, 0.1), got ${config.feeRate}`);
  if (!isNum(config.slippageBps) || config.slippageBps < 0 || config.slippageBps > 1000) errors.push(`slippageBps must be in [0, 1000], got ${config.slippageBps}`);
  const sizing = config.sizing;
  if (sizing === undefined || sizing === null) {
    errors.push('sizing is required');
  } else if (!['FIXED_QUOTE', 'PERCENT_EQUITY', 'RISK_PERCENT'].includes(sizing.mode)) {
    errors.push(`sizing.mode must be FIXED_QUOTE, PERCENT_EQUITY or RISK_PERCENT, got ${String(sizing.mode)}`);
  } else if (!isNum(sizing.value) || sizing.value <= 0) {
    errors.push(`sizing.value must be a number > 0, got ${sizing.value}`);
  } else if (sizing.mode !== 'FIXED_QUOTE' && sizing.value > 100) {
    errors.push(`sizing.value is a percent for ${sizing.mode} and must be <= 100, got ${sizing.value}`);
  }
  if (!isNum(config.quantityStep) || config.quantityStep < 0) errors.push(`quantityStep must be a number >= 0 (0 = no rounding), got ${config.quantityStep}`);
  if (!isNum(config.minNotional) || config.minNotional < 0) errors.push(`minNotional must be a number >= 0, got ${config.minNotional}`);
  if (!Number.isInteger(config.maxOpenPositions) || config.maxOpenPositions < 1) errors.push(`maxOpenPositions must be an integer >= 1, got ${config.maxOpenPositions}`);
  if (typeof config.allowShort !== 'boolean') errors.push('allowShort must be a boolean');
  if (typeof config.closeOnOppositeSignal !== 'boolean') errors.push('closeOnOppositeSignal must be a boolean');
  if (typeof config.reverse !== 'boolean') errors.push('reverse must be a boolean');
  if (config.reverse && !config.closeOnOppositeSignal) errors.push('reverse needs closeOnOppositeSignal: a reversal first closes the open position');
  if (config.trailingStopPct !== null && (!isNum(config.trailingStopPct) || config.trailingStopPct <= 0 || config.trailingStopPct >= 100)) {
    errors.push(`trailingStopPct must be null or in (0, 100), got ${config.trailingStopPct}`);
  }
  if (config.maxDrawdownStopPct !== null && (!isNum(config.maxDrawdownStopPct) || config.maxDrawdownStopPct <= 0 || config.maxDrawdownStopPct > 100)) {
    errors.push(`maxDrawdownStopPct must be null or in (0, 100], got ${config.maxDrawdownStopPct}`);
  }
  if (!Array.isArray(config.legs) || config.legs.length === 0) {
    errors.push('legs must list at least one strategy leg');
    return errors;
  }
  config.legs.forEach((leg, index) => {
    const where = `legs[${index}]`;
    if (!Array.isArray(leg.symbols) || leg.symbols.length === 0) errors.push(`${where}.symbols must list at least one symbol`);
    else if (new Set(leg.symbols).size !== leg.symbols.length) errors.push(`${where}.symbols lists a symbol twice`);
    const module = lookup(leg.strategy);
    if (module === undefined) {
      errors.push(`${where}: unknown strategy "${leg.strategy}"`);
      return;
    }
    const resolved = resolveParamsFor(module, leg.params ?? {});
    if ('errors' in resolved) for (const e of resolved.errors) errors.push(`${where} (${leg.strategy}): ${e}`);
  });
  return errors;
}
