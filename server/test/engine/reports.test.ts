import { describe, expect, it } from 'vitest';
import {
  buyAndHoldEquity,
  calendarReturns,
  candleSeries,
  compareWithBenchmark,
  compoundedPct,
  dayEndPoints,
  exitReasonTable,
  exposureOverTime,
  allocationOverTime,
  openAtEnd,
  periodStartOf,
  perPairTable,
  runBacktest,
  type ReportEquityPoint,
  type ReportTrade,
} from '../../engine/index.ts';
import { bars, cfg, dataOf, lookupWith, scripted } from './helpers.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday

const trade = (symbol: string, profitLoss: number, exitReason: string, entryDay: number, exitDay: number, fees = 1): ReportTrade => ({
  symbol,
  direction: 'LONG',
  entryTimeMs: T0 + entryDay * DAY,
  exitTimeMs: T0 + exitDay * DAY,
  entryPrice: 100,
  exitPrice: 100 + profitLoss / 10,
  quantity: 10,
  fees,
  profitLoss,
  profitLossPct: profitLoss / 10,
  exitReason,
});

describe('per-pair and exit-reason tables', () => {
  const trades = [
    trade('BTCUSDT', 50, 'SIGNAL', 0, 2),
    trade('ETHUSDT', -20, 'STOP_LOSS', 1, 2),
    trade('BTCUSDT', -10, 'STOP_LOSS', 3, 4),
    trade('ETHUSDT', 30, 'TAKE_PROFIT', 3, 5, 2),
    trade('BTCUSDT', 5, 'END_OF_DATA', 5, 6),
  ];

  it('computes each pair by hand, lists idle pairs of the universe, and sums to the run', () => {
    const rows = perPairTable(trades, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(rows.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const [btc, eth, sol] = rows;
    // BTC: +50, −10, +5 → 45; wins 2, losses 1; PF = 55 / 10; durations 2, 1, 1 days.
    expect(btc).toMatchObject({ trades: 3, wins: 2, losses: 1, profitLoss: 45, fees: 3, profitFactor: 5.5, bestTrade: 50, worstTrade: -10 });
    expect(btc.winRate).toBeCloseTo(200 / 3, 12);
    expect(btc.avgDurationMs).toBeCloseTo((4 * DAY) / 3, 6);
    expect(btc.profitLossShare).toBeCloseTo((45 / 55) * 100, 12);
    expect(eth).toMatchObject({ trades: 2, wins: 1, losses: 1, profitLoss: 10, fees: 3, profitFactor: 1.5, winRate: 50 });
    expect(sol).toMatchObject({ trades: 0, profitLoss: 0, winRate: null, profitFactor: null, bestTrade: null, avgDurationMs: null });
    expect(rows.reduce((s, r) => s + r.trades, 0)).toBe(trades.length);
    expect(rows.reduce((s, r) => s + r.profitLoss, 0)).toBe(55);
    expect(rows.reduce((s, r) => s + r.fees, 0)).toBe(6);
  });

  it('groups by exit reason, most trades first', () => {
    const rows = exitReasonTable(trades);
    expect(rows.map((r) => [r.exitReason, r.trades, r.profitLoss])).toEqual([
      ['STOP_LOSS', 2, -30],
      ['END_OF_DATA', 1, 5],
      ['SIGNAL', 1, 50],
      ['TAKE_PROFIT', 1, 30],
    ]);
  });

  it('lists the positions the end of the data closed as open trades', () => {
    expect(openAtEnd(trades)).toEqual([
      { symbol: 'BTCUSDT', direction: 'LONG', entryTime: T0 + 5 * DAY, entryPrice: 100, markPrice: 100.5, quantity: 10, profitLoss: 5, profitLossPct: 0.5, durationMs: DAY },
    ]);
  });
});

describe('calendar returns', () => {
  const point = (timeMs: number, equity: number): ReportEquityPoint => ({ timeMs, equity, cash: equity, openPositions: 0 });
  // Mon 1 Jan 2024 … Wed 7 Feb 2024, two points a day.
  const points: ReportEquityPoint[] = [];
  for (let d = 0; d < 38; d++) {
    points.push(point(T0 + d * DAY + 6 * 3_600_000, 1000 + d * 3 + (d % 3 === 0 ? -25 : 10)));
    points.push(point(T0 + d * DAY + 18 * 3_600_000, 1000 + d * 5 - (d % 4 === 0 ? 40 : 0)));
  }
  const final = points.at(-1)!.equity;

  it('finds the UTC day, ISO week (Monday) and month', () => {
    const t = Date.UTC(2024, 1, 4, 13); // Sunday 4 Feb 2024
    expect(periodStartOf('DAY', t)).toBe(Date.UTC(2024, 1, 4));
    expect(periodStartOf('WEEK', t)).toBe(Date.UTC(2024, 0, 29));
    expect(periodStartOf('MONTH', t)).toBe(Date.UTC(2024, 1, 1));
    expect(periodStartOf('YEAR', t)).toBe(Date.UTC(2024, 0, 1));
  });

  it.each(['DAY', 'WEEK', 'MONTH', 'YEAR'] as const)('%s returns chain from the capital to the final equity and compound to the ROI', (period) => {
    const rows = calendarReturns(points, 1000, period);
    expect(rows[0].startEquity).toBe(1000);
    for (let i = 1; i < rows.length; i++) expect(rows[i].startEquity).toBe(rows[i - 1].endEquity);
    expect(rows.at(-1)!.endEquity).toBe(final);
    expect(compoundedPct(rows)).toBeCloseTo((final / 1000 - 1) * 100, 10);
  });

  it('computes months by hand and counts the trades closed in each', () => {
    const trades = [trade('A', 1, 'SIGNAL', 0, 3), trade('A', 1, 'SIGNAL', 3, 30), trade('A', 1, 'SIGNAL', 30, 31), trade('A', 1, 'SIGNAL', 31, 37.9)];
    const rows = calendarReturns(points, 1000, 'MONTH', trades);
    // Last point of January: day 30 at 18:00 → 1000 + 150 = 1150; of February (day 37): 1000 + 185 = 1185.
    expect(rows.map((r) => [new Date(r.periodStart).toISOString().slice(0, 7), r.endEquity, r.tradesClosed])).toEqual([
      ['2024-01', 1150, 2],
      ['2024-02', 1185, 2],
    ]);
    expect(rows[0].returnPct).toBeCloseTo(15, 12);
    expect(rows[1].returnPct).toBeCloseTo((1185 / 1150 - 1) * 100, 12);
  });
});

describe('benchmark comparison', () => {
  it('matches a hand computation of beta, alpha, correlation and excess return', () => {
    // Run: 100 → 110 → 99 → 108.9 (returns +10 %, −10 %, +10 %). Benchmark: 100 → 105 → 102.9 → 105.987 (+5 %, −2 %, +3 %).
    // Means 1/30 and 1/50; deviations (1/15, −2/15, 1/15) and (0.03, −0.04, 0.01).
    // Σ cross = 0.008, Σ b² = 0.0026, Σ r² = 0.08/3 → beta = 0.008 / 0.0026 = 40/13;
    // alpha = (1/30 − 40/13 × 1/50) × 365 × 100 = −55/1950 × 36500 = −1029.487…; corr = 0.008 / √(0.08/3 × 0.0026) = 0.960769…
    const c = compareWithBenchmark([110, 99, 108.9], [105, 102.9, 105.987], 100);
    expect(c.beta).toBeCloseTo(40 / 13, 12);
    expect(c.alphaPct).toBeCloseTo((-55 / 1950) * 36500, 9);
    expect(c.alphaPct).toBeCloseTo(-1029.4871794871794, 9);
    expect(c.correlation).toBeCloseTo(0.9607689228305227, 12);
    expect(c.runReturnPct).toBeCloseTo(8.9, 12);
    expect(c.benchmarkReturnPct).toBeCloseTo(5.987, 12);
    expect(c.excessReturnPct).toBeCloseTo(2.913, 12);
    expect(c.observations).toBe(3);
    expect(c.nullReason).toBeNull();
  });

  it('builds the equal-weight benchmark from two pairs and compares a run that is the benchmark: beta 1, alpha 0, correlation 1', () => {
    const series = (symbol: string, closes: number[]) =>
      candleSeries(symbol, DAY, { openTime: closes.map((_, i) => T0 + i * DAY), open: closes, high: closes, low: closes, close: closes, volume: closes.map(() => 1) });
    const times = [0, 1, 2, 3].map((d) => T0 + d * DAY);
    // A: 10, 11, 12, 9 ; B: 20, 18, 22, 24 → mean ratios 1, (1.1 + 0.9)/2 = 1, (1.2 + 1.1)/2 = 1.15, (0.9 + 1.2)/2 = 1.05.
    const bench = buyAndHoldEquity([series('A', [10, 11, 12, 9]), series('B', [20, 18, 22, 24])], 1000, times);
    expect(Array.from(bench)).toEqual([1000, 1000, 1150, 1050].map((v) => expect.closeTo(v, 9)));
    const c = compareWithBenchmark(bench, bench, 1000);
    expect(c.beta).toBeCloseTo(1, 12);
    expect(c.alphaPct).toBeCloseTo(0, 9);
    expect(c.correlation).toBeCloseTo(1, 12);
    expect(c.excessReturnPct).toBe(0);
  });

  it('says why beta is undefined when the benchmark does not move', () => {
    const c = compareWithBenchmark([101, 102], [100, 100], 100);
    expect(c).toMatchObject({ beta: null, alphaPct: null, correlation: null, nullReason: 'the benchmark does not move' });
  });

  it('reads the last point of each UTC day', () => {
    const pts = [0.2, 0.7, 1.1, 1.9, 2.5].map((d) => ({ timeMs: T0 + d * DAY }));
    expect(dayEndPoints(pts).map((p) => (p.timeMs - T0) / DAY)).toEqual([0.7, 1.9, 2.5]);
  });
});

describe('exposure and allocation', () => {
  it('derives the invested share from cash and allocation from open trades at cost', () => {
    const points = [0, 1, 2, 3].map((d) => ({ timeMs: T0 + d * DAY, equity: 2000, cash: d === 1 ? 1000 : 2000, openPositions: d === 1 ? 1 : 0 }));
    expect(exposureOverTime(points).map((r) => r.investedPct)).toEqual([0, 50, 0, 0]);
    const alloc = allocationOverTime(points, [trade('A', 0, 'SIGNAL', 1, 3), trade('B', 0, 'SIGNAL', 2, 3)]);
    // Each trade holds 100 × 10 = 1000 of 2000 equity while entry ≤ t < exit.
    expect(alloc.symbols).toEqual([
      { symbol: 'A', sharePct: [0, 50, 50, 0] },
      { symbol: 'B', sharePct: [0, 0, 50, 0] },
    ]);
  });

  it('counts only what a trade still holds: half after a partial exit, an add only from its fill', () => {
    const points = [0, 1, 2, 3, 4].map((d) => ({ timeMs: T0 + d * DAY, equity: 2000, cash: 2000, openPositions: 1 }));
    const at = (day: number) => T0 + day * DAY;
    // LONG 10 at 100 on day 1 (1,000 = 50 %); a partial target sells 5 on day 2 (500 left at cost = 25 %); the rest exits on day 3.
    const scaled: ReportTrade = { ...trade('A', 50, 'TAKE_PROFIT', 1, 3), fills: [
      { timeMs: at(1), side: 'BUY', price: 100, quantity: 10 },
      { timeMs: at(2), side: 'SELL', price: 110, quantity: 5 },
      { timeMs: at(3), side: 'SELL', price: 100, quantity: 5 },
    ] };
    // SHORT 4 at 50 on day 0 (200 = 10 %), 4 more at 60 on day 1 (440 = 22 %), all bought back on day 2.
    const pyramided: ReportTrade = { ...trade('B', -20, 'SIGNAL', 0, 2), direction: 'SHORT', entryPrice: 55, quantity: 8, fills: [
      { timeMs: at(0), side: 'SELL', price: 50, quantity: 4 },
      { timeMs: at(1), side: 'SELL', price: 60, quantity: 4 },
      { timeMs: at(2), side: 'BUY', price: 55, quantity: 8 },
    ] };
    expect(allocationOverTime(points, [scaled, pyramided]).symbols).toEqual([
      { symbol: 'A', sharePct: [0, 50, 25, 0, 0] },
      { symbol: 'B', sharePct: [10, 22, 0, 0, 0] },
    ]);
  });

  it('exposure over time after a partial exit is the quantity still held, from the engine\'s cash (hand-computed)', () => {
    // LONG 1 at 100, stop 95 (R = 5), half closed at 1R = 105 on bar 1, a quarter at 2R = 110 on bar 2, the last quarter
    // stopped at break-even 100 on bar 3. Held and marked at each close: bar 1 0.5 × 104 = 52, bar 2 0.25 × 110 = 27.5.
    const series = bars('A', [[100, 100, 100, 100], [100, 106, 99, 104], [104, 111, 103, 110], [108, 109, 99, 100], [100, 100, 100, 100]]);
    const config = cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: ['A'] }], sizing: { mode: 'FIXED_QUOTE', value: 100 }, breakEvenAfterFirstTarget: true,
      scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.25 }] });
    const r = runBacktest(dataOf(series), config, { strategies: lookupWith(scripted({ A: { 0: { dir: 'LONG', stop: 95, target: 120 } } })) });
    const points = Array.from(r.equity.timeMs, (timeMs, i) => ({ timeMs, equity: r.equity.equity[i], cash: r.equity.cash[i], openPositions: r.equity.openPositions[i] }));
    const invested = exposureOverTime(points).map((row, i) => (row.investedPct * points[i].equity) / 100);
    expect(invested[1]).toBeCloseTo(52, 9);
    expect(invested[2]).toBeCloseTo(27.5, 9);
    expect(invested[3]).toBeCloseTo(0, 9);
  });
});
