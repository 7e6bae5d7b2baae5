import type { RunBacktestInput } from '../backtests/data.ts';
import type { Sweep } from './data.ts';

/**
 * The backtest that reproduces one tested combination: the sweep's market, range and settings
 * with the row's parameters. (The API does not expose the sweep's gap policy; the default FAIL
 * applies, which is what the sweep used unless it was started with another one.)
 */
export function backtestOfRow(sweep: Sweep, params: unknown, name: string): RunBacktestInput {
  const { trailingStopPct, maxDrawdownStopPct, ...settings } = sweep.settings;
  return {
    name,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    startDate: sweep.startDate,
    endDate: sweep.endDate,
    strategy: sweep.strategy,
    strategyParams: params,
    ...settings,
    ...(trailingStopPct != null ? { trailingStopPct } : {}),
    ...(maxDrawdownStopPct != null ? { maxDrawdownStopPct } : {}),
  };
}
