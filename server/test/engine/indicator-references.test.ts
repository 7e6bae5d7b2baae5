import { describe, expect, it } from 'vitest';
import {
  bollinger,
  candleField,
  candleSeries,
  cci,
  computeIndicator,
  donchian,
  generateCandles,
  hma,
  ichimoku,
  leadingNaN,
  rollingStdev,
  rollingSum,
  sma,
  supertrend,
  vwap,
  wma,
  zScore,
} from '../../engine/index.ts';
import { exactMean } from './exact-arithmetic.ts';

// Hand-computed cases and straightforward O(n·period) references, written independently of the kernels,
// for what technicalindicators does not have (HMA, Donchian, z-score, anchored VWAP, Supertrend, the
// Ichimoku cloud as drawn), and exactness at ties for the windowed kernels.

const candles = generateCandles({ bars: 2500, seed: 17, startPrice: 100, intervalMs: 3_600_000 });

function expectClose(ours: Float64Array, reference: (i: number) => number, relative = 1e-12): void {
  let compared = 0;
  for (let i = 0; i < ours.length; i++) {
    const r = reference(i);
    if (Number.isNaN(r)) {
      expect(ours[i], `bar ${i}`).toBeNaN();
      continue;
    }
    expect(Math.abs(ours[i] - r), `bar ${i}: ${ours[i]} vs ${r}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(r)));
    compared++;
  }
  expect(compared).toBeGreaterThan(ours.length / 2);
}

function naiveWma(x: ArrayLike<number>, n: number, i: number): number {
  if (i < n - 1) return NaN;
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += k * x[i - n + k];
  return sum / ((n * (n + 1)) / 2);
}

function naiveMax(x: ArrayLike<number>, n: number, i: number): number {
  if (i < n - 1) return NaN;
  let m = -Infinity;
  for (let j = i - n + 1; j <= i; j++) m = Math.max(m, x[j]);
  return m;
}

function naiveMin(x: ArrayLike<number>, n: number, i: number): number {
  if (i < n - 1) return NaN;
  let m = Infinity;
  for (let j = i - n + 1; j <= i; j++) m = Math.min(m, x[j]);
  return m;
}

describe('hand-computed', () => {
  const x = Float64Array.of(1, 2, 3, 2, 5, 6);

  it('WMA(3): weights 1, 2, 3 over 6', () => {
    expect(Array.from(wma(x, 3))).toEqual([NaN, NaN, 14 / 6, 14 / 6, 22 / 6, 30 / 6]);
  });

  it('HMA(4): WMA(2·WMA(2) − WMA(4), 2)', () => {
    // WMA(2) = (a + 2b)/3: bars 1..5 = 5/3, 8/3, 7/3, 4, 17/3. WMA(4) = (a + 2b + 3c + 4d)/10: bars 3..5 = 2.2, 3.4, 4.6.
    // raw = 2·WMA(2) − WMA(4): bar 3 = 14/3 − 2.2, bar 4 = 8 − 3.4, bar 5 = 34/3 − 4.6; HMA = (raw[i−1] + 2·raw[i])/3.
    const raw = [14 / 3 - 2.2, 8 - 3.4, 34 / 3 - 4.6];
    const h = hma(x, 4);
    expect(leadingNaN(h)).toBe(4);
    expect(h[4]).toBeCloseTo((raw[0] + 2 * raw[1]) / 3, 12);
    expect(h[5]).toBeCloseTo((raw[1] + 2 * raw[2]) / 3, 12);
  });

  it('Donchian(3): highest high, lowest low, midpoint', () => {
    const d = donchian(Float64Array.of(5, 7, 6, 9, 8), Float64Array.of(1, 3, 2, 4, 6), 3);
    expect(Array.from(d.upper)).toEqual([NaN, NaN, 7, 9, 9]);
    expect(Array.from(d.lower)).toEqual([NaN, NaN, 1, 2, 2]);
    expect(Array.from(d.middle)).toEqual([NaN, NaN, 4, 5.5, 5.5]);
  });

  it('z-score(3) of 1, 2, 3: (3 − 2)/σ with σ² = 2/3', () => {
    expect(zScore(Float64Array.of(1, 2, 3), 3)[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 14);
  });

  it('VWAP restarts at each UTC day: the first bar of a day is its own price', () => {
    const hour = 3_600_000;
    const t0 = Date.UTC(2024, 0, 1, 22);
    const openTime = Float64Array.from({ length: 4 }, (_, i) => t0 + i * hour); // 22:00, 23:00, 00:00, 01:00
    const price = Float64Array.of(10, 20, 30, 40), volume = Float64Array.of(1, 3, 2, 2);
    expect(Array.from(vwap(openTime, price, volume, 1440 * 60_000))).toEqual([10, (10 + 60) / 4, 30, (60 + 80) / 4]);
    const cumulative = vwap(openTime, price, volume, 0);
    [10, 70 / 4, 130 / 6, 210 / 8].forEach((v, i) => expect(cumulative[i]).toBeCloseTo(v, 13));
    // A session without volume yet gives its price.
    expect(vwap(openTime, price, Float64Array.of(0, 0, 0, 1), 1440 * 60_000)[2]).toBe(30);
  });
});

describe('against O(n·period) references on 2,500 generated hourly candles', () => {
  const c = candles.close;

  it('WMA and HMA', () => {
    expectClose(wma(c, 17), (i) => naiveWma(c, 17, i));
    const raw = Array.from(c, (_, i) => 2 * naiveWma(c, 10, i) - naiveWma(c, 21, i));
    // HMA(21): inner WMA(10) and WMA(21), outer WMA(4) of their difference, defined from bar 20 + 3.
    expectClose(hma(c, 21), (i) => (i < 23 ? NaN : naiveWma(raw, 4, i)));
  });

  it('Donchian and the Ichimoku lines, and the cloud drawn displacement − 1 bars later', () => {
    const d = donchian(candles.high, candles.low, 20);
    expectClose(d.upper, (i) => naiveMax(candles.high, 20, i), 0);
    expectClose(d.lower, (i) => naiveMin(candles.low, 20, i), 0);
    const mid = (n: number, i: number) => (naiveMax(candles.high, n, i) + naiveMin(candles.low, n, i)) / 2;
    const ichi = ichimoku(candles.high, candles.low, 9, 26, 52, 26);
    expectClose(ichi.tenkan, (i) => mid(9, i), 0);
    expectClose(ichi.senkouB, (i) => mid(52, i), 0);
    expectClose(ichi.cloudA, (i) => (i < 25 ? NaN : (mid(9, i - 25) + mid(26, i - 25)) / 2), 0);
    expectClose(ichi.cloudB, (i) => (i < 25 ? NaN : mid(52, i - 25)), 0);
  });

  it('rolling σ, z-score, CCI and rolling sum', () => {
    const mean = (n: number, i: number) => {
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += c[j];
      return s / n;
    };
    const sd = (n: number, i: number) => {
      if (i < n - 1) return NaN;
      const m = mean(n, i);
      let ss = 0;
      for (let j = i - n + 1; j <= i; j++) ss += (c[j] - m) ** 2;
      return Math.sqrt(ss / n);
    };
    expectClose(rollingStdev(c, 30), (i) => sd(30, i), 1e-9);
    expectClose(zScore(c, 30), (i) => (i < 29 ? NaN : (c[i] - mean(30, i)) / sd(30, i)), 1e-9);
    expectClose(rollingSum(c, 30), (i) => (i < 29 ? NaN : mean(30, i) * 30));
    const tp = candleField(candles, 'hlc3');
    expectClose(cci(tp, 20), (i) => {
      if (i < 19) return NaN;
      let m = 0;
      for (let j = i - 19; j <= i; j++) m += tp[j] / 20;
      let md = 0;
      for (let j = i - 19; j <= i; j++) md += Math.abs(tp[j] - m) / 20;
      return (tp[i] - m) / (0.015 * md);
    }, 1e-9);
  });

  it('VWAP anchored to UTC days and to 4-hour sessions', () => {
    const tp = candleField(candles, 'hlc3');
    for (const minutes of [1440, 240]) {
      const anchor = minutes * 60_000;
      expectClose(vwap(candles.openTime, tp, candles.volume, anchor), (i) => {
        const sessionStart = Math.floor(candles.openTime[i] / anchor) * anchor;
        let pv = 0, v = 0;
        for (let j = i; j >= 0 && candles.openTime[j] >= sessionStart; j--) {
          pv += tp[j] * candles.volume[j];
          v += candles.volume[j];
        }
        return pv / v;
      });
    }
  });

  it('VWAP sessions over open times with gaps: bars missing inside a day and whole days missing', () => {
    const hour = 3_600_000;
    const hours = [0, 1, 5, 23, 24, 26, 24 * 4 + 3, 24 * 4 + 4, 24 * 9, 24 * 9 + 23, 24 * 10];
    const openTime = Float64Array.from(hours, (h) => Date.UTC(2024, 0, 1) + h * hour);
    const price = Float64Array.from(hours, (_, i) => 100 + i), volume = Float64Array.from(hours, (_, i) => 1 + (i % 3));
    const day = (i: number) => Math.floor(hours[i] / 24);
    const expected = hours.map((_, i) => {
      let pv = 0, v = 0;
      for (let j = i; j >= 0 && day(j) === day(i); j--) (pv += price[j] * volume[j]), (v += volume[j]);
      return pv / v;
    });
    vwap(openTime, price, volume, 1440 * 60_000).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
  });

  it('Supertrend, as TradingView’s ta.supertrend on a Wilder ATR that starts at bar atrPeriod', () => {
    const period = 10, factor = 3;
    const { high, low, close } = candles;
    const n = close.length;
    const atr: number[] = new Array(n).fill(NaN);
    let trSum = 0;
    for (let i = 1; i < n; i++) {
      const tr = Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]));
      if (i < period) trSum += tr;
      else if (i === period) atr[i] = (trSum + tr) / period;
      else atr[i] = (atr[i - 1] * (period - 1) + tr) / period;
    }
    const line: number[] = new Array(n).fill(NaN), dir: number[] = new Array(n).fill(NaN);
    const upper: number[] = [], lower: number[] = [];
    for (let i = period; i < n; i++) {
      const src = (high[i] + low[i]) / 2;
      let up = src + factor * atr[i], dn = src - factor * atr[i];
      const first = i === period;
      if (!first) {
        dn = dn > lower[i - 1] || close[i - 1] < lower[i - 1] ? dn : lower[i - 1];
        up = up < upper[i - 1] || close[i - 1] > upper[i - 1] ? up : upper[i - 1];
      }
      lower[i] = dn;
      upper[i] = up;
      // TradingView: direction 1 (down) on the first bar; down turns up above the upper band, up turns down below the lower.
      dir[i] = first ? -1 : dir[i - 1] === -1 ? (close[i] > up ? 1 : -1) : close[i] < dn ? -1 : 1;
      line[i] = dir[i] === 1 ? dn : up;
    }
    const ours = supertrend(high, low, close, period, factor);
    expectClose(ours.value, (i) => line[i], 1e-9);
    expectClose(ours.direction, (i) => dir[i], 0);
    expect(new Set(dir.filter((d) => !Number.isNaN(d)))).toEqual(new Set([1, -1]));
  });
});

describe('windowed kernels are exact at ties', () => {
  const prices = [0.1, 123.45, 30_000.01, 7e-5];

  it('a flat window averages to exactly its value, with σ, z-score and CCI exactly 0, after any history', () => {
    for (const price of prices) {
      // A random walk, then a flat stretch: the running sums have seen many other values first.
      const walk = generateCandles({ bars: 3000, seed: 5, startPrice: price }).close;
      const x = new Float64Array(3300);
      x.set(walk);
      x.fill(price, 3000);
      for (const n of [2, 3, 7, 10, 30, 100, 200]) {
        const last = x.length - 1;
        expect(sma(x, n)[last], `SMA(${n}) of ${price}`).toBe(price);
        expect(wma(x, n)[last], `WMA(${n}) of ${price}`).toBe(price);
        expect(hma(x, n)[last], `HMA(${n}) of ${price}`).toBe(price);
        expect(rollingStdev(x, n)[last]).toBe(0);
        expect(zScore(x, n)[last]).toBe(0);
        expect(cci(x, n)[last]).toBe(0);
        const bb = bollinger(x, n, 2);
        expect([bb.lower[last], bb.middle[last], bb.upper[last]]).toEqual([price, price, price]);
        expect(rollingSum(x, n)[last]).toBe(n * price); // the exact sum, rounded once as the product is
      }
    }
  });

  it('SMA is the exact window mean rounded once (BigInt reference), on prices of a 0.01 grid and on raw doubles', () => {
    for (const decimals of [2, undefined]) {
      const x = generateCandles({ bars: 4000, seed: 23, startPrice: 250, decimals }).close;
      for (const n of [3, 20, 111]) {
        const ours = sma(x, n);
        for (let i = n - 1; i < x.length; i += 3) expect(ours[i], `SMA(${n}) bar ${i}`).toBe(exactMean(x, i - n + 1, i + 1));
      }
    }
  });

  it('the cache serves the same exact kernels through the catalogue', () => {
    const flat = candleSeries('FLAT', 60_000, { openTime: [0, 1, 2, 3], open: [2, 2, 2, 2], high: [2, 2, 2, 2], low: [2, 2, 2, 2], close: [2, 2, 2, 2], volume: [1, 1, 1, 1] });
    expect(computeIndicator(flat, 'sma', { period: 3 }).value[3]).toBe(2);
  });
});
