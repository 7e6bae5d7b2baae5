import type { BacktestConfig, CandleSeries, StrategyLeg } from '../../engine/index.ts';
import { DEFAULT_BACKTEST_CONFIG, candleSeries, defineStrategy, getStrategyModule, type StrategyModule } from '../../engine/index.ts';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Hourly candles from [open, high, low, close] rows, starting at T0 + offset bars. */
export function bars(symbol: string, rows: readonly (readonly [number, number, number, number])[], offsetBars = 0): CandleSeries {
  return candleSeries(symbol, HOUR, {
    openTime: rows.map((_, i) => T0 + (i + offsetBars) * HOUR),
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
    volume: rows.map(() => 1),
  });
}

export interface Step {
  readonly dir: 'LONG' | 'SHORT' | 'EXIT';
  readonly stop?: number;
  readonly target?: number;
  readonly confidence?: number;
}

/** Script per symbol: bar index (of that symbol) → decision taken at that bar's close. */
export type Script = Readonly<Record<string, Readonly<Record<number, Step>>>>;

const CODES = { LONG: 1, SHORT: -1, EXIT: 2 } as const;

/** A test-only strategy that replays a script; not in the public registry. */
export function scripted(script: Script): StrategyModule {
  return defineStrategy({
    name: 'scripted',
    description: 'replays a script (tests only)',
    params: [],
    constraints: [],
    historyBars: () => 0,
    prepare(ctx) {
      const mine = script[ctx.series.symbol] ?? {};
      return {
        warmup: 0,
        decide(i, out) {
          const step = mine[i];
          if (step === undefined) return;
          out.direction = CODES[step.dir];
          out.confidence = step.confidence ?? 1;
          if (step.stop !== undefined) out.stopLoss = step.stop;
          if (step.target !== undefined) out.takeProfit = step.target;
        },
        indicatorsAt: (i) => ({ bar: i }),
      };
    },
  });
}

export function lookupWith(module: StrategyModule) {
  return (name: string) => (name === module.spec.name ? module : getStrategyModule(name));
}

export function cfg(overrides: Partial<BacktestConfig> & { legs: readonly StrategyLeg[] }): BacktestConfig {
  return { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 1000, ...overrides };
}

export function dataOf(...series: CandleSeries[]): Map<string, CandleSeries> {
  return new Map(series.map((s) => [s.symbol, s]));
}
