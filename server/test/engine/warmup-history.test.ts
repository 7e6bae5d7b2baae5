import { describe, expect, it } from 'vitest';
import {
  IndicatorCache,
  RECURSIVE_SEED_TOLERANCE,
  Signal,
  evaluateMetrics,
  generateCandles,
  getStrategyModule,
  historyBarsOf,
  listStrategies,
  mulberry32,
  resample,
  resolveParamsFor,
  runBacktest,
  sliceSeries,
  type CandleSeries,
  type Prng,
  type StrategyParams,
} from '../../engine/index.ts';
import { cfg, dataOf } from './helpers.ts';

// A run starting at t with its strategy's historyBars loaded before t must decide exactly as the same
// strategy on an unbroken history: that is what warm-up history is for.

const FIVE_MINUTES = 300_000;
const market = generateCandles({ bars: 30_000, seed: 4242, symbol: 'WARM', intervalMs: FIVE_MINUTES, regimeBars: 400 });

const int = (rng: Prng, lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));

function randomParams(rng: Prng, strategy: string): StrategyParams {
  const stop: StrategyParams = rng.next() < 0.5 ? { atrStopMultiplier: int(rng, 2, 8) / 2, atrPeriod: int(rng, 5, 30), riskReward: 2 } : { stopLossPct: 2, riskReward: 2 };
  switch (strategy) {
    case 'sma_cross':
    case 'ema_cross': {
      const fast = int(rng, 2, 40);
      const trend: StrategyParams = strategy === 'ema_cross' && rng.next() < 0.4 ? { htfMinutes: 60 * int(rng, 1, 4), htfEmaPeriod: int(rng, 5, 40) } : {};
      return { fast, slow: fast + int(rng, 1, 120), ...stop, ...trend };
    }
    case 'rsi_reversion':
      return { rsiPeriod: int(rng, 2, 40), ...stop };
    case 'bollinger_breakout':
      return { period: int(rng, 5, 60), stdDev: int(rng, 2, 6) / 2, ...stop };
    case 'macd_cross': {
      const fast = int(rng, 3, 20);
      return { fast, slow: fast + int(rng, 2, 40), signal: int(rng, 2, 20), ...stop };
    }
    default:
      return { emaFast: int(rng, 5, 30), emaSlow: int(rng, 31, 120), rsiPeriod: int(rng, 5, 30), macdSignal: int(rng, 3, 15) };
  }
}

interface Decision {
  readonly timeMs: number;
  readonly direction: number;
  readonly stopLoss: number;
  readonly takeProfit: number;
}

/** Every decision of the strategy on bars [from, to) of `series`. */
function decisions(strategy: string, params: StrategyParams, series: CandleSeries, from: number, to: number): Decision[] {
  const module = getStrategyModule(strategy)!;
  const resolved = resolveParamsFor(module, params);
  if (!('params' in resolved)) throw new Error(resolved.errors.join('; '));
  const cache = new IndicatorCache();
  const prepared = module.prepare({
    series,
    params: resolved.params,
    cache,
    higherTimeframe: (ms) => cache.get(series, `resample:${ms}`, () => resample(series, ms)),
  });
  const out: Decision[] = [];
  const signal = new Signal();
  for (let i = Math.max(from, prepared.warmup); i < to; i++) {
    signal.reset();
    prepared.decide(i, signal);
    if (signal.direction !== 0) out.push({ timeMs: series.openTime[i], direction: signal.direction, stopLoss: signal.stopLoss, takeProfit: signal.takeProfit });
  }
  return out;
}

/** Same bars, same directions; levels from recursive indicators (ATR stops) within their seed tolerance. */
function expectSameDecisions(actual: Decision[], expected: Decision[], where: string): void {
  expect(actual.map((d) => `${d.timeMs} ${d.direction}`), where).toEqual(expected.map((d) => `${d.timeMs} ${d.direction}`));
  actual.forEach((d, k) => {
    for (const level of ['stopLoss', 'takeProfit'] as const) {
      const e = expected[k][level];
      if (Number.isNaN(e)) expect(d[level], where).toBeNaN();
      else expect(Math.abs(d[level] - e) / Math.abs(e), `${where}: ${level} at ${d.timeMs}`).toBeLessThan(RECURSIVE_SEED_TOLERANCE);
    }
  });
}

describe('warm-up history', () => {
  it('a window with its strategy’s historyBars before it decides exactly as the unbroken run, for 120 random strategies and cuts', () => {
    const rng = mulberry32(777);
    let compared = 0;
    for (let n = 0; n < 120; n++) {
      const strategy = listStrategies()[n % listStrategies().length].name;
      const params = randomParams(rng, strategy);
      const history = historyBarsOf([{ strategy, params, symbols: ['WARM'] }], FIVE_MINUTES);
      const start = int(rng, history, market.length - 3000);
      const end = start + 2500;
      const window = sliceSeries(market, { start: start - history, end });
      const expected = decisions(strategy, params, market, start, end);
      const actual = decisions(strategy, params, window, history, window.length);
      expectSameDecisions(actual, expected, `${strategy} ${JSON.stringify(params)} from bar ${start} with ${history} bars of history`);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('declares enough history: a daily trend filter on 5m candles needs over a year of them, an EMA pair a few hundred bars', () => {
    const daily = historyBarsOf([{ strategy: 'ema_cross', params: { htfMinutes: 1440, htfEmaPeriod: 50 }, symbols: ['X'] }], FIVE_MINUTES);
    expect(daily / 288).toBeGreaterThan(365);
    const plain = historyBarsOf([{ strategy: 'ema_cross', params: { fast: 12, slow: 26 }, symbols: ['X'] }], FIVE_MINUTES);
    // EMA(26): defined after 25 bars, then (25/27)^k < 1e-6 after 180 more; + 1 for the crossover's previous bar.
    expect(plain).toBe(25 + 180 + 1);
    // The most over the legs.
    expect(historyBarsOf([{ strategy: 'sma_cross', params: { fast: 5, slow: 300 }, symbols: ['X'] }, { strategy: 'ema_cross', params: {}, symbols: ['X'] }], FIVE_MINUTES)).toBe(300);
  });

  it('a run with a start trades nothing before it, and its equity curve and metrics cover only its range', () => {
    const startBar = 8000;
    const legs = [{ strategy: 'ema_cross', params: { fast: 8, slow: 30, stopLossPct: 1.5, riskReward: 2 }, symbols: ['WARM'] }];
    const withHistory = runBacktest(dataOf(market), cfg({ legs, startTimeMs: market.openTime[startBar] }));
    expect(withHistory.trades.length).toBeGreaterThan(20);
    for (const trade of withHistory.trades) expect(trade.entryTimeMs).toBeGreaterThan(market.openTime[startBar]);
    expect(withHistory.equity.timeMs[0]).toBe(market.openTime[startBar]);
    expect(withHistory.equity.equity.length).toBe(market.length - startBar);
    expect(withHistory.equity.equity[0]).toBe(1000);
    expect(withHistory.warmupBars).toBe(0);
    // Buy and hold over the range: from the first close of the range.
    expect(withHistory.metrics.buyAndHoldReturn).toBeCloseTo((market.close[market.length - 1] / market.close[startBar] - 1) * 100, 10);
    // Cold, on the range alone, the first bars go to the indicators' warm-up instead.
    const cold = runBacktest(dataOf(sliceSeries(market, { start: startBar, end: market.length })), cfg({ legs }));
    expect(cold.warmupBars).toBe(30);
    expect(cold.equity.timeMs).toEqual(withHistory.equity.timeMs);
    // A start with too little history before it: the bars of the range still warming up are reported.
    const short = runBacktest(dataOf(market), cfg({ legs, startTimeMs: market.openTime[10] }));
    expect(short.warmupBars).toBe(20);
    // The lean path agrees bit for bit.
    expect(evaluateMetrics(dataOf(market), cfg({ legs, startTimeMs: market.openTime[startBar] })).metrics).toEqual(withHistory.metrics);
  });

  it('a start after the last candle simulates nothing', () => {
    const legs = [{ strategy: 'sma_cross', params: {}, symbols: ['WARM'] }];
    const r = runBacktest(dataOf(market), cfg({ legs, startTimeMs: market.openTime[market.length - 1] + 1 }));
    expect(r.trades).toEqual([]);
    expect(r.equity.equity.length).toBe(0);
    expect(r.metrics.roi).toBe(0);
  });
});
