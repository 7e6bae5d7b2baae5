import type { RunBacktestInput } from '../backtests/data.ts';
import type { Sweep } from './data.ts';

/**
 * The backtest that reproduces one tested combination: the sweep's market, range and settings
 * with the row's parameters. (The API does not expose the sweep's gap policy; the default FAIL
 * applies, which is what the sweep used unless it was started with another one.)
 */
export function backtestOfRow(sweep: Sweep, params: unknown, name: string): RunBacktestInput {
  // Named one by one: the result objects also carry __typename, which no input accepts.
  const s = sweep.settings;
  return {
    name,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    startDate: sweep.startDate,
    endDate: sweep.endDate,
    strategy: sweep.strategy,
    strategyParams: params,
    initialCapital: s.initialCapital,
    positionSize: s.positionSize,
    sizingMode: s.sizingMode,
    feeRate: s.feeRate,
    slippageBps: s.slippageBps,
    quantityStep: s.quantityStep,
    minNotional: s.minNotional,
    maxOpenPositions: s.maxOpenPositions,
    allowShort: s.allowShort,
    closeOnOppositeSignal: s.closeOnOppositeSignal,
    reverse: s.reverse,
    ...(s.trailingStopPct != null ? { trailingStopPct: s.trailingStopPct } : {}),
    ...(s.maxDrawdownStopPct != null ? { maxDrawdownStopPct: s.maxDrawdownStopPct } : {}),
  };
}
