/**
 * The compiler fuses element-wise parts of a document into one loop each. Here a plain per-bar interpreter,
 * written independently of it, evaluates the same 200 random documents bar by bar: every rule and named
 * series must agree with the compiled arrays, and a named series read at one bar with its array, on every
 * bar (NaN where it is NaN).
 */
import { describe, expect, it } from 'vitest';
import { IndicatorCache, generateCandles, resample, type CandleSeries, type StrategyParams } from '../../engine/index.ts';
import { DocumentEvaluator } from '../../engine/language/compile.ts';
import type { ConditionNode, NumberValue, SeriesNode, StrategyDocument } from '../../engine/language/document.ts';
import { sideOf } from '../../engine/indicators/crossing.ts';
import { LANGUAGE_VERSION } from '../../engine/language/document.ts';
import { all, arith, candle, choose, cmp, constant, indicator, not, offset, ref } from '../../engine/language/nodes.ts';
import { HOUR } from '../engine/helpers.ts';
import { randomDocument } from './random-documents.ts';

const candles = generateCandles({ bars: 400, seed: 17, symbol: 'FUSEUSDT', intervalMs: HOUR, startPrice: 100, regimeBars: 90 });

/** Bar-by-bar evaluation of a document; leaves that are not element-wise (indicators, higher timeframes) are read from arrays. */
class Interpreter {
  private readonly named: Map<string, SeriesNode>;
  private readonly memo = new Map<object, Float64Array>();

  constructor(
    document: StrategyDocument,
    private readonly params: StrategyParams,
    private readonly leaves: DocumentEvaluator,
    private readonly frame: { candles: CandleSeries; higherTimeframe: (ms: number) => ReturnType<typeof resample> },
  ) {
    this.named = new Map((document.series ?? []).map((s) => [s.name, s.series]));
  }

  private n(v: NumberValue): number {
    if ('value' in v) return v.value;
    const p = this.params[v.param];
    return typeof p === 'boolean' ? (p ? 1 : 0) : (p as number);
  }

  /** The evaluator's own array for a leaf (indicator, candle field, higher timeframe). */
  private leaf(node: SeriesNode): Float64Array {
    let values = this.memo.get(node);
    if (values === undefined) {
      values = this.leaves.series(node, this.frame).values;
      this.memo.set(node, values);
    }
    return values;
  }

  value(node: SeriesNode, i: number): number {
    if (i < 0) return NaN;
    if ('candle' in node || 'indicator' in node || 'higherTimeframe' in node) return this.leaf(node)[i];
    if ('constant' in node) return this.n(node.constant);
    if ('ref' in node) return this.value(this.named.get(node.ref)!, i);
    if ('abs' in node) return Math.abs(this.value(node.abs, i));
    if ('offset' in node) return this.value(node.offset.of, i - this.n(node.offset.bars));
    if ('choose' in node) return this.holds(node.choose.if, i) ? this.value(node.choose.then, i) : this.value(node.choose.else, i);
    const a = this.value(node.arithmetic.left, i), b = this.value(node.arithmetic.right, i);
    switch (node.arithmetic.op) {
      case 'add': return a + b;
      case 'sub': return a - b;
      case 'mul': return a * b;
      case 'div': return a / b;
      case 'min': return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
      default: return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    }
  }

  holds(node: ConditionNode, i: number): boolean {
    if ('flag' in node) return this.params[node.flag] === true;
    if ('compare' in node) {
      const a = this.value(node.compare.left, i), b = this.value(node.compare.right, i);
      return node.compare.op === 'gt' ? a > b : node.compare.op === 'gte' ? a >= b : node.compare.op === 'lt' ? a < b : a <= b;
    }
    if ('between' in node) {
      const x = this.value(node.between.of, i);
      return this.value(node.between.low, i) <= x && x <= this.value(node.between.high, i);
    }
    if ('all' in node) return node.all.every((c) => this.holds(c, i));
    if ('any' in node) return node.any.some((c) => this.holds(c, i));
    if ('not' in node) return !this.holds(node.not, i);
    if ('rising' in node || 'falling' in node) {
      const rising = 'rising' in node;
      const trend = rising ? node.rising : node.falling;
      const bars = this.n(trend.bars);
      if (i < bars) return false;
      for (let k = 0; k < bars; k++) {
        const now = this.value(trend.of, i - k), before = this.value(trend.of, i - k - 1);
        if (!(rising ? now > before : now < before)) return false;
      }
      return true;
    }
    if ('nOfM' in node) {
      const n = this.n(node.nOfM.n), m = this.n(node.nOfM.m);
      let count = 0;
      for (let j = Math.max(0, i - m + 1); j <= i; j++) if (this.holds(node.nOfM.condition, j)) count++;
      return count >= n;
    }
    // A crossing: the side held before bar i (the last side beyond the tie band since an undefined bar) is the other one.
    const above = 'crossesAbove' in node;
    const cross = above ? node.crossesAbove : node.crossesBelow;
    const sideAt = (j: number) => {
      const a = this.value(cross.left, j), b = this.value(cross.right, j);
      if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
      return sideOf(a, b, cross.scale === undefined ? 0 : this.value(cross.scale, j));
    };
    const now = sideAt(i);
    if (now !== (above ? 1 : -1)) return false;
    for (let j = i - 1; j >= 0; j--) {
      const side = sideAt(j);
      if (Number.isNaN(side)) return false;
      if (side !== 0) return side === -now;
    }
    return false;
  }
}

function compareEverywhere(document: StrategyDocument, params: StrategyParams): number {
  const cache = new IndicatorCache();
  const frame = { candles, higherTimeframe: (ms: number) => cache.get(candles, `resample:${ms}`, () => resample(candles, ms)) };
  const evaluator = new DocumentEvaluator(document, params, cache);
  const reference = new Interpreter(document, params, new DocumentEvaluator(document, params, new IndicatorCache()), frame);
  let compared = 0;
  const rules = document.rules;
  for (const [name, node] of Object.entries({ entryLong: rules.entryLong, entryShort: rules.entryShort, exitLong: rules.exitLong, exitShort: rules.exitShort })) {
    if (node === undefined || 'flag' in node) continue;
    const bits = evaluator.condition(node, frame).bits;
    for (let i = 0; i < candles.length; i++) expect(bits[i], `${document.name} ${name} bar ${i}`).toBe(reference.holds(node, i) ? 1 : 0);
    compared++;
  }
  for (const { name, series } of document.series ?? []) {
    const values = evaluator.series(series, frame).values;
    const atBar = new DocumentEvaluator(document, params, cache).scalar(series, frame);
    for (let i = 0; i < candles.length; i++) {
      const expected = reference.value(series, i);
      expect(values[i], `${document.name} series ${name} bar ${i}`).toBe(expected);
      expect(atBar(i), `${document.name} series ${name} at bar ${i}`).toBe(expected);
    }
    compared++;
  }
  return compared;
}

describe('fused evaluation', () => {
  it('keeps NaN through min and max, folds constants (0 / 0 too), offsets a computed series and shares a named one', () => {
    const rsi = indicator('rsi', { period: 9 });
    const document: StrategyDocument = {
      language: LANGUAGE_VERSION,
      name: 'hand',
      params: [{ name: 'back', type: 'int', default: 3, min: 0, max: 10, step: 1 }],
      series: [
        { name: 'low', series: arith('min', rsi, candle('close')) },
        { name: 'high', series: arith('max', candle('close'), rsi) },
        { name: 'spread', series: arith('sub', ref('high'), arith('div', ref('low'), arith('add', constant(2), constant(3)))) },
        { name: 'undefinedConstant', series: arith('min', arith('div', constant(0), constant(0)), candle('close')) },
        { name: 'lagged', series: offset(arith('mul', ref('spread'), constant(0.5)), 'back') },
        { name: 'picked', series: choose(cmp('gt', ref('spread'), offset(ref('spread'), 1)), ref('spread'), constant(-1)) },
      ],
      rules: {
        entryLong: all(cmp('gt', ref('spread'), ref('lagged')), not(cmp('lte', ref('picked'), constant(0))), { between: { of: rsi, low: constant(30), high: ref('spread') } }),
        exitLong: cmp('lt', ref('undefinedConstant'), constant(1)),
      },
    };
    const params = { back: 3 };
    expect(compareEverywhere(document, params)).toBe(8);
    const cache = new IndicatorCache();
    const frame = { candles, higherTimeframe: (ms: number) => resample(candles, ms) };
    const evaluator = new DocumentEvaluator(document, params, cache);
    const low = evaluator.series(ref('low'), frame).values, lagged = evaluator.series(ref('lagged'), frame).values;
    // RSI(9) is undefined for its first 9 bars: min with it is NaN there, defined after; the lag adds 3 more.
    expect([Number.isNaN(low[8]), Number.isNaN(low[9]), Number.isNaN(lagged[11]), Number.isNaN(lagged[12])]).toEqual([true, false, true, false]);
    expect(evaluator.series(ref('undefinedConstant'), frame).values.every(Number.isNaN)).toBe(true);
  });

  it('agrees bar for bar with a per-bar interpreter on 200 random documents', () => {
    let compared = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const document = randomDocument(seed, 240);
      const params: StrategyParams = Object.fromEntries((document.params ?? []).map((p) => [p.name, p.type === 'bool' ? p.default !== 0 : p.default]));
      compared += compareEverywhere(document, params);
    }
    expect(compared).toBeGreaterThan(400);
  });
});
