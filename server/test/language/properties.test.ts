/**
 * 200 random valid documents (seeded): each passes the checker, compiles, runs twice to the same result,
 * and decides on every range cut short exactly as on the full range over the bars they share (no look-ahead).
 */
import { describe, expect, it } from 'vitest';
import { generateCandles, runBacktest, type StrategyParams } from '../../engine/index.ts';
import { compileDocument } from '../../engine/language/compile.ts';
import { lookAheadCheck } from '../../engine/language/lookahead.ts';
import { validateStrategyDocument } from '../../engine/language/validate.ts';
import { getStrategyModule, listStrategies } from '../../engine/index.ts';
import { cfg, dataOf, HOUR } from '../engine/helpers.ts';
import { randomDocument } from './random-documents.ts';

const candles = generateCandles({ bars: 700, seed: 99, symbol: 'RANDUSDT', intervalMs: HOUR, startPrice: 100, regimeBars: 120 });
const DOCUMENTS = 200;

describe('random documents', () => {
  it(`${DOCUMENTS} seeded documents are valid, deterministic and free of look-ahead`, () => {
    let trades = 0, withSignals = 0;
    for (let seed = 1; seed <= DOCUMENTS; seed++) {
      const document = randomDocument(seed, 240);
      const checked = validateStrategyDocument(JSON.parse(JSON.stringify(document)));
      expect(checked.ok ? [] : 'problems' in checked ? checked.problems : checked.limit, `seed ${seed}`).toEqual([]);
      const module = compileDocument(document, `random-${seed}`);
      const params: StrategyParams = Object.fromEntries(module.spec.params.map((p) => [p.name, p.default]));
      const report = lookAheadCheck(module, candles, params, 6);
      expect(report.findings, `seed ${seed}: ${JSON.stringify(document)}`).toEqual([]);
      const lookup = (name: string) => (name === module.spec.name ? module : getStrategyModule(name));
      const run = () => runBacktest(dataOf(candles), cfg({ legs: [{ strategy: module.spec.name, params: {}, symbols: [candles.symbol] }] }), { strategies: lookup });
      const first = run(), second = run();
      expect(second.metrics, `seed ${seed}`).toEqual(first.metrics);
      expect(second.trades.length).toBe(first.trades.length);
      trades += first.trades.length;
      if (first.trades.length > 0) withSignals++;
    }
    // The generator is not degenerate: most documents trade.
    expect(withSignals).toBeGreaterThan(DOCUMENTS / 3);
    expect(trades).toBeGreaterThan(DOCUMENTS);
  });

  it('the check finds look-ahead: a strategy that reads the next bar fails it', () => {
    const cheat = compileDocument(randomDocument(1, 240), 'cheat');
    const peeking = {
      ...cheat,
      prepare: (ctx: Parameters<typeof cheat.prepare>[0]) => {
        const close = ctx.series.close;
        return { warmup: 0, decide: (i: number, out: { direction: number }) => { if (close[i + 1] > close[i]) out.direction = 1; }, indicatorsAt: () => ({}) };
      },
    };
    expect(lookAheadCheck(peeking, candles, {}, 4).findings.length).toBeGreaterThan(0);
  });

  it('the built-ins pass the look-ahead check', () => {
    for (const spec of listStrategies()) {
      const params = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));
      expect(lookAheadCheck(getStrategyModule(spec.name)!, candles, params, 4).findings, spec.name).toEqual([]);
    }
  });
});
