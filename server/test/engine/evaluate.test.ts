import { describe, expect, it } from 'vitest';
import {
  IndicatorCache,
  OPPOSITE_SIGNAL_ACTIONS,
  ENTRY_ORDER_TYPES,
  resample,
  ENTRY_RANKINGS,
  REBALANCE_SCHEDULES,
  dailyCloses,
  dailyReturns,
  dayEndBars,
  evaluateMetrics,
  generateCandles,
  mulberry32,
  runBacktest,
  type BacktestConfig,
  type Prng,
  type SizingMode,
  type StrategyLeg,
  type StrategyParams,
} from '../../engine/index.ts';
import { LEVERAGE_BRACKET_TABLES } from '../../engine/futures/leverage-brackets.ts';
import { cfg, dataOf } from './helpers.ts';

// The lean sweep path must give runBacktest's metrics exactly (Object.is on every field, so bit for bit),
// whatever the configuration: every strategy, stops, sizing, shorts, reversals, trailing and risk stops,
// costs, several legs and symbols, and a cache shared across all of them (its scratch buffer reused).

const QUARTER_HOUR = 900_000;
const a = generateCandles({ bars: 4000, seed: 11, symbol: 'AAA', intervalMs: QUARTER_HOUR, regimeBars: 250 });
const b = generateCandles({ bars: 3000, seed: 12, symbol: 'BBB', intervalMs: QUARTER_HOUR, startPrice: 20, volatility: 0.006, startTimeMs: a.openTime[600] });
const data = dataOf(a, b);

/** Funding every 8 h over both symbols' span, its rate cycling through paying and receiving (FUTURES runs settle it). */
function fundingOver(from: number, to: number, phase: number) {
  const times = Array.from({ length: Math.ceil((to - from) / 28_800_000) }, (_, k) => from + k * 28_800_000);
  return { timeMs: Float64Array.from(times), rate: Float64Array.from(times, (_, k) => 0.0001 * (((k + phase) % 7) - 2)) };
}
/** The generated symbols trade as BTCUSDT does, so high leverage stays open to them (a small alt's DEFAULT tiers would refuse most of it). */
const brackets = LEVERAGE_BRACKET_TABLES[0];
const bracketTable = { ...brackets, symbols: { ...brackets.symbols, AAA: brackets.symbols.BTCUSDT, BBB: brackets.symbols.BTCUSDT } };

const fundingOfData = new Map([
  ['AAA', fundingOver(a.openTime[0], a.openTime[a.length - 1], 0)],
  ['BBB', fundingOver(b.openTime[0], b.openTime[b.length - 1], 3)],
]);

const int = (rng: Prng, lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
const pick = <T,>(rng: Prng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const chance = (rng: Prng, p: number): boolean => rng.next() < p;

function stops(rng: Prng): StrategyParams {
  const kind = pick(rng, ['none', 'pct', 'atr'] as const);
  if (kind === 'none') return {};
  const rr = chance(rng, 0.6) ? int(rng, 2, 8) / 2 : 0;
  return kind === 'pct'
    ? { stopLossPct: int(rng, 1, 10) / 2, riskReward: rr }
    : { atrStopMultiplier: int(rng, 2, 12) / 4, atrPeriod: int(rng, 5, 20), riskReward: rr };
}

function strategyLeg(rng: Prng, symbols: string[]): StrategyLeg {
  const strategy = pick(rng, ['sma_cross', 'ema_cross', 'rsi_reversion', 'bollinger_breakout', 'macd_cross', 'confluence']);
  let params: StrategyParams;
  switch (strategy) {
    case 'sma_cross':
    case 'ema_cross': {
      const fast = int(rng, 2, 30);
      params = { fast, slow: fast + int(rng, 1, 80), ...stops(rng) };
      if (strategy === 'ema_cross' && chance(rng, 0.2)) params = { ...params, htfMinutes: 60, htfEmaPeriod: int(rng, 5, 30) };
      break;
    }
    case 'rsi_reversion':
      params = { rsiPeriod: int(rng, 2, 30), oversold: int(rng, 15, 40), exitLevel: int(rng, 45, 55), overbought: int(rng, 60, 85), ...stops(rng) };
      break;
    case 'bollinger_breakout':
      params = { period: int(rng, 5, 40), stdDev: int(rng, 2, 6) / 2, exitAtMiddle: chance(rng, 0.5), ...stops(rng) };
      break;
    case 'macd_cross': {
      const fast = int(rng, 3, 20);
      params = { fast, slow: fast + int(rng, 2, 30), signal: int(rng, 2, 15), ...stops(rng) };
      break;
    }
    default:
      params = { emaFast: int(rng, 5, 20), emaSlow: int(rng, 25, 80), minConfidence: int(rng, 6, 18) / 20, riskReward: int(rng, 2, 6) / 2 };
  }
  return { strategy, params, symbols };
}

function randomConfig(rng: Prng): BacktestConfig {
  const shape = rng.next();
  const legs =
    shape < 0.7
      ? [strategyLeg(rng, [pick(rng, ['AAA', 'BBB'])])]
      : shape < 0.85
        ? [strategyLeg(rng, ['AAA', 'BBB'])]
        : [strategyLeg(rng, ['AAA']), strategyLeg(rng, [pick(rng, ['AAA', 'BBB'])])];
  const mode = pick<SizingMode>(rng, ['FIXED_QUOTE', 'PERCENT_EQUITY', 'RISK_PERCENT', 'EQUAL_SPLIT']);
  const value = mode === 'FIXED_QUOTE' ? int(rng, 50, 2000) : mode === 'PERCENT_EQUITY' ? int(rng, 5, 100) : int(rng, 1, 10) / 2;
  return cfg({
    initialCapital: pick(rng, [1000, 10_000]),
    legs,
    feeRate: pick(rng, [0, 0.0005, 0.001, 0.004]),
    slippageBps: pick(rng, [0, 2, 10, 25]),
    sizing: { mode, value },
    quantityStep: pick(rng, [0, 0, 0.01, 1]),
    minNotional: pick(rng, [0, 0, 10]),
    maxOpenPositions: int(rng, 1, 3),
    allowShort: chance(rng, 0.6),
    oppositeSignal: pick(rng, OPPOSITE_SIGNAL_ACTIONS),
    trailingStopPct: chance(rng, 0.3) ? int(rng, 1, 10) / 2 : null,
    maxDrawdownStopPct: chance(rng, 0.25) ? int(rng, 2, 30) : null,
    // Some runs start later, the bars before them only history for the indicators.
    startTimeMs: chance(rng, 0.3) ? a.openTime[int(rng, 50, 2500)] : null,
    // STRATEGY_SERIES needs a strategy with a rank series (none of the built-ins has one).
    entryRanking: pick(rng, ENTRY_RANKINGS.filter((r) => r !== 'STRATEGY_SERIES')),
    ...rebalancingSettings(rng, [...new Set(legs.flatMap((leg) => leg.symbols))]),
    ...scalingSettings(rng),
  });
}

const NO_REBALANCING = { rebalanceSchedule: 'BARS', rebalanceEveryBars: null, rebalanceWeights: [] } as const satisfies Partial<BacktestConfig>;

/** Rebalancing in about a quarter of the runs: every n bars or on a calendar, to equal weight or to drawn weights (a symbol left out: weight 0). */
function rebalancingSettings(rng: Prng, symbols: readonly string[]): Partial<BacktestConfig> {
  if (!chance(rng, 0.25)) return NO_REBALANCING;
  const rebalanceSchedule = pick(rng, REBALANCE_SCHEDULES);
  const weighted = chance(rng, 0.5) ? symbols.filter(() => chance(rng, 0.8)) : [];
  return {
    rebalanceSchedule,
    rebalanceEveryBars: rebalanceSchedule === 'BARS' ? int(rng, 20, 400) : null,
    rebalanceWeights: weighted.map((symbol) => ({ symbol, weight: int(rng, 0, 10) / 10 / symbols.length })),
  };
}

/** Scaling out and pyramiding, on in about half the runs. */
function scalingSettings(rng: Prng): Partial<BacktestConfig> {
  if (!chance(rng, 0.6)) return {};
  // 0 to 3 targets, levels increasing by half R steps; the fractions close part of the position or all of it.
  const scaleOutTargets: { levelR: number; fraction: number }[] = [];
  let levelR = 0, left = 1;
  for (let count = chance(rng, 0.8) ? int(rng, 1, 3) : 0; count > 0; count--) {
    levelR += int(rng, 1, 4) / 2;
    const fraction = count === 1 && chance(rng, 0.3) ? left : Math.min(left, pick(rng, [0.1, 0.25, 0.5]));
    if (fraction <= 0) break;
    scaleOutTargets.push({ levelR, fraction });
    left -= fraction;
  }
  return {
    scaleOutTargets,
    breakEvenAfterFirstTarget: scaleOutTargets.length > 0 && chance(rng, 0.5),
    pyramidingMaxAdds: pick(rng, [0, 1, 3]),
  };
}

/** A trade's quantity, fees and P/L are those of its fills (entry and adds bought, exits sold, or the reverse). */
function expectTradesAreTheSumOfTheirFills(result: ReturnType<typeof runBacktest>, where: string): void {
  const byTrade = new Map<number, (typeof result.fills)[number][]>();
  for (const f of result.fills) byTrade.set(f.tradeIndex, [...(byTrade.get(f.tradeIndex) ?? []), f]);
  result.trades.forEach((t, n) => {
    const fills = byTrade.get(n) ?? [];
    const opening = t.direction === 'LONG' ? 'BUY' : 'SELL';
    const entries = fills.filter((f) => f.side === opening), exits = fills.filter((f) => f.side !== opening);
    const total = (list: typeof fills, pick: (f: (typeof fills)[number]) => number) => list.reduce((a, f) => a + pick(f), 0);
    const scale = Math.max(1, Math.abs(t.quantity * t.entryPrice));
    expect(total(entries, (f) => f.quantity), where).toBeCloseTo(t.quantity, 9);
    expect(total(exits, (f) => f.quantity), where).toBeCloseTo(t.quantity, 9);
    expect(total(fills, (f) => f.fee) / scale, where).toBeCloseTo(t.fees / scale, 9);
    const sign = t.direction === 'LONG' ? 1 : -1;
    const gross = sign * (total(exits, (f) => f.quantity * f.price) - total(entries, (f) => f.quantity * f.price));
    expect((gross - t.fees + (t.funding ?? 0)) / scale, where).toBeCloseTo(t.profitLoss / scale, 9);
  });
}

describe('evaluateMetrics (lean sweep path)', () => {
  it('gives runBacktest’s metrics and counters exactly on 300 random configurations', () => {
    const rng = mulberry32(20240601);
    const cache = new IndicatorCache();
    const seen = { trades: 0, laterStart: 0, riskStops: 0, multiSymbol: 0, multiLeg: 0, skipped: 0, shrunk: 0, shorts: 0, nullSharpe: 0, partialExits: 0, adds: 0, breakEvenStops: 0, funding: 0, calendarRebalances: 0, weightedRebalances: 0 };
    for (let n = 0; n < 300; n++) {
      const drawn = randomConfig(rng);
      // A third are perpetual futures, settling the funding history the way a sweep's chunks pass it (rebalancing is spot's).
      const config: BacktestConfig = chance(rng, 1 / 3) ? { ...drawn, marketType: 'FUTURES', leverage: pick(rng, [1, 3, 10, 25]), ...NO_REBALANCING } : drawn;
      const full = runBacktest(data, config, { cache, funding: fundingOfData, bracketTable });
      const lean = evaluateMetrics(data, config, { cache, funding: fundingOfData, bracketTable });
      const where = `config #${n}: ${JSON.stringify(config)}`;
      expect(lean.metrics, where).toEqual(full.metrics);
      expect(lean.skippedEntries, where).toEqual(full.skippedEntries);
      expect(lean.entriesShrunkToCash, where).toBe(full.entriesShrunkToCash);
      expect(lean.warmupBars, where).toBe(full.warmupBars);
      expect(lean.stoppedReason, where).toBe(full.stoppedReason);
      if (config.marketType === 'FUTURES') expect(lean.execution, where).toEqual(full.execution);
      if (full.execution.fundingTotal !== 0) seen.funding++;
      if (full.trades.length > 0) seen.trades++;
      if (config.startTimeMs != null) seen.laterStart++;
      if (full.stoppedReason !== null) seen.riskStops++;
      if (config.legs.some((leg) => leg.symbols.length > 1) || new Set(config.legs.flatMap((l) => l.symbols)).size > 1) seen.multiSymbol++;
      if (config.legs.length > 1) seen.multiLeg++;
      if (Object.keys(full.skippedEntries).length > 0) seen.skipped++;
      if (full.entriesShrunkToCash > 0) seen.shrunk++;
      if (full.trades.some((t) => t.direction === 'SHORT')) seen.shorts++;
      if (full.metrics.sharpeRatio === null) seen.nullSharpe++;
      if (full.fills.some((f) => f.reason === 'TAKE_PROFIT_1')) seen.partialExits++;
      if (full.fills.some((f) => f.reason === 'ADD_MARKET')) seen.adds++;
      if (config.rebalanceSchedule !== 'BARS' && full.fills.some((f) => f.reason === 'REBALANCE')) seen.calendarRebalances++;
      if (config.rebalanceWeights.length > 0 && full.fills.some((f) => f.reason === 'REBALANCE')) seen.weightedRebalances++;
      if (config.breakEvenAfterFirstTarget && full.trades.some((t) => t.exitReason === 'STOP_LOSS' && t.stopLoss === t.entryPrice)) seen.breakEvenStops++;
      expectTradesAreTheSumOfTheirFills(full, where);
    }
    // The generator must keep reaching every kind of run, or this test would prove little.
    expect(seen.trades).toBeGreaterThan(250);
    for (const [kind, count] of Object.entries(seen)) if (kind !== 'trades') expect(count, kind).toBeGreaterThan(5);
  });

  it('gives the same metrics without a cache, and again when the cache is reused for a shorter series', () => {
    const config = cfg({ legs: [{ strategy: 'ema_cross', params: { fast: 8, slow: 40, stopLossPct: 2, riskReward: 2 }, symbols: ['AAA'] }] });
    const expected = runBacktest(data, config).metrics;
    expect(evaluateMetrics(data, config).metrics).toEqual(expected);
    const cache = new IndicatorCache();
    const short = generateCandles({ bars: 1500, seed: 11, symbol: 'AAA', intervalMs: QUARTER_HOUR, regimeBars: 250 });
    expect(evaluateMetrics(dataOf(short), config, { cache }).metrics).toEqual(runBacktest(dataOf(short), config).metrics);
    expect(evaluateMetrics(data, config, { cache }).metrics).toEqual(expected);
    expect(evaluateMetrics(dataOf(short), config, { cache }).metrics).toEqual(runBacktest(dataOf(short), config).metrics);
  });

  it('keeps the daily returns its Sharpe ratio read only when asked: those of the full run’s equity curve', () => {
    const cache = new IndicatorCache();
    const config = cfg({ legs: [{ strategy: 'ema_cross', params: { fast: 8, slow: 40 }, symbols: ['AAA'] }] });
    const full = runBacktest(data, config);
    const kept = evaluateMetrics(data, config, { cache, keepDailyReturns: true });
    expect(kept.dailyReturns).toEqual(dailyReturns({ equity: full.equity.equity, dayEnds: dayEndBars(full.equity.timeMs, full.equity.timeMs.length) }));
    expect(kept.dailyReturns!.length).toBe(dailyCloses(full.equity).length - 1);
    expect(kept.metrics).toEqual(full.metrics);
    expect('dailyReturns' in evaluateMetrics(data, config, { cache })).toBe(false);
  });
});

describe('evaluateMetrics with the execution model', () => {
  // 15m bars resampled from 5m candles, which serve as their detail; funding every 8 h.
  const fine = generateCandles({ bars: 9000, seed: 21, symbol: 'AAA', intervalMs: QUARTER_HOUR / 3, regimeBars: 600, volatility: 0.008 });
  const base = resample(fine, QUARTER_HOUR).series;
  const times = Array.from({ length: Math.ceil((9000 * QUARTER_HOUR) / 3 / 28_800_000) }, (_, k) => fine.openTime[0] + k * 28_800_000);
  const funding = { timeMs: Float64Array.from(times), rate: Float64Array.from(times, (_, k) => 0.0001 * ((k % 7) - 2)) };
  const options = { detail: dataOf(fine), funding: new Map([['AAA', funding]]), bracketTable };

  it('gives runBacktest’s metrics, counters and execution summary exactly on 100 random execution configurations', () => {
    const rng = mulberry32(77);
    const cache = new IndicatorCache();
    const seen = { liquidations: 0, cancelled: 0, detail: 0, funding: 0, limitFills: 0, partialExits: 0, adds: 0 };
    for (let n = 0; n < 100; n++) {
      const futures = chance(rng, 0.5);
      const config = cfg({
        ...randomConfig(rng),
        legs: [strategyLeg(rng, ['AAA'])],
        entryOrderType: pick(rng, ENTRY_ORDER_TYPES),
        entryOffsetMode: pick(rng, ['PERCENT', 'ATR'] as const),
        entryOffset: int(rng, 0, 6) / 4,
        orderValidBars: int(rng, 1, 5),
        detailTimeframe: chance(rng, 0.5) ? 'M5' : 'OFF',
        marketType: futures ? 'FUTURES' : 'SPOT',
        leverage: futures ? pick(rng, [1, 5, 20, 50]) : 1,
        ...(futures ? NO_REBALANCING : rebalancingSettings(rng, ['AAA'])),
        makerFeeRate: chance(rng, 0.5) ? 0.0002 : null,
        startTimeMs: null,
        ...scalingSettings(rng),
      });
      const full = runBacktest(dataOf(base), config, { cache, ...options });
      const lean = evaluateMetrics(dataOf(base), config, { cache, ...options });
      const where = `config #${n}: ${JSON.stringify(config)}`;
      expect(lean.metrics, where).toEqual(full.metrics);
      expect(lean.skippedEntries, where).toEqual(full.skippedEntries);
      expect(lean.execution, where).toEqual(full.execution);
      for (const e of full.equity.equity) expect(e, where).toBeGreaterThanOrEqual(0);
      if (full.execution.liquidations > 0) seen.liquidations++;
      if (full.execution.cancelledOrders > 0) seen.cancelled++;
      if (full.execution.barsWithDetail > 0) seen.detail++;
      if (full.execution.fundingTotal !== 0) seen.funding++;
      if (full.fills.some((f) => f.reason === 'ENTRY_LIMIT')) seen.limitFills++;
      if (full.fills.some((f) => f.reason === 'TAKE_PROFIT_1')) seen.partialExits++;
      if (full.fills.some((f) => f.reason === 'ADD_MARKET')) seen.adds++;
      expectTradesAreTheSumOfTheirFills(full, where);
    }
    for (const [kind, count] of Object.entries(seen)) expect(count, kind).toBeGreaterThan(3);
  });
});
