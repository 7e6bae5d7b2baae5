/**
 * Golden results: every built-in strategy with its defaults on a generated data set (two symbols, regimes).
 * Any change to indicators, strategies, simulation or metrics shows up here. After an intended change,
 * regenerate with `UPDATE_GOLDEN=1 npx vitest run server/test/engine/golden.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCandles, listStrategies, runBacktest } from '../../engine/index.ts';
import { cfg, dataOf } from './helpers.ts';

const dir = fileURLToPath(new URL('../fixtures/engine-golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const FIRST_TRADES = 15;

const btc = generateCandles({ bars: 12_000, seed: 2024, symbol: 'BTCUSDT', startPrice: 30_000, regimeBars: 600 });
const eth = generateCandles({ bars: 10_000, seed: 7, symbol: 'ETHUSDT', startPrice: 2_000, volatility: 0.005, startTimeMs: btc.openTime[1500] });

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
    expect(Math.abs(actual - expected), `${path}: ${actual} vs golden ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual, path).toBeTypeOf('object');
    const a = actual as Record<string, unknown>, e = expected as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
    for (const k of Object.keys(e)) expectClose(a[k], e[k], `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe('golden results per built-in strategy', () => {
  it.each(listStrategies().map((s) => s.name))('%s', (strategy) => {
    const r = runBacktest(dataOf(btc, eth), cfg({ initialCapital: 10_000, legs: [{ strategy, params: {}, symbols: ['BTCUSDT', 'ETHUSDT'] }], slippageBps: 2, trailingStopPct: null }));
    const actual = JSON.parse(
      JSON.stringify({
        strategy,
        bars: r.equity.equity.length,
        warmupBars: r.warmupBars,
        metrics: r.metrics,
        skippedEntries: r.skippedEntries,
        firstTrades: r.trades.slice(0, FIRST_TRADES),
        lastEquity: Array.from(r.equity.equity.subarray(-3)),
      }),
    );
    expect(r.trades.length, 'a golden run must trade').toBeGreaterThan(10);
    const file = `${dir}${strategy}.json`;
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`missing golden file ${file}: run with UPDATE_GOLDEN=1 to create it`);
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    expectClose(actual, JSON.parse(readFileSync(file, 'utf8')), strategy);
  });
});
