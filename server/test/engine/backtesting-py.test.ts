/**
 * Differential check against an independent engine: limit and stop entries with stop/target exits give
 * backtesting.py's trades, trade for trade (entry and exit bar, side, prices), on an excerpt of real 5m
 * ETH/BTC candles. The expected trades were produced once by fixtures/backtesting-py/generate.py
 * (backtesting.py run as a library; the signals both engines replay are in the fixture).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { candleSeries, defineStrategy, runBacktest, type EntryOrderType } from '../../engine/index.ts';
import { cfg, dataOf, lookupWith } from './helpers.ts';

const dir = fileURLToPath(new URL('../fixtures/backtesting-py/', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));

interface Fixture {
  readonly orderType: EntryOrderType;
  readonly offsetPct: number;
  readonly validBars: number;
  readonly signals: Record<string, { dir: 'LONG' | 'SHORT'; stop: number; target: number }>;
  readonly trades: { direction: 'LONG' | 'SHORT'; entryBar: number; exitBar: number; entryPrice: number; exitPrice: number }[];
}

const excerpt = read('candles.json') as { symbol: string; intervalMs: number; rows: number[][] };
const candles = candleSeries(excerpt.symbol, excerpt.intervalMs, {
  openTime: excerpt.rows.map((r) => r[0]),
  open: excerpt.rows.map((r) => r[1]),
  high: excerpt.rows.map((r) => r[2]),
  low: excerpt.rows.map((r) => r[3]),
  close: excerpt.rows.map((r) => r[4]),
  volume: excerpt.rows.map((r) => r[5]),
});

function replay(fixture: Fixture) {
  const module = defineStrategy({
    name: 'replay',
    description: 'replays the fixture signals (tests only)',
    params: [],
    constraints: [],
    historyBars: () => 0,
    prepare: () => ({
      warmup: 0,
      decide(i, out) {
        const s = fixture.signals[String(i)];
        if (s === undefined) return;
        out.direction = s.dir === 'LONG' ? 1 : -1;
        out.confidence = 1;
        out.stopLoss = s.stop;
        out.takeProfit = s.target;
      },
      indicatorsAt: () => ({}),
    }),
  });
  const config = cfg({
    initialCapital: 1e9,
    legs: [{ strategy: 'replay', params: {}, symbols: [candles.symbol] }],
    feeRate: 0,
    slippageBps: 0,
    sizing: { mode: 'FIXED_QUOTE', value: 1 },
    oppositeSignal: 'IGNORE',
    entryOrderType: fixture.orderType,
    entryOffset: fixture.offsetPct,
    orderValidBars: fixture.validBars,
  });
  return runBacktest(dataOf(candles), config, { strategies: lookupWith(module) });
}

describe('against backtesting.py on real 5m candles', () => {
  it.each(['limit-entries.json', 'stop-entries.json'])('%s: the same trades, trade for trade', (file) => {
    const fixture = read(file) as Fixture;
    const result = replay(fixture);
    // backtesting.py leaves the trade still open at the end out of its list; Candlelab closes it (END_OF_DATA).
    const closed = result.trades.filter((t) => t.exitReason !== 'END_OF_DATA');
    expect(fixture.trades.length).toBeGreaterThan(20);
    expect(closed.map((t) => [t.direction, t.entryBar, t.exitBar])).toEqual(fixture.trades.map((t) => [t.direction, t.entryBar, t.exitBar]));
    closed.forEach((t, n) => {
      expect(t.entryPrice).toBeCloseTo(fixture.trades[n].entryPrice, 12);
      expect(t.exitPrice).toBeCloseTo(fixture.trades[n].exitPrice, 12);
    });
    // Both kinds of exit are exercised.
    expect(new Set(closed.map((t) => t.exitReason))).toEqual(new Set(['STOP_LOSS', 'TAKE_PROFIT']));
  });
});
