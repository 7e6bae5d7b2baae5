/**
 * The execution model beyond market orders at the open, each rule on a hand-computed case: intrabar
 * detail, limit / stop / stop-limit entries and their expiry, the spot-short liquidation (ruin), month-end
 * exit stamps, futures liquidation prices (Binance's formula) and funding sums.
 */
import { describe, expect, it } from 'vitest';
import { NOMINAL_MONTH_MS, candleSeries, evaluateMetrics, generateCandles, runBacktest, type BacktestConfig, type CandleSeries, type FundingSeries } from '../../engine/index.ts';
import { LEVERAGE_BRACKET_TABLES, bracketFor, bracketsOf } from '../../engine/futures/leverage-brackets.ts';
import { HOUR, T0, bars, cfg, dataOf, lookupWith, scripted, type Script } from './helpers.ts';

type Row = [number, number, number, number];
const flat = (p: number): Row => [p, p, p, p];
const MINUTE = 60_000;

function run(series: CandleSeries[], script: Script, overrides: Partial<BacktestConfig> = {}, options: Parameters<typeof runBacktest>[2] = {}) {
  const module = scripted(script);
  const config = cfg({ legs: [{ strategy: 'scripted', params: {}, symbols: series.map((s) => s.symbol) }], ...overrides });
  const all = { strategies: lookupWith(module), ...options };
  const result = runBacktest(dataOf(...series), config, all);
  // The lean sweep path reports the same metrics and execution summary.
  const lean = evaluateMetrics(dataOf(...series), config, all);
  expect(lean.metrics).toEqual(result.metrics);
  expect(lean.execution).toEqual(result.execution);
  return result;
}

/** 5m candles from rows, starting at `start`. */
function fiveMinute(symbol: string, start: number, rows: readonly Row[]): CandleSeries {
  return candleSeries(symbol, 5 * MINUTE, {
    openTime: rows.map((_, i) => start + i * 5 * MINUTE),
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
    volume: rows.map(() => 1),
  });
}

describe('intrabar detail', () => {
  // Bar 2 touches both the stop (95) and the target (105); its 5m path reaches 105 first.
  const hourly = bars('A', [flat(100), flat(100), [100, 106, 94, 100], flat(100)]);
  const path: Row[] = [
    [100, 102, 99.5, 101],
    [101, 106, 100.5, 104],
    [104, 104, 98, 99],
    [99, 99, 94, 96],
    ...Array.from({ length: 8 }, (): Row => [96, 100, 96, 100]),
  ];
  path[11] = [99, 100, 98, 100];
  const detail = fiveMinute('A', T0 + 2 * HOUR, path);
  const script: Script = { A: { 1: { dir: 'LONG', stop: 95, target: 105 } } };

  it('without detail: the stop fills and the exit is reported as ambiguous', () => {
    const r = run([hourly], script, { sizing: { mode: 'FIXED_QUOTE', value: 100 } });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ exitReason: 'STOP_LOSS', exitPrice: 95, exitTimeMs: T0 + 3 * HOUR });
    expect(r.execution.ambiguousExits).toBe(1);
    expect(r.execution.ambiguityRule).toMatch(/fills the stop/);
  });

  it('with 5m detail: the target came first, nothing is ambiguous, and the exit is stamped at its 5m candle', () => {
    const r = run([hourly], script, { sizing: { mode: 'FIXED_QUOTE', value: 100 }, detailTimeframe: 'M5' }, { detail: dataOf(detail) });
    expect(r.trades).toHaveLength(1);
    // The second 5m candle (opening 2h05) reaches 105: TAKE_PROFIT at 105, stamped at its close 2h10.
    expect(r.trades[0]).toMatchObject({ exitReason: 'TAKE_PROFIT', exitPrice: 105, exitTimeMs: T0 + 2 * HOUR + 10 * MINUTE });
    expect(r.execution).toMatchObject({ ambiguousExits: 0, barsWithDetail: 1, barsWithoutDetail: 0 });
    expect(r.detailGaps.length).toBeGreaterThan(0); // bars 0, 1 and 3 have no 5m candles: reported
    expect(r.detailGaps[0]).toEqual({ symbol: 'A', fromMs: T0, toMs: T0 + 2 * HOUR });
  });

  it('says where detail was missing when a bar that needed it had none', () => {
    const r = run([hourly], script, { detailTimeframe: 'M5' }, { detail: dataOf(fiveMinute('A', T0 + 3 * HOUR, [flat(100)])) });
    expect(r.trades[0].exitReason).toBe('STOP_LOSS');
    expect(r.execution).toMatchObject({ ambiguousExits: 1, barsWithDetail: 0, barsWithoutDetail: 1 });
  });
});

describe('limit and stop entries', () => {
  const script: Script = { A: { 1: { dir: 'LONG' } } };

  it('LIMIT: fills only when price trades through the limit, at the limit; maker fee; no slippage', () => {
    // Signal close 100, limit 2 % below = 98. Bar 2's low only touches 98; bar 3 trades through.
    const rows: Row[] = [flat(100), flat(100), [100, 101, 98, 99], [99, 99.5, 97, 98], flat(99), flat(99)];
    const r = run([bars('A', rows)], script, {
      entryOrderType: 'LIMIT',
      entryOffset: 2,
      orderValidBars: 2,
      slippageBps: 50,
      makerFeeRate: 0.0002,
      sizing: { mode: 'FIXED_QUOTE', value: 98 },
    });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entryBar: 3, entryPrice: 98, quantity: 1 });
    expect(r.fills[0]).toMatchObject({ reason: 'ENTRY_LIMIT', price: 98, quantity: 1 });
    expect(r.fills[0].fee).toBeCloseTo(98 * 0.0002, 12);
    expect(r.execution.cancelledOrders).toBe(0);
  });

  it('LIMIT: a gap below the limit fills at the better open', () => {
    const r = run([bars('A', [flat(100), flat(100), [96, 97, 95, 96], flat(96)])], script, { entryOrderType: 'LIMIT', entryOffset: 2 });
    expect(r.trades[0]).toMatchObject({ entryBar: 2, entryPrice: 96 });
  });

  it('an order not filled within orderValidBars is cancelled and counted', () => {
    const r = run([bars('A', [flat(100), flat(100), [100, 101, 98, 99], flat(99), [99, 99, 90, 95], flat(95)])], script, {
      entryOrderType: 'LIMIT',
      entryOffset: 2,
      orderValidBars: 2,
    });
    expect(r.trades).toHaveLength(0);
    expect(r.execution.cancelledOrders).toBe(1);
    expect(r.cancelledOrders[0]).toMatchObject({ symbol: 'A', direction: 'LONG', type: 'LIMIT', price: 98, placedTimeMs: T0 + HOUR, cancelledTimeMs: T0 + 3 * HOUR });
  });

  it('STOP: fills when price reaches the trigger, at the trigger (or a worse open), slipped like a market order', () => {
    const rows: Row[] = [flat(100), flat(100), [100, 100.5, 99, 100], [100, 102, 99.5, 101.5], flat(101)];
    const r = run([bars('A', rows)], script, { entryOrderType: 'STOP', entryOffset: 1, orderValidBars: 3, slippageBps: 10 });
    expect(r.trades[0].entryBar).toBe(3);
    expect(r.trades[0].entryPrice).toBeCloseTo(101 * 1.001, 12);
    const gap = run([bars('A', [flat(100), flat(100), [103, 104, 102, 103], flat(103)])], script, { entryOrderType: 'STOP', entryOffset: 1 });
    expect(gap.trades[0].entryPrice).toBe(103);
  });

  it('STOP_LIMIT: a trigger within the limit fills at the trigger; a gap past the limit rests as a limit', () => {
    // Trigger 101, limit 101 × 1.01 = 102.01.
    const settings = { entryOrderType: 'STOP_LIMIT', entryOffset: 1, stopLimitOffsetPct: 1, orderValidBars: 3 } as const;
    const inside = run([bars('A', [flat(100), flat(100), [100, 102, 99, 101], flat(101)])], script, settings);
    expect(inside.trades[0]).toMatchObject({ entryBar: 2, entryPrice: 101 });
    // Opens at 104 > 102.01: not filled; the next bar trades down through 102.01 → filled at 102.01.
    const gap = run([bars('A', [flat(100), flat(100), [104, 105, 103, 104], [103, 103, 101, 102], flat(102)])], script, settings);
    expect(gap.trades[0].entryBar).toBe(3);
    expect(gap.trades[0].entryPrice).toBeCloseTo(102.01, 12);
  });

  it('an entry filled inside a bar is protected from the next bar on; a stop entry’s certain target fills the same bar', () => {
    // Limit 98 fills in bar 2, whose low 94 is below the stop 95: not checked in bar 2 (unknown order), bar 3 stays above.
    const limit = run([bars('A', [flat(100), flat(100), [100, 100, 94, 97], flat(97), flat(97)])], { A: { 1: { dir: 'LONG', stop: 95 } } }, { entryOrderType: 'LIMIT', entryOffset: 2 });
    expect(limit.trades[0]).toMatchObject({ entryBar: 2, exitReason: 'END_OF_DATA' });
    // Stop 101 fills in bar 2, whose high 104 reaches the target 103 while its low stays above the stop 99.
    const stop = run([bars('A', [flat(100), flat(100), [100, 104, 99.5, 102], flat(102)])], { A: { 1: { dir: 'LONG', stop: 99, target: 103 } } }, { entryOrderType: 'STOP', entryOffset: 1 });
    expect(stop.trades[0]).toMatchObject({ entryBar: 2, exitBar: 2, entryPrice: 101, exitPrice: 103, exitReason: 'TAKE_PROFIT' });
  });

  it('ATR offsets: the limit lies entryOffset × ATR(14) below the signal close', () => {
    // Constant true range 2 (high − low) → ATR 2; limit = 100 − 1.5 × 2 = 97.
    const rows: Row[] = [...Array.from({ length: 20 }, (): Row => [100, 101, 99, 100]), [100, 100, 96.5, 98], [98, 98, 98, 98]];
    const r = run([bars('A', rows)], { A: { 19: { dir: 'LONG' } } }, { entryOrderType: 'LIMIT', entryOffsetMode: 'ATR', entryOffset: 1.5 });
    expect(r.trades[0]).toMatchObject({ entryBar: 20 });
    expect(r.trades[0].entryPrice).toBeCloseTo(97, 9);
  });
});

describe('ruin: a spot short is liquidated before it owes more than it holds', () => {
  it('closes at 2 × entry / (1 + fee), where collateral + unrealised P/L only pays the exit fee; equity never below zero', () => {
    // All equity short at 100, then the price gaps to 300.
    const rows: Row[] = [flat(100), flat(100), flat(100), [150, 300, 150, 280], flat(280), flat(280)];
    const r = run([bars('A', rows)], { A: { 1: { dir: 'SHORT' } } }, { initialCapital: 1000, sizing: { mode: 'PERCENT_EQUITY', value: 100 } });
    const t = r.trades[0];
    expect(t.exitReason).toBe('LIQUIDATION');
    expect(t.exitPrice).toBeCloseTo(200 / 1.001, 9);
    for (const e of r.equity.equity) expect(e).toBeGreaterThanOrEqual(0);
    expect(r.metrics.finalEquity).toBeLessThan(1e-6);
    expect(r.metrics.finalEquity).toBeGreaterThanOrEqual(0);
  });
});

describe('monthly bars', () => {
  it('stamps an exit inside a month at the real end of that month, not open + 30 days', () => {
    const months = [0, 1, 2, 3, 4].map((m) => Date.UTC(2024, m, 1));
    const rows: Row[] = [flat(100), flat(100), [100, 101, 90, 95], flat(95), flat(95)];
    const series = candleSeries('A', NOMINAL_MONTH_MS, {
      openTime: months,
      open: rows.map((r) => r[0]),
      high: rows.map((r) => r[1]),
      low: rows.map((r) => r[2]),
      close: rows.map((r) => r[3]),
      volume: rows.map(() => 1),
    });
    const r = run([series], { A: { 1: { dir: 'LONG', stop: 92 } } });
    // Stopped in March 2024 (31 days): stamped 1 April, where open + 30 days would say 31 March.
    expect(r.trades[0]).toMatchObject({ exitReason: 'STOP_LOSS', exitTimeMs: Date.UTC(2024, 3, 1) });
  });
});

describe('perpetual futures', () => {
  const table = LEVERAGE_BRACKET_TABLES[0];

  it('liquidates at Binance’s isolated-margin price: worked example, 20× on BTCUSDT', () => {
    // Margin 1000 (positionSize), 20× → notional 20,000 at 20,000: Q = 1, tier 1 (MMR 0.4 %, cum 0).
    // LONG:  LP = (WB + cum − Q × EP) / (Q × MMR − Q) = (1000 − 20000) / (0.004 − 1) = 19076.305220883534
    // SHORT: LP = (WB + cum + Q × EP) / (Q × MMR + Q) = (1000 + 20000) / 1.004       = 20916.334661354583
    const settings = { marketType: 'FUTURES', leverage: 20, feeRate: 0.0005, initialCapital: 10_000, sizing: { mode: 'FIXED_QUOTE', value: 1000 } } as const;
    const down = run([bars('BTCUSDT', [flat(20_000), flat(20_000), [20_000, 20_100, 18_000, 18_500], flat(18_500)])], { BTCUSDT: { 1: { dir: 'LONG' } } }, settings);
    const long = down.trades[0];
    expect(long).toMatchObject({ exitReason: 'LIQUIDATION', quantity: 1, entryPrice: 20_000 });
    expect(long.exitPrice).toBeCloseTo(19_076.305220883534, 8);
    // The whole margin is lost: −1000 − entry fee 10; cash 10,000 − 1,000 − 10.
    expect(long.profitLoss).toBeCloseTo(-1010, 9);
    expect(down.metrics.finalEquity).toBeCloseTo(8990, 9);
    expect(down.execution.liquidations).toBe(1);
    const up = run([bars('BTCUSDT', [flat(20_000), flat(20_000), [20_000, 21_500, 19_900, 21_000], flat(21_000)])], { BTCUSDT: { 1: { dir: 'SHORT' } } }, settings);
    expect(up.trades[0].exitReason).toBe('LIQUIDATION');
    expect(up.trades[0].exitPrice).toBeCloseTo(20_916.334661354583, 8);
  });

  it('20× on a volatile generated market: every liquidation at the price the formula gives for its entry', () => {
    const market = generateCandles({ bars: 3000, seed: 11, symbol: 'BTCUSDT', startPrice: 30_000, volatility: 0.02, intervalMs: HOUR });
    const script: Script = { BTCUSDT: Object.fromEntries(Array.from({ length: 60 }, (_, n) => [n * 50 + 1, { dir: n % 2 === 0 ? 'LONG' : 'SHORT' }])) };
    const r = run([market], script, { marketType: 'FUTURES', leverage: 20, initialCapital: 100_000, sizing: { mode: 'FIXED_QUOTE', value: 1000 }, oppositeSignal: 'REVERSE' });
    const liquidated = r.trades.filter((t) => t.exitReason === 'LIQUIDATION');
    expect(liquidated.length).toBeGreaterThan(5);
    expect(r.execution.liquidations).toBe(liquidated.length);
    for (const t of liquidated) {
      const side = t.direction === 'LONG' ? 1 : -1;
      const notional = t.quantity * t.entryPrice;
      const b = bracketFor(bracketsOf(table, 'BTCUSDT'), notional);
      const expected = (notional / 20 + b.maintenanceAmount - side * notional) / (t.quantity * b.maintenanceMarginRate - side * t.quantity);
      expect(t.exitPrice).toBeCloseTo(expected, 6);
    }
    // A liquidation is where the margin level reached 1.
    expect(r.execution.lowestMarginLevel).toBe(1);
  });

  it('funding over a month equals the hand sum of −side × quantity × mark × rate over the settlements held', () => {
    // 31 days of hourly candles at a price stepping 100, 101, …, 109; a LONG from bar 1's open (101) to the end.
    const n = 31 * 24;
    const rows: Row[] = Array.from({ length: n }, (_, i) => flat(100 + (i % 10)));
    const series = bars('ETHUSDT', rows);
    const times: number[] = [], rates: number[] = [];
    for (let t = T0; t < T0 + n * HOUR; t += 8 * HOUR) {
      times.push(t);
      rates.push(0.0001 * ((times.length % 5) - 1));
    }
    const funding: FundingSeries = { timeMs: Float64Array.from(times), rate: Float64Array.from(rates) };
    const r = run([series], { ETHUSDT: { 0: { dir: 'LONG' } } }, { marketType: 'FUTURES', leverage: 2, feeRate: 0, sizing: { mode: 'FIXED_QUOTE', value: 500 } }, { funding: new Map([['ETHUSDT', funding]]) });
    const t = r.trades[0];
    expect(t.entryPrice).toBe(101);
    expect(t.quantity).toBeCloseTo(1000 / 101, 12); // margin 500 × 2 / 101
    const q = t.quantity;
    // Held from bar 1 (T0 + 1h): every settlement after T0, marked at the open of its hour.
    let hand = 0;
    for (let k = 1; k < times.length; k++) hand += -1 * q * (100 + (((times[k] - T0) / HOUR) % 10)) * rates[k];
    expect(r.fundingEvents).toHaveLength(times.length - 1);
    expect(t.funding).toBeCloseTo(hand, 9);
    expect(r.execution.fundingTotal).toBeCloseTo(hand, 9);
    // P/L = price move + funding (no fees): q × (last close − 101) + funding.
    expect(t.profitLoss).toBeCloseTo(q * (rows[n - 1][3] - 101) + hand, 9);
    expect(r.metrics.finalEquity).toBeCloseTo(1000 + t.profitLoss, 9);
  });
});
