import { describe, expect, it } from 'vitest';
import { candleSeries, getStrategy, type CandleSeries } from '../../engine/index.ts';
import { fitOutcomeModel, fitScoreModel, marketFeatures, type MarketFeatures } from '../../engine/learning/index.ts';
import { createSearch, parameterSpace } from '../../engine/optimizer/index.ts';

const HOUR = 3_600_000;

function closes(values: readonly number[]): CandleSeries {
  const close = Float64Array.from(values);
  return candleSeries('X', HOUR, { openTime: close.map((_, i) => i * HOUR), open: close, high: close, low: close, close, volume: close.map(() => 1) });
}

describe('market features', () => {
  it('a steady climb: no volatility, every move in one direction, autocorrelation 0 (no variance)', () => {
    const f = marketFeatures(closes(Array.from({ length: 301 }, (_, i) => 100 * 1.001 ** i)))!;
    expect(f.volatilityPct).toBeCloseTo(0, 6);
    expect(f.trendEfficiency).toBeCloseTo(1, 12);
    expect(f.autocorrelation).toBe(0);
    expect(f.timeframeMinutes).toBe(60);
  });

  it('a zigzag: moves cancel (efficiency 0), each reverses the last (autocorrelation −1), volatility by hand', () => {
    // 100, 101, 100, 101, …: log returns ±ln(1.01) alternate, mean ≈ 0.
    const f = marketFeatures(closes(Array.from({ length: 201 }, (_, i) => (i % 2 === 0 ? 100 : 101))))!;
    expect(f.trendEfficiency).toBe(0);
    // Σ d_t·d_{t−1} over 199 neighbouring pairs = −199 r², Σ d_t² = 200 r².
    expect(f.autocorrelation).toBeCloseTo(-199 / 200, 12);
    const r = Math.log(1.01);
    // 200 returns, 100 up and 100 down: mean 0, variance r²; annualised over 8,766 hourly bars a year.
    expect(f.volatilityPct).toBeCloseTo(r * Math.sqrt(365.25 * 24) * 100, 6);
  });

  it('says nothing about a series too short or with a non-positive price', () => {
    expect(marketFeatures(closes([1, 2]))).toBeNull();
    expect(marketFeatures(closes([1, 0, 2]))).toBeNull();
  });
});

describe('a score model across markets', () => {
  const spec = getStrategy('sma_cross')!;
  const space = parameterSpace(spec, { fast: [5, 10, 20], slow: [30, 60, 120] }, {});
  if ('errors' in space) throw new Error(space.errors.join('; '));
  const calm: MarketFeatures = { volatilityPct: 20, trendEfficiency: 0.1, autocorrelation: -0.05, timeframeMinutes: 60 };
  const wild: MarketFeatures = { volatilityPct: 120, trendEfficiency: 0.4, autocorrelation: 0.1, timeframeMinutes: 60 };
  // On calm markets slow sets do best, on wild ones fast sets.
  const rowsFavouring = (slowBest: boolean) =>
    [5, 10, 20].flatMap((fast) => [30, 60, 120].map((slow) => ({ params: { fast, slow }, score: slowBest ? slow + fast / 100 : -slow - fast / 100 })));
  const model = fitScoreModel([
    { key: 'CALM-A', features: calm, rows: rowsFavouring(true) },
    { key: 'CALM-B', features: { ...calm, volatilityPct: 25 }, rows: rowsFavouring(true) },
    { key: 'WILD', features: wild, rows: rowsFavouring(false) },
  ]);

  it('weights markets by how alike they are, and predicts each market’s percentile near it', () => {
    const weights = model.weights({ ...calm, volatilityPct: 22 });
    expect(weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
    expect(weights.find((w) => w.key === 'WILD')!.weight).toBeLessThan(0.05);
    // The best set on calm markets is (20, 120): percentile 1 there.
    expect(model.predict({ ...calm, volatilityPct: 22 }, { fast: 20, slow: 120 }, space)).toBeGreaterThan(0.95);
    expect(model.predict(wild, { fast: 5, slow: 30 }, space)).toBeGreaterThan(0.9);
  });

  it('proposes the sets predicted best as an ADAPTIVE search’s start, and the search asks them first', () => {
    const start = model.proposeStart(wild, space, 2);
    expect(start.map((p) => [p.fast, p.slow])).toEqual([
      [5, 30],
      [10, 30],
    ]);
    const search = createSearch(spec, { fast: [5, 10, 20], slow: [30, 60, 120] }, {}, { method: 'ADAPTIVE', budget: 8, seed: 3, start });
    if ('errors' in search) throw new Error(search.errors.join('; '));
    expect(search.ask(2).map((p) => [p.fast, p.slow])).toEqual([
      [5, 30],
      [10, 30],
    ]);
  });

  it('an empty model proposes nothing and predicts the middle', () => {
    const empty = fitScoreModel([]);
    expect(empty.proposeStart(calm, space, 5)).toEqual([]);
    expect(empty.predict(calm, { fast: 5, slow: 30 }, space)).toBe(0.5);
  });
});

describe('an outcome model across markets', () => {
  const at = (volatilityPct: number): MarketFeatures => ({ volatilityPct, trendEfficiency: 0.2, autocorrelation: 0, timeframeMinutes: 60 });
  const model = fitOutcomeModel([
    { key: 'A', features: at(20), outcome: 1 },
    { key: 'B', features: at(21), outcome: 1.2 },
    { key: 'C', features: at(200), outcome: -2 },
  ]);

  it('predicts the outcome of markets alike, and leaves a market out when asked', () => {
    expect(model.predict(at(20.5))!.value).toBeGreaterThan(0.9);
    expect(model.predict(at(190))!.value).toBeLessThan(-1);
    const withoutC = model.predict(at(200), 'C')!;
    expect(withoutC.weights.map((w) => w.key)).toEqual(['A', 'B']);
    expect(withoutC.value).toBeGreaterThan(0.9);
    expect(fitOutcomeModel([]).predict(at(20))).toBeNull();
  });
});
