import { readFileSync } from 'node:fs';
import * as ti from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import {
  INDICATORS,
  IndicatorCache,
  WARMUP_TOLERANCE,
  adx,
  bollinger,
  candleField,
  candleSeries,
  cci,
  computeIndicator,
  ema,
  generateCandles,
  highest,
  ichimoku,
  keltner,
  leadingNaN,
  lowest,
  mfi,
  obv,
  psar,
  resolveIndicatorParams,
  roc,
  rollingStdev,
  rollingSum,
  rsi,
  sma,
  stochastic,
  stochRsi,
  vwap,
  williamsR,
  wma,
  type CandleSeries,
  type IndicatorDescriptor,
} from '../../engine/index.ts';
import { psarByBars } from '../../engine/indicators/psar.ts';

// Every indicator of the catalogue against technicalindicators where it has one (to 1e-9 relative, or the
// documented convention difference), the descriptors against their kernels, and warm-ups against later starts.
// Indicators technicalindicators lacks have independent references in reference-indicators.test.ts.

const candles = generateCandles({ bars: 3000, seed: 11, startPrice: 30_000 });
const values = Array.from(candles.close), high = Array.from(candles.high), low = Array.from(candles.low), volume = Array.from(candles.volume);
const close = values;
const typical = candleField(candles, 'hlc3');

/**
 * |ours − theirs| <= 1e-9 × max(|theirs|, scale) on every bar the library gives (aligned to the end), from `from`;
 * `scale` is the output's natural magnitude (100 for oscillators) so values near zero are not held to 1e-9 of themselves.
 */
function expectMatches(ours: Float64Array, theirs: readonly (number | undefined)[], scale: number, from = 0, relative = 1e-9): number {
  const offset = ours.length - theirs.length;
  let compared = 0;
  for (let j = 0; j < theirs.length; j++) {
    const i = offset + j;
    const t = theirs[j];
    if (i < from || t === undefined) continue;
    expect(Math.abs(ours[i] - t), `bar ${i}: ${ours[i]} vs ${t}`).toBeLessThanOrEqual(relative * Math.max(Math.abs(t), scale));
    compared++;
  }
  expect(compared).toBeGreaterThan(1000);
  return offset;
}

const PRICE = 1; // price-scaled outputs: relative to the value itself
const OSCILLATOR = 100;

describe('kernels against technicalindicators (3,000 generated candles)', () => {
  it('WMA, ROC, rolling highest, lowest, sum and standard deviation', () => {
    expect(expectMatches(wma(candles.close, 20), ti.WMA.calculate({ period: 20, values }), PRICE)).toBe(19);
    expect(expectMatches(roc(candles.close, 12), ti.ROC.calculate({ period: 12, values }), OSCILLATOR)).toBe(12);
    expect(expectMatches(highest(candles.close, 20), ti.Highest.calculate({ period: 20, values }), PRICE)).toBe(19);
    expect(expectMatches(lowest(candles.close, 20), ti.Lowest.calculate({ period: 20, values }), PRICE)).toBe(19);
    expect(expectMatches(rollingSum(candles.close, 20), ti.Sum.calculate({ period: 20, values }), PRICE)).toBe(19);
    // σ near 0 is held to 1e-9 of the price it is computed from.
    expect(expectMatches(rollingStdev(candles.close, 20), ti.SD.calculate({ period: 20, values }), 30_000)).toBe(19);
  });

  it('Stochastic %K/%D and Williams %R', () => {
    const ours = stochastic(candles.high, candles.low, candles.close, 14, 1, 3);
    const theirs = ti.Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 });
    expect(expectMatches(ours.k, theirs.map((r) => r.k), OSCILLATOR)).toBe(13);
    expectMatches(ours.d, theirs.map((r) => r.d), OSCILLATOR);
    expect(leadingNaN(ours.d)).toBe(15);
    expect(expectMatches(williamsR(candles.high, candles.low, candles.close, 14), ti.WilliamsR.calculate({ high, low, close, period: 14 }), OSCILLATOR)).toBe(13);
  });

  it('Stochastic RSI: the same stochastic of the same RSI (technicalindicators rounds its RSI to 2 decimals)', () => {
    const theirs = ti.StochasticRSI.calculate({ values, rsiPeriod: 14, stochasticPeriod: 14, kPeriod: 3, dPeriod: 3 });
    const theirRsi = ti.RSI.calculate({ period: 14, values });
    const rounded = new Float64Array(candles.length).fill(NaN);
    rounded.set(theirRsi, candles.length - theirRsi.length);
    const onTheirRsi = stochastic(rounded, rounded, rounded, 14, 3, 3);
    expectMatches(onTheirRsi.k, theirs.map((r) => r.k), OSCILLATOR);
    expectMatches(onTheirRsi.d, theirs.map((r) => r.d), OSCILLATOR);
    expectMatches(stochastic(rounded, rounded, rounded, 14, 1, 3).k, theirs.map((r) => r.stochRSI), OSCILLATOR);
    // Ours runs on the unrounded RSI: the composition itself, bit for bit.
    const r = rsi(candles.close, 14);
    const ours = stochRsi(candles.close, 14, 14, 3, 3);
    expect(ours).toEqual(stochastic(r, r, r, 14, 3, 3));
    // %D is first defined on the library's first row: RSI 14 + window 13 + %K 2 + %D 2 = bar 31.
    expect(leadingNaN(ours.d)).toBe(31);
    expect(candles.length - theirs.length).toBe(31);
  });

  it('ADX with +DI and −DI', () => {
    const ours = adx(candles.high, candles.low, candles.close, 14);
    const theirs = ti.ADX.calculate({ high, low, close, period: 14 });
    expect(expectMatches(ours.adx, theirs.map((r) => r.adx), OSCILLATOR)).toBe(27);
    expectMatches(ours.plusDi, theirs.map((r) => r.pdi), OSCILLATOR);
    expectMatches(ours.minusDi, theirs.map((r) => r.mdi), OSCILLATOR);
    expect(leadingNaN(ours.plusDi)).toBe(14); // TA-Lib's PLUS_DI lookback; the library gives DI only with ADX
  });

  it('CCI on the typical price', () => {
    // CCI near 0 is held to 1e-9 of 100: the library's running-sum mean drifts by ~1e-11 of the price.
    expect(expectMatches(cci(typical, 20), ti.CCI.calculate({ high, low, close, period: 20 }), OSCILLATOR)).toBe(19);
  });

  it('MFI: within the library’s 2-decimal rounding; it starts one bar later (it drops the first bar)', () => {
    const ours = mfi(typical, candles.volume, 14);
    const theirs = ti.MFI.calculate({ high, low, close, volume, period: 14 });
    expect(expectMatches(ours, theirs, OSCILLATOR, 0, 0.005 / 100 + 1e-11)).toBe(15);
    expect(leadingNaN(ours)).toBe(14); // TA-Lib's lookback
  });

  it('MFI counts an unchanged typical price as neither flow (technicalindicators: negative)', () => {
    // Typical prices 10, 11, 11, 12: flows 11·1 up, 11·1 unchanged, 12·1 up.
    const tp = Float64Array.of(10, 11, 11, 12);
    expect(mfi(tp, Float64Array.of(1, 1, 1, 1), 3)[3]).toBe(100);
    // The library skips its first bar, so it gets the same typical prices from bar 1: 11 counts as negative flow.
    const bars = [9, 10, 11, 11, 12];
    const theirs = ti.MFI.calculate({ high: bars, low: bars, close: bars, volume: [1, 1, 1, 1, 1], period: 3 });
    expect(theirs).toEqual([Number((100 - 100 / (1 + 23 / 11)).toFixed(2))]);
  });

  it('OBV, cumulative VWAP (anchorMinutes 0), Keltner channel and Parabolic SAR', () => {
    expect(expectMatches(obv(candles.close, candles.volume), ti.OBV.calculate({ close, volume }), 1e6)).toBe(1);
    expect(expectMatches(vwap(candles.openTime, typical, candles.volume, 0), ti.VWAP.calculate({ high, low, close, volume }), PRICE)).toBe(0);
    const ours = keltner(candles.close, candles.high, candles.low, candles.close, 20, 10, 2);
    const theirs = ti.KeltnerChannels.calculate({ high, low, close, maPeriod: 20, atrPeriod: 10, useSMA: false, multiplier: 2 });
    expect(expectMatches(ours.middle, theirs.map((r) => r.middle), PRICE)).toBe(19);
    expectMatches(ours.upper, theirs.map((r) => r.upper), PRICE);
    expectMatches(ours.lower, theirs.map((r) => r.lower), PRICE);
    expect(expectMatches(psar(candles.high, candles.low, 0.02, 0.2).value, ti.PSAR.calculate({ high, low, step: 0.02, max: 0.2 }), PRICE)).toBe(0);
  });

  it('Ichimoku lines as known at each bar; the library starts all four at bar 51, ours each at its own window', () => {
    const ours = ichimoku(candles.high, candles.low, 9, 26, 52, 26);
    const theirs = ti.IchimokuCloud.calculate({ high, low, conversionPeriod: 9, basePeriod: 26, spanPeriod: 52, displacement: 26 });
    expect(expectMatches(ours.tenkan, theirs.map((r) => r.conversion), PRICE)).toBe(51);
    expectMatches(ours.kijun, theirs.map((r) => r.base), PRICE);
    expectMatches(ours.senkouA, theirs.map((r) => r.spanA), PRICE);
    expectMatches(ours.senkouB, theirs.map((r) => r.spanB), PRICE);
    expect([ours.tenkan, ours.kijun, ours.senkouA, ours.senkouB].map(leadingNaN)).toEqual([8, 25, 25, 51]);
  });
});

describe('VWAP of the typical price read from the candles, against VWAP of the hlc3 column', () => {
  it('bit for bit, through computeIndicator and the cache, for UTC days, 4-hour sessions and no reset, and after leading NaN candles', () => {
    const late = candleSeries('LATE', candles.intervalMs, { ...candles, high: candles.high.slice(), low: candles.low.slice(), close: candles.close.slice() });
    late.high[0] = NaN;
    late.close[1] = NaN;
    for (const c of [candles, late]) {
      const column = candleField(c, 'hlc3');
      for (const anchorMinutes of [1440, 240, 0]) {
        const expected = Array.from(vwap(c.openTime, column, c.volume, anchorMinutes * 60_000));
        expect(Array.from(computeIndicator(c, 'vwap', { anchorMinutes }).value), `${c.symbol} ${anchorMinutes}`).toEqual(expected);
        expect(Array.from(new IndicatorCache().indicator(c, 'vwap', { anchorMinutes }).value), `${c.symbol} ${anchorMinutes}`).toEqual(expected);
      }
    }
    expect(leadingNaN(computeIndicator(late, 'vwap').value)).toBe(2);
  });
});

describe('Parabolic SAR a trend at a time against its bar-by-bar definition', () => {
  const same = (a: { value: Float64Array; direction: Float64Array }, b: typeof a) =>
    a.value.every((v, i) => Object.is(v, b.value[i])) && a.direction.every((v, i) => Object.is(v, b.direction[i]));
  const params = [[0.02, 0.2], [0.05, 0.3], [0.2, 0.2], [0.3, 0.2]] as const;

  it('bit for bit on valid candles, with factors that saturate and that start above max', () => {
    const sets = [candles, generateCandles({ bars: 5000, seed: 29, startPrice: 2, volatility: 0.01, regimeBars: 800 })];
    for (const c of sets) for (const [step, max] of params) expect(same(psar(c.high, c.low, step, max), psarByBars(c.high, c.low, step, max)), `${step}/${max}`).toBe(true);
  });

  it('bit for bit where a price is NaN, infinite, zero or negative, at the first bars, inside up and down trends and at the end', () => {
    const trend = psarByBars(candles.high, candles.low, 0.02, 0.2).direction;
    const up = trend.indexOf(1, 100), down = trend.indexOf(-1, 100);
    for (const bad of [NaN, Infinity, 0, -0, -1]) {
      for (const at of [0, 1, 2, up, up + 1, down, down + 1, candles.length - 1]) {
        for (const side of ['high', 'low'] as const) {
          const high = candles.high.slice(), low = candles.low.slice();
          (side === 'high' ? high : low)[at] = bad;
          for (const [step, max] of params) expect(same(psar(high, low, step, max), psarByBars(high, low, step, max)), `${side}[${at}] = ${bad}, ${step}/${max}`).toBe(true);
        }
      }
    }
    // NaN parameters take the same path; prices all negative (and so of one sign per bar) run a trend at a time.
    expect(same(psar(candles.high, candles.low, NaN, 0.2), psarByBars(candles.high, candles.low, NaN, 0.2))).toBe(true);
    const [negativeHigh, negativeLow] = [candles.high.map((x) => -x), candles.low.map((x) => -x)];
    expect(same(psar(negativeHigh, negativeLow, 0.02, 0.2), psarByBars(negativeHigh, negativeLow, 0.02, 0.2))).toBe(true);
  });
});

describe('neutral values where a window has no range (documented differences)', () => {
  const flat = candleSeries('FLAT', 60_000, {
    openTime: Array.from({ length: 40 }, (_, i) => i * 60_000),
    open: new Array(40).fill(5),
    high: new Array(40).fill(5),
    low: new Array(40).fill(5),
    close: new Array(40).fill(5),
    volume: new Array(40).fill(3),
  });
  const arrays = { high: Array.from(flat.high), low: Array.from(flat.low), close: Array.from(flat.close), volume: Array.from(flat.volume) };

  it('Stochastic 50 and Williams %R −50 (technicalindicators: 0 and NaN)', () => {
    expect(stochastic(flat.high, flat.low, flat.close, 14, 1, 3).k[39]).toBe(50);
    expect(ti.Stochastic.calculate({ ...arrays, period: 14, signalPeriod: 3 }).at(-1)!.k).toBe(0);
    expect(williamsR(flat.high, flat.low, flat.close, 14)[39]).toBe(-50);
    expect(ti.WilliamsR.calculate({ ...arrays, period: 14 }).at(-1)).toBeNaN();
  });

  it('CCI 0 (technicalindicators: 0/0), MFI 50 without any flow, ADX and DI 0, z-score 0, σ exactly 0', () => {
    expect(cci(candleField(flat, 'hlc3'), 20)[39]).toBe(0);
    expect(ti.CCI.calculate({ ...arrays, period: 20 }).at(-1)).toBeNaN();
    expect(mfi(flat.close, flat.volume, 14)[39]).toBe(50);
    const a = adx(flat.high, flat.low, flat.close, 5);
    expect([a.adx[39], a.plusDi[39], a.minusDi[39]]).toEqual([0, 0, 0]);
    expect(computeIndicator(flat, 'zscore').value[39]).toBe(0);
    expect(rollingStdev(flat.close, 20)[39]).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Descriptors

function sliceFrom(c: CandleSeries, from: number): CandleSeries {
  return candleSeries(c.symbol, c.intervalMs, {
    openTime: c.openTime.subarray(from),
    open: c.open.subarray(from),
    high: c.high.subarray(from),
    low: c.low.subarray(from),
    close: c.close.subarray(from),
    volume: c.volume.subarray(from),
  });
}

function span(...series: Float64Array[]): number {
  let max = -Infinity, min = Infinity;
  for (const s of series) for (const v of s) if (Number.isFinite(v)) (max = Math.max(max, v)), (min = Math.min(min, v));
  return max - min;
}

describe('the catalogue', () => {
  it('has at least 20 indicators, each with unique name, valid parameters and declared outputs', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(INDICATORS.map((d) => d.name)).size).toBe(INDICATORS.length);
    for (const d of INDICATORS) {
      for (const p of d.params) {
        expect(p.min <= p.default && p.default <= p.max, `${d.name}.${p.name}`).toBe(true);
        expect(p.step).toBeGreaterThan(0);
        if (p.type === 'int') expect(Number.isInteger(p.default) && Number.isInteger(p.min) && Number.isInteger(p.max)).toBe(true);
      }
      expect(d.constraints.map((c) => c.violation(resolveIndicatorParams(d)))).toEqual(d.constraints.map(() => null));
      const out = computeIndicator(candles, d.name);
      expect(Object.keys(out).sort(), d.name).toEqual(d.outputs.map((o) => o.name).sort());
      for (const o of d.outputs) {
        expect(out[o.name].length).toBe(candles.length);
        // Defined no later than the warm-up says, and defined from there to the end.
        const w = d.warmup(resolveIndicatorParams(d), { intervalMs: candles.intervalMs });
        const lead = leadingNaN(out[o.name]);
        expect(lead, `${d.name}.${o.name}`).toBeLessThanOrEqual(w.bars);
        expect(out[o.name].subarray(lead).every(Number.isFinite), `${d.name}.${o.name}`).toBe(true);
      }
    }
  });

  it('the README’s indicator table has one row per indicator, in the catalogue’s order', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Indicators'), readme.indexOf('### Strategies'));
    const rows = [...section.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    expect(rows).toEqual(INDICATORS.map((d) => d.name));
  });

  it('every indicator with a source starts where the source becomes defined (EMA of RSI, SMA of a MACD line)', () => {
    const pad = 37;
    const padded = new Float64Array(candles.length + pad).fill(NaN);
    padded.set(candles.close, pad);
    const longer = generateCandles({ bars: candles.length + pad, seed: 11, startPrice: 30_000 });
    for (const d of INDICATORS.filter((x) => x.source !== null)) {
      const onPadded = d.compute({ candles: longer, source: padded }, resolveIndicatorParams(d));
      if (d.candles.length === 0) {
        // Reading nothing but the source, the outputs are the unpadded ones shifted, bit for bit.
        const plain = d.compute({ candles, source: candles.close }, resolveIndicatorParams(d));
        for (const o of d.outputs) {
          expect(onPadded[o.name].subarray(0, pad).every(Number.isNaN), `${d.name}.${o.name}`).toBe(true);
          expect(Array.from(onPadded[o.name].subarray(pad)), `${d.name}.${o.name}`).toEqual(Array.from(plain[o.name]));
        }
      } else {
        for (const o of d.outputs) {
          const lead = leadingNaN(onPadded[o.name]);
          expect(lead, `${d.name}.${o.name}`).toBeGreaterThanOrEqual(pad);
          expect(lead).toBeLessThanOrEqual(pad + d.warmup(resolveIndicatorParams(d), { intervalMs: longer.intervalMs }).bars);
        }
      }
    }
  });
});

describe('warm-up: computed from a later start, every output matches the full history after `warmup` bars', () => {
  // Exact warm-ups: equal bit for bit. Recursive ones: the seed's weight in their state is below WARMUP_TOLERANCE,
  // so outputs linear in that state differ by at most the tolerance × the spread of their inputs (prices: the
  // range of the highs and lows; oscillators: 100). Cumulative ones (OBV): their changes match.
  const fixtures = [
    generateCandles({ bars: 5000, seed: 3, startPrice: 30_000, regimeBars: 300 }),
    generateCandles({ bars: 5000, seed: 29, startPrice: 2, volatility: 0.01, regimeBars: 800, intervalMs: 3_600_000 }),
  ];
  const OSCILLATORS = new Set(['rsi', 'stochRsi', 'adx', 'stochastic', 'williamsR', 'mfi', 'cci']);
  const variants: Record<string, Record<string, number>[]> = {
    ema: [{ period: 50 }],
    rsi: [{ period: 3 }],
    macd: [{ fast: 5, slow: 35, signal: 5 }],
    adx: [{ period: 30 }],
    psar: [{ step: 0.05, max: 0.3 }],
    supertrend: [{ atrPeriod: 20, multiplier: 2 }],
    vwap: [{ anchorMinutes: 240 }, { anchorMinutes: 0 }],
    ichimoku: [{ conversionPeriod: 5, basePeriod: 20, spanPeriod: 40, displacement: 10 }],
  };

  function check(d: IndicatorDescriptor, params: Record<string, number>, c: CandleSeries): void {
    const w = d.warmup(resolveIndicatorParams(d, params), { intervalMs: c.intervalMs });
    const full = computeIndicator(c, d.name, params);
    const scale = OSCILLATORS.has(d.name) ? 100 : span(c.high, c.low);
    for (const start of [1, 7, 250, 1111, 2000]) {
      const late = computeIndicator(sliceFrom(c, start), d.name, params);
      for (const o of d.outputs) {
        const a = full[o.name].subarray(start), b = late[o.name];
        const label = `${d.name}(${JSON.stringify(params)}).${o.name} from bar ${start}`;
        if (w.cumulative) {
          if (d.name === 'vwap') continue; // a cumulative average: neither level nor changes settle
          const ref = w.bars;
          let worst = 0;
          for (let j = ref; j < b.length; j++) worst = Math.max(worst, Math.abs(b[j] - b[ref] - (a[j] - a[ref])));
          expect(worst, label).toBeLessThanOrEqual(1e-9 * span(a));
        } else if (w.exact) {
          expect(Array.from(b.subarray(w.bars)), label).toEqual(Array.from(a.subarray(w.bars)));
        } else {
          let worst = 0;
          for (let j = w.bars; j < b.length; j++) worst = Math.max(worst, Math.abs(b[j] - a[j]));
          expect(worst, label).toBeLessThanOrEqual(WARMUP_TOLERANCE * (o.name === 'direction' ? 0 : scale));
        }
      }
    }
  }

  it.each(INDICATORS.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    for (const c of fixtures) {
      check(d, {}, c);
      for (const params of variants[d.name] ?? []) check(d, params, c);
    }
  });

  it('recursive warm-ups follow (1 − alpha)^k < tolerance: EMA(20) 158 bars, RSI(14) and ATR(14) 201, ADX(14) 401, PSAR 684', () => {
    const ctx = { intervalMs: 60_000 };
    const w = (name: string) => INDICATORS.find((d) => d.name === name)!.warmup(resolveIndicatorParams(INDICATORS.find((d) => d.name === name)!), ctx);
    // EMA(20): alpha = 2/21, k = ceil(ln 1e-6 / ln(19/21)) = 139, + 19 bars before the seed.
    expect(w('ema')).toEqual({ bars: 19 + 139, exact: false, cumulative: false });
    // Wilder(14): alpha = 1/14, k = ceil(ln 1e-6 / ln(13/14)) = 187, + 14 bars before the first value.
    expect(w('rsi').bars).toBe(14 + 187);
    expect(w('atr').bars).toBe(14 + 187);
    // ±DI as ATR, then ADX as a Wilder average of DX from its own first value 13 bars later.
    expect(w('adx').bars).toBe(14 + 187 + 13 + 187);
    // PSAR: the SAR gap of two runs in one trend shrinks by (1 − 0.02) per bar at least: ceil(ln 1e-6 / ln 0.98).
    expect(w('psar').bars).toBe(684);
    expect(w('vwap')).toEqual({ bars: 1439, exact: true, cumulative: false });
  });
});

describe('composed and multi-input indicators through their kernels', () => {
  it('Bollinger Bands are the SMA ± k × rolling σ; Keltner the EMA ± k × ATR', () => {
    const bb = bollinger(candles.close, 20, 2);
    const sd = rollingStdev(candles.close, 20);
    expect(bb.middle).toEqual(sma(candles.close, 20));
    for (const i of [19, 500, 2999]) expect(bb.upper[i]).toBe(bb.middle[i] + 2 * sd[i]);
    expect(keltner(candles.close, candles.high, candles.low, candles.close, 20, 10, 2).middle).toEqual(ema(candles.close, 20));
  });
});
