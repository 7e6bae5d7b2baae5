import { describe, expect, it } from 'vitest';
import {
  IndicatorCache,
  Signal,
  createBacktest,
  generateCandles,
  getStrategyModule,
  resample,
  resolveParamsFor,
  type BacktestConfig,
  type PreparedStrategy,
  type StrategyModule,
  type StrategyParams,
} from '../../engine/index.ts';
import { cfg, dataOf, lookupWith, scripted } from './helpers.ts';

// A one-leg run visits only the bars nextDecision names for decisions and runs the others as stretches
// (simulator/single-leg.ts). These tests pin that shortcut to the plain per-bar behaviour.

const candles = generateCandles({ bars: 6000, seed: 5, symbol: 'SYN', regimeBars: 200 });

function prepare(strategy: string, params: StrategyParams): PreparedStrategy {
  const module = getStrategyModule(strategy)!;
  const resolved = resolveParamsFor(module, params);
  if ('errors' in resolved) throw new Error(resolved.errors.join('; '));
  const cache = new IndicatorCache();
  return module.prepare({ series: candles, params: resolved.params, cache, higherTimeframe: (ms) => resample(candles, ms) });
}

/** The same strategy without nextDecision: every bar after warm-up is asked, as before the shortcut. */
function perBar(strategy: string): StrategyModule {
  const module = getStrategyModule(strategy)!;
  return {
    ...module,
    spec: { ...module.spec, name: `${strategy}_per_bar` },
    prepare(ctx) {
      const p = module.prepare(ctx);
      return { warmup: p.warmup, decide: (i, out) => p.decide(i, out), indicatorsAt: (i) => p.indicatorsAt(i) };
    },
  };
}

const crosses: [string, StrategyParams][] = [
  ['ema_cross', { fast: 12, slow: 26, stopLossPct: 2, riskReward: 2 }],
  ['sma_cross', { fast: 5, slow: 20 }],
  ['ema_cross', { fast: 8, slow: 30, atrStopMultiplier: 1.5, htfMinutes: 60, htfEmaPeriod: 10 }],
  ['macd_cross', { fast: 12, slow: 26, signal: 9 }],
];

describe('crossover strategies’ nextDecision', () => {
  it.each(crosses)('names the first bar decide may signal on, from any start (%s %j)', (strategy, params) => {
    const p = prepare(strategy, params);
    const end = candles.length - 1;
    const signals: number[] = [];
    const out = new Signal();
    for (let i = p.warmup; i < end; i++) {
      out.reset();
      p.decide(i, out);
      if (out.direction !== 0) signals.push(i);
    }
    expect(signals.length).toBeGreaterThan(20);
    const candidates = new Set<number>();
    for (let i = p.warmup; i < end; i = p.nextDecision!(i, end) + 1) candidates.add(p.nextDecision!(i, end));
    for (const i of signals) expect(candidates.has(i)).toBe(true);
    // From any start the answer is the first candidate at or after it.
    const sorted = [...candidates].sort((a, b) => a - b);
    for (let from = p.warmup; from < end; from += 97) {
      expect(p.nextDecision!(from, end)).toBe(sorted.find((c) => c >= from) ?? end);
      expect(p.nextDecision!(from, from + 3)).toBe(Math.min(sorted.find((c) => c >= from) ?? end, from + 3));
    }
  });
});

describe('single-leg stretches', () => {
  const variants: Partial<BacktestConfig>[] = [
    {},
    { trailingStopPct: 1, oppositeSignal: 'IGNORE' },
    { oppositeSignal: 'CLOSE', allowShort: true, sizing: { mode: 'PERCENT_EQUITY', value: 50 } },
    { allowShort: false, sizing: { mode: 'PERCENT_EQUITY', value: 100 }, quantityStep: 0.01, slippageBps: 10 },
    { maxDrawdownStopPct: 3 },
  ];
  const cases = crosses.flatMap(([strategy, params]) => variants.map((v): [string, StrategyParams, Partial<BacktestConfig>] => [strategy, params, v]));

  it.each(cases)('give the per-bar result exactly, whole and in slices (%s %j %j)', (strategy, params, overrides) => {
    const data = dataOf(candles);
    const plain = perBar(strategy);
    const run = (name: string, slice: number) => {
      const config = cfg({ legs: [{ strategy: name, params, symbols: ['SYN'] }], ...overrides });
      const r = createBacktest(data, config, { strategies: (n) => (n === plain.spec.name ? plain : getStrategyModule(n)) });
      while (!r.step(slice));
      return r.result();
    };
    const expected = run(plain.spec.name, Infinity);
    expect(expected.trades.length).toBeGreaterThan(5);
    for (const slice of [Infinity, 1, 37]) {
      const got = run(strategy, slice);
      expect(got.trades).toEqual(expected.trades.map((t) => ({ ...t })));
      expect(got.equity).toEqual(expected.equity);
      expect(got.metrics).toEqual(expected.metrics);
      expect(got.stoppedReason).toBe(expected.stoppedReason);
      expect(got.skippedEntries).toEqual(expected.skippedEntries);
    }
  });
});

describe('one leg on one symbol', () => {
  // With an idle second leg the run goes through the general loop (bar-loop.ts, every bar through simulateBar)
  // instead of single-leg.ts; the idle leg never signals, so everything must come out the same.
  const idle = scripted({});
  const variants: Partial<BacktestConfig>[] = [{}, { trailingStopPct: 1, slippageBps: 5 }, { oppositeSignal: 'CLOSE', sizing: { mode: 'RISK_PERCENT', value: 1 } }, { maxDrawdownStopPct: 3 },
    // Partial exits change the held quantity, cash and stop inside single-leg.ts's holding stretch.
    { scaleOutTargets: [{ levelR: 0.5, fraction: 0.5 }, { levelR: 1, fraction: 0.25 }], breakEvenAfterFirstTarget: true, trailingStopPct: null },
    { scaleOutTargets: [{ levelR: 1, fraction: 0.6 }], oppositeSignal: 'CLOSE', sizing: { mode: 'PERCENT_EQUITY', value: 20 } }];
  it.each(variants)('gives the general loop’s result exactly (%j)', (overrides) => {
    const leg = { strategy: 'ema_cross', params: { fast: 8, slow: 30, stopLossPct: 1.5, riskReward: 2 }, symbols: ['SYN'] };
    const one = createBacktest(dataOf(candles), cfg({ legs: [leg], ...overrides }));
    one.step(Infinity);
    const general = createBacktest(dataOf(candles), cfg({ legs: [leg, { strategy: 'scripted', params: {}, symbols: ['SYN'] }], ...overrides }), { strategies: lookupWith(idle) });
    general.step(Infinity);
    const a = one.result(), b = general.result();
    expect(a.trades.length).toBeGreaterThan(5);
    expect(b.trades).toEqual(a.trades);
    expect(b.equity).toEqual(a.equity);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.stoppedReason).toBe(a.stoppedReason);
    expect(b.fills).toEqual(a.fills);
  });
});
