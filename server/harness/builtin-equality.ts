import { DEFAULT_BACKTEST_CONFIG, getStrategyModule, runBacktest, type BacktestConfig, type CandleSeries, type StrategyLeg, type StrategyParams } from '../engine/index.ts';
import { BUILTIN_DOCUMENTS } from '../engine/language/builtins.ts';
import { compileDocument } from '../engine/language/compile.ts';

const cfg = (overrides: Partial<BacktestConfig> & { legs: readonly StrategyLeg[] }): BacktestConfig => ({ ...DEFAULT_BACKTEST_CONFIG, initialCapital: 1000, ...overrides });

/** The trades of a built-in and of its document over the same candles, without the indicator values each records. */
export function compareBuiltinAndDocument(data: ReadonlyMap<string, CandleSeries>, symbol: string, name: string, params: StrategyParams) {
  const compiled = compileDocument(BUILTIN_DOCUMENTS.get(name)!, `document:${name}`);
  const lookup = (n: string) => (n === compiled.spec.name ? compiled : getStrategyModule(n));
  const run = (strategy: string) =>
    runBacktest(data, cfg({ initialCapital: 10_000, legs: [{ strategy, params, symbols: [symbol] }] }), { strategies: lookup }).trades.map(({ signalIndicators: _s, ...trade }) => trade);
  return { builtin: run(name), document: run(compiled.spec.name) };
}
