import type { RunBacktestInput } from '../backtests/data.ts';
import type { Sweep } from './data.ts';

/**
 * The backtest that reproduces one tested combination: the sweep's market, range and settings
 * with the row's parameters. (The API does not expose the sweep's gap policy; the default FAIL
 * applies, which is what the sweep used unless it was started with another one.)
 */
export function backtestOfRow(sweep: Sweep, params: unknown, name: string): RunBacktestInput {
  const settings = (sweep.settings ?? {}) as Record<string, unknown> & { sizing?: { mode?: string; value?: number } };
  const optional = <K extends string>(key: K) => (settings[key] === null || settings[key] === undefined ? {} : { [key]: settings[key] });
  return {
    name,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    startDate: sweep.startDate,
    endDate: sweep.endDate,
    strategy: sweep.strategy,
    strategyParams: params,
    initialCapital: Number(settings['initialCapital']),
    ...(settings.sizing?.value !== undefined ? { positionSize: settings.sizing.value } : {}),
    ...(settings.sizing?.mode ? { sizingMode: settings.sizing.mode as RunBacktestInput['sizingMode'] } : {}),
    ...optional('feeRate'),
    ...optional('slippageBps'),
    ...optional('quantityStep'),
    ...optional('minNotional'),
    ...optional('maxOpenPositions'),
    ...optional('allowShort'),
    ...optional('closeOnOppositeSignal'),
    ...optional('reverse'),
    ...optional('trailingStopPct'),
    ...optional('maxDrawdownStopPct'),
  } as RunBacktestInput;
}
