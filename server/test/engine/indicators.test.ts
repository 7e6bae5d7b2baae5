import * as ti from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import {
  IndicatorCache,
  RSI,
  EMA,
  atr,
  bollinger,
  candleField,
  candlestickPattern,
  chainWarmup,
  computeIndicator,
  ema,
  generateCandles,
  macd,
  resolveIndicatorParams,
  rsi,
  seriesKey,
  seriesWarmup,
  sma,
  warmupOf,
  type SeriesRef,
} from '../../engine/index.ts';

const x = Float64Array.of(1, 2, 3, 2, 5, 6);

/** Compares an engine series with a library output aligned to its end, from index `from` on. */
function expectAligned(ours: Float64Array, theirs: readonly number[], tolerance: (v: number) => number, from = 0) {
  const offset = ours.length - theirs.length;
  let compared = 0;
  for (let j = 0; j < theirs.length; j++) {
    const i = offset + j;
    if (i < from) continue;
    expect(Math.abs(ours[i] - theirs[j]), `bar ${i}: ${ours[i]} vs ${theirs[j]}`).toBeLessThanOrEqual(tolerance(theirs[j]));
    compared++;
  }
  expect(compared).toBeGreaterThan(100);
  // Before the library's first value ours is NaN (same warm-up), except where documented otherwise.
  if (from === 0) for (let i = 0; i < offset; i++) expect(ours[i]).toBeNaN();
}

const rel = (r: number) => (v: number) => Math.abs(v) * r + 1e-12;

describe('indicator kernels on hand-computed series', () => {
  it('SMA(3): mean of the last 3 values, NaN before', () => {
    expect(Array.from(sma(x, 3))).toEqual([NaN, NaN, 2, 7 / 3, 10 / 3, 13 / 3]);
  });

  it('EMA(3): SMA seed (1+2+3)/3 = 2 at bar 2, then k = 0.5', () => {
    // bar 3: 2 + 0.5 (2 − 2) = 2; bar 4: 2 + 0.5 (5 − 2) = 3.5; bar 5: 3.5 + 0.5 (6 − 3.5) = 4.75
    expect(Array.from(ema(x, 3))).toEqual([NaN, NaN, 2, 2, 3.5, 4.75]);
  });

  it('RSI(2), Wilder: first averages are plain means of the first 2 changes', () => {
    // changes +1 +1 −1 +3 +1. bar 2: gain 1, loss 0 → 100. bar 3: gain (1 + 0)/2 = .5, loss (0 + 1)/2 = .5 → 50.
    // bar 4: gain (.5 + 3)/2 = 1.75, loss .25 → 87.5. bar 5: gain (1.75 + 1)/2 = 1.375, loss .125 → 91.666…
    const r = rsi(x, 2);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeNaN();
    expect(Array.from(r.subarray(2))).toEqual([100, 50, 87.5, (100 * 1.375) / 1.5]);
    expect(rsi(Float64Array.of(5, 5, 5, 5), 2)[3]).toBe(50); // no movement → neutral 50 (TA-Lib says 0)
  });

  it('ATR(2), Wilder: TR needs the previous close, first ATR = mean(TR[1..2])', () => {
    const h = Float64Array.of(2, 3, 4, 3, 6), l = Float64Array.of(0, 1, 2, 1, 4), c = Float64Array.of(1, 2, 3, 2, 5);
    // TR = 2, 2, 2, 4 (bar 4: |6 − 2| = 4). ATR bar 2 = 2; bar 3 = (2·1 + 2)/2 = 2; bar 4 = (2 + 4)/2 = 3.
    expect(Array.from(atr(h, l, c, 2))).toEqual([NaN, NaN, 2, 2, 3]);
  });

  it('Bollinger(3, 2): population σ', () => {
    const bb = bollinger(x, 3, 2);
    // bar 2: window 1 2 3, mean 2, σ² = (1 + 0 + 1)/3. bar 4: window 3 2 5, mean 10/3, σ² = (1 + 16 + 25)/9/3 = 14/9.
    expect(bb.upper[2]).toBeCloseTo(2 + 2 * Math.sqrt(2 / 3), 12);
    expect(bb.lower[4]).toBeCloseTo(10 / 3 - 2 * Math.sqrt(14 / 9), 12);
    expect(bb.middle[1]).toBeNaN();
  });

  it('MACD(2, 3, 2): TA-Lib seeding — the fast EMA starts on the slow EMA’s first bar', () => {
    const m = macd(x, 2, 3, 2);
    // slow EMA3: 2, 2, 3.5, 4.75 (bars 2–5). fast EMA2 seeded at bar 2 with mean(2, 3) = 2.5, k = 2/3:
    // 2.5, 2.1667, 4.0556, 5.3519 → macd .5, .16667, .55556, .60185.
    // signal EMA2 seeded at bar 3 with mean(.5, .16667) = .33333, then .48148, .56173.
    const fast = [2.5, 2.5 + (2 / 3) * (2 - 2.5)];
    fast.push(fast[1] + (2 / 3) * (5 - fast[1]));
    fast.push(fast[2] + (2 / 3) * (6 - fast[2]));
    const line = [fast[0] - 2, fast[1] - 2, fast[2] - 3.5, fast[3] - 4.75];
    for (let j = 0; j < 4; j++) expect(m.macd[2 + j]).toBeCloseTo(line[j], 12);
    const sig = [(line[0] + line[1]) / 2];
    sig.push(sig[0] + (2 / 3) * (line[2] - sig[0]));
    sig.push(sig[1] + (2 / 3) * (line[3] - sig[1]));
    expect(m.signal[2]).toBeNaN();
    for (let j = 0; j < 3; j++) expect(m.signal[3 + j]).toBeCloseTo(sig[j], 12);
    expect(m.histogram[5]).toBeCloseTo(line[3] - sig[2], 12);
  });

  it('warm-up is the largest leading-NaN count', () => {
    expect(warmupOf(sma(x, 3), ema(x, 2), rsi(x, 2))).toBe(2);
    expect(warmupOf(macd(x, 2, 3, 2).histogram)).toBe(3);
  });
});

describe('indicator kernels against technicalindicators (2,000 generated candles)', () => {
  const s = generateCandles({ bars: 2000, seed: 11, startPrice: 30_000 });
  const values = Array.from(s.close), high = Array.from(s.high), low = Array.from(s.low);

  it('SMA and EMA agree to 1e-9 relative on every bar', () => {
    expectAligned(sma(s.close, 20), ti.SMA.calculate({ period: 20, values }), rel(1e-9));
    expectAligned(ema(s.close, 12), ti.EMA.calculate({ period: 12, values }), rel(1e-9));
  });

  it('RSI agrees within the library’s 2-decimal rounding (±0.005)', () => {
    expectAligned(rsi(s.close, 14), ti.RSI.calculate({ period: 14, values }), () => 0.005 + 1e-9);
  });

  it('ATR and Bollinger Bands agree to 1e-9 relative', () => {
    expectAligned(atr(s.high, s.low, s.close, 14), ti.ATR.calculate({ period: 14, high, low, close: values }), rel(1e-9));
    const theirs = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values });
    const ours = bollinger(s.close, 20, 2);
    expectAligned(ours.upper, theirs.map((b) => b.upper), rel(1e-9));
    expectAligned(ours.lower, theirs.map((b) => b.lower), rel(1e-9));
  });

  it('MACD agrees after the seeding difference has decayed (known difference: fast EMA seed bar)', () => {
    const theirs = ti.MACD.calculate({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, values, SimpleMAOscillator: false, SimpleMASignal: false });
    const ours = macd(s.close, 12, 26, 9);
    // (1 − 2/13)^300 ≈ 1e-22: 300 bars after the first value the seeds no longer matter.
    const from = 25 + 300;
    const tolerance = () => 1e-9 * 30_000;
    expectAligned(ours.macd, theirs.map((r) => r.MACD ?? NaN), tolerance, from);
    expectAligned(ours.signal, theirs.map((r) => r.signal ?? NaN), tolerance, from);
    // …and on the first bars they do differ, which is why the difference is documented.
    expect(Math.abs(ours.macd[25] - (theirs[0].MACD ?? 0))).toBeGreaterThan(1e-6);
  });
});

describe('indicator cache and catalogue', () => {
  it('computes each (series, indicator, parameters) once', () => {
    const s = generateCandles({ bars: 500, seed: 2 });
    const cache = new IndicatorCache();
    const a = cache.ema(s, 10);
    expect(cache.ema(s, 10)).toBe(a);
    expect(cache.ema(s, 11)).not.toBe(a);
    expect(cache.macd(s, 12, 26, 9)).toBe(cache.macd(s, 12, 26, 9));
    expect(cache.misses).toBe(3);
    expect(cache.hits).toBe(2);
    const other = generateCandles({ bars: 500, seed: 2 });
    expect(cache.ema(other, 10)).not.toBe(a); // keyed by series identity
  });

  it('computes catalogue indicators by name with defaults, and names what it does not know', () => {
    const s = generateCandles({ bars: 300, seed: 5 });
    const { k, d } = computeIndicator(s, 'stochastic');
    expect(k.length).toBe(300);
    expect(k[0]).toBeNaN();
    expect(Number.isFinite(k[299])).toBe(true);
    expect(Number.isFinite(d[299])).toBe(true);
    const adx = computeIndicator(s, 'adx', { period: 14 });
    expect(Number.isFinite(adx.adx[299])).toBe(true);
    expect(() => computeIndicator(s, 'nope')).toThrow(/unknown indicator "nope"/);
    expect(() => computeIndicator(s, 'cci', { length: 3 })).toThrow(/no parameter "length"/);
    const flags = candlestickPattern(s, 'doji');
    expect(flags.length).toBe(300);
  });
});

describe('composed series through the cache', () => {
  const s = generateCandles({ bars: 1500, seed: 8 });
  const rsi14: SeriesRef = { indicator: 'rsi', params: { period: 14 } };
  const emaOfRsi: SeriesRef = { indicator: 'ema', params: { period: 9 }, source: rsi14 };

  it('EMA of RSI and SMA of a MACD line equal the kernels composed, and each part is computed once', () => {
    const cache = new IndicatorCache();
    expect(cache.series(s, emaOfRsi)).toEqual(ema(rsi(s.close, 14), 9));
    expect(cache.misses).toBe(2);
    expect(cache.rsi(s, 14)).toBe(cache.series(s, rsi14)); // the RSI under the EMA, not a second one
    expect(cache.misses).toBe(2);
    const smaOfMacd: SeriesRef = { indicator: 'sma', params: { period: 5 }, source: { indicator: 'macd', output: 'macd' } };
    expect(cache.series(s, smaOfMacd)).toEqual(sma(macd(s.close, 12, 26, 9).macd, 5));
    expect(cache.macd(s, 12, 26, 9)).toBe(cache.indicator(s, 'macd'));
  });

  it('candle averages, external series and the defaults of a descriptor', () => {
    const cache = new IndicatorCache();
    expect(cache.series(s, 'hlc3')).toBe(cache.series(s, 'hlc3'));
    expect(cache.series(s, 'hlc3')).toEqual(candleField(s, 'hlc3'));
    expect(cache.indicator(s, 'cci')).toBe(cache.indicator(s, 'cci', { period: 20 }, 'hlc3')); // CCI's default source
    const spread = Float64Array.from(s.close, (c, i) => c - s.open[i]);
    const external: SeriesRef = { key: 'close-open', values: spread };
    expect(cache.series(s, { indicator: 'sma', params: { period: 4 }, source: external })).toEqual(sma(spread, 4));
    expect(seriesKey({ indicator: 'sma', params: { period: 4 }, source: external })).toBe('sma(4)<external:close-open>.value');
  });

  it('refuses what it cannot compute, naming what it knows', () => {
    const cache = new IndicatorCache();
    expect(() => cache.series(s, { indicator: 'atr', source: 'close' })).toThrow(/atr takes no source/);
    expect(() => cache.series(s, { indicator: 'macd', output: 'line' })).toThrow(/no output "line"; known: macd, signal, histogram/);
    expect(() => cache.series(s, 'hl3' as SeriesRef)).toThrow(/unknown candle field "hl3"/);
    expect(() => cache.indicator(s, 'sma', { length: 3 })).toThrow(/no parameter "length"; known: period/);
  });

  it('warm-up of a composed series is the sum along its chain', () => {
    const ctx = { intervalMs: 300_000 };
    const own = (d: typeof RSI, params: Record<string, number>) => d.warmup(resolveIndicatorParams(d, params), ctx);
    expect(seriesWarmup(emaOfRsi, ctx)).toEqual(chainWarmup(own(RSI, { period: 14 }), own(EMA, { period: 9 })));
    expect(seriesWarmup(emaOfRsi, ctx).bars).toBe(14 + 187 + 8 + 62); // EMA(9): ceil(ln 1e-6 / ln 0.8) = 62
    expect(seriesWarmup({ indicator: 'sma', params: { period: 10 }, source: { indicator: 'sma', params: { period: 5 } } }, ctx)).toEqual({ bars: 13, exact: true, cumulative: false });
    expect(seriesWarmup({ indicator: 'ema', source: { indicator: 'obv' } }, ctx).cumulative).toBe(true);
    expect(seriesWarmup('close', ctx)).toEqual({ bars: 0, exact: true, cumulative: false });
    expect(() => seriesWarmup('hl3' as SeriesRef, ctx)).toThrow(/unknown candle field "hl3"/);
  });
});
