import { describe, expect, it } from 'vitest';
import { candleSeries, createBacktest, generateCandles, listStrategies, runBacktest, type CandleSeries, type StrategyParams } from '../../engine/index.ts';
import { cfg, dataOf } from './helpers.ts';

const full = generateCandles({ bars: 4000, seed: 99, symbol: 'SYN', regimeBars: 300 });

function prefix(s: CandleSeries, n: number): CandleSeries {
  const cut = (a: Float64Array) => a.subarray(0, n);
  return candleSeries(s.symbol, s.intervalMs, { openTime: cut(s.openTime), open: cut(s.open), high: cut(s.high), low: cut(s.low), close: cut(s.close), volume: cut(s.volume) });
}

const cases: [string, StrategyParams][] = [
  ...listStrategies().map((s): [string, StrategyParams] => [s.name, {}]),
  ['ema_cross', { htfMinutes: 60, htfEmaPeriod: 20, atrStopMultiplier: 2, riskReward: 2 }],
  ['sma_cross', { stopLossPct: 1, riskReward: 3 }],
];

describe('no look-ahead: appending future candles never changes earlier decisions', () => {
  it.each(cases)('%s %j', (strategy, params) => {
    const n = 2500;
    const config = cfg({ legs: [{ strategy, params, symbols: ['SYN'] }], trailingStopPct: strategy === 'sma_cross' ? 3 : null });
    const short = runBacktest(dataOf(prefix(full, n)), config);
    const long = runBacktest(dataOf(full), config);
    const before = (r: typeof short) => r.trades.filter((t) => t.exitBar < n - 1 && t.entryBar < n - 1);
    expect(before(short).length).toBeGreaterThan(3);
    expect(before(short)).toEqual(before(long));
    // The truncated run force-closes at bar n − 1, so equity is compared up to n − 2.
    expect(Array.from(short.equity.equity.subarray(0, n - 1))).toEqual(Array.from(long.equity.equity.subarray(0, n - 1)));
  });
});

describe('determinism', () => {
  it('same input, identical output bit for bit; slices give the same run as one step', () => {
    const config = cfg({ legs: [{ strategy: 'confluence', params: {}, symbols: ['SYN'] }, { strategy: 'rsi_reversion', params: {}, symbols: ['SYN', 'OTHER'] }] });
    const other = generateCandles({ bars: 3000, seed: 5, symbol: 'OTHER', startTimeMs: full.openTime[500] });
    const a = runBacktest(dataOf(full, other), config);
    const b = runBacktest(dataOf(full, other), config);
    expect(JSON.stringify(b.trades)).toBe(JSON.stringify(a.trades));
    expect(Buffer.from(b.equity.equity.buffer).equals(Buffer.from(a.equity.equity.buffer))).toBe(true);
    expect(b.metrics).toEqual(a.metrics);
    const stepper = createBacktest(dataOf(full, other), config);
    let slices = 0;
    while (!stepper.step(333)) {
      slices++;
      const snap = stepper.snapshot();
      expect(snap.barsProcessed).toBe(slices * 333);
      expect(snap.equity).toBe(a.equity.equity[snap.barsProcessed - 1]);
    }
    const c = stepper.result();
    expect(JSON.stringify(c.trades)).toBe(JSON.stringify(a.trades));
    expect(Buffer.from(c.equity.drawdownPct.buffer).equals(Buffer.from(a.equity.drawdownPct.buffer))).toBe(true);
    expect(Buffer.from(c.equity.cash.buffer).equals(Buffer.from(a.equity.cash.buffer))).toBe(true);
  });
});

describe('accounting invariants on a long run', () => {
  it('final equity = initial capital + Σ trade P/L; cash never negative; drawdown matches the curve', () => {
    const r = runBacktest(dataOf(full), cfg({ legs: [{ strategy: 'confluence', params: {}, symbols: ['SYN'] }], sizing: { mode: 'PERCENT_EQUITY', value: 50 } }));
    const sum = r.trades.reduce((s, t) => s + t.profitLoss, 0);
    expect(r.metrics.finalEquity).toBeCloseTo(1000 + sum, 6);
    expect(r.metrics.totalProfitLoss).toBeCloseTo(sum, 9);
    for (const c of r.equity.cash) expect(c).toBeGreaterThanOrEqual(0);
    let peak = 1000;
    r.equity.equity.forEach((e, i) => {
      peak = Math.max(peak, e);
      expect(r.equity.drawdownPct[i]).toBeCloseTo(((peak - e) / peak) * 100, 9);
    });
    expect(r.warmupBars).toBeGreaterThan(49); // derived from the indicators: EMA 50 → 49 NaNs, + 1 for the slope
  });
});
