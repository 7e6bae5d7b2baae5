import { describe, expect, it } from 'vitest';
import { generateOhlcv, generateSyntheticCandles } from '../../market-data/synthetic.ts';

const start = Date.UTC(2023, 0, 1);

function logReturns(close: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 1; i < close.length; i++) out.push(Math.log(close[i] / close[i - 1]));
  return out;
}

function kurtosis(xs: number[]): number {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    m2 += (x - mean) ** 2;
    m4 += (x - mean) ** 4;
  }
  return (m4 / n) / (m2 / n) ** 2;
}

describe('synthetic markets (the engine generator on the exchange calendar)', () => {
  const oneYear5m = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: start, count: 105_120, seed: 42 });

  it('is deterministic for a seed and differs across seeds and symbols', () => {
    const a = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1h', startMs: start, count: 500, seed: 7 });
    const b = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1h', startMs: start, count: 500, seed: 7 });
    const c = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1h', startMs: start, count: 500, seed: 8 });
    const d = generateSyntheticCandles({ symbol: 'SYNTH-ETHUSDT', interval: '1h', startMs: start, count: 500, seed: 7 });
    expect(Array.from(a.close)).toEqual(Array.from(b.close));
    expect(Array.from(a.volume)).toEqual(Array.from(b.volume));
    expect(Array.from(a.close)).not.toEqual(Array.from(c.close));
    expect(d.close[0]).toBeLessThan(5_000); // ETH-like price level
  });

  it('refuses names that could pass for real markets', () => {
    expect(() => generateSyntheticCandles({ symbol: 'BTCUSDT', interval: '5m', startMs: start, count: 1, seed: 1 })).toThrow(/SYNTH-/);
    // The low-level generator (used only by the fake Binance server) has no such guard.
    expect(generateOhlcv({ symbol: 'BTCUSDT', interval: '5m', startMs: start, count: 3, seed: 1 }).close).toHaveLength(3);
  });

  it('produces consistent, continuous, aligned OHLCV bars rounded to a price tick', () => {
    const { openTime, open, high, low, close, volume } = oneYear5m;
    expect(openTime[0]).toBe(start);
    for (let i = 0; i < openTime.length; i++) {
      if (i > 0 && openTime[i] - openTime[i - 1] !== 300_000) throw new Error(`bar ${i} not continuous`);
      const ok = high[i] >= Math.max(open[i], close[i]) && low[i] <= Math.min(open[i], close[i]) && low[i] > 0 && volume[i] > 0;
      if (!ok) throw new Error(`bar ${i} inconsistent: ${open[i]} ${high[i]} ${low[i]} ${close[i]} ${volume[i]}`);
      // Prices near 30,000 carry two decimals, as an exchange prints them.
      if (Math.round(close[i] * 100) / 100 !== close[i]) throw new Error(`bar ${i} close ${close[i]} is not on the tick`);
    }
  });

  it('has fat tails (excess kurtosis) and volatility clustering from its regimes', () => {
    const r = logReturns(oneYear5m.close);
    expect(kurtosis(r)).toBeGreaterThan(3.5);
    // Clustering: |r| is positively autocorrelated at lag 1.
    const abs = r.map(Math.abs);
    const mean = abs.reduce((a, b) => a + b, 0) / abs.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < abs.length; i++) {
      den += (abs[i] - mean) ** 2;
      if (i > 0) num += (abs[i] - mean) * (abs[i - 1] - mean);
    }
    expect(num / den).toBeGreaterThan(0.05);
  });

  it('alternates trending and ranging stretches', () => {
    // Daily net moves measured in daily σ: trends give large |z|, ranges small ones; both must occur.
    const closes = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1d', startMs: start, count: 730, seed: 3 }).close;
    const r = logReturns(closes);
    const sigma = Math.sqrt(r.reduce((a, b) => a + b * b, 0) / r.length);
    const weekly: number[] = [];
    for (let i = 0; i + 7 <= r.length; i += 7) weekly.push(r.slice(i, i + 7).reduce((a, b) => a + b, 0) / (sigma * Math.sqrt(7)));
    expect(weekly.some((z) => z > 1.5)).toBe(true);
    expect(weekly.some((z) => z < -1.5)).toBe(true);
    expect(weekly.filter((z) => Math.abs(z) < 0.5).length).toBeGreaterThan(weekly.length / 10);
  });

  it('scales volatility with the bar size, so every interval describes a similar market', () => {
    const daily = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '1d', startMs: start, count: 3650, seed: 4 }).close;
    const perBar = (close: Float64Array) => Math.sqrt(logReturns(close).reduce((a, b) => a + b * b, 0) / (close.length - 1));
    const annual5m = perBar(oneYear5m.close) * Math.sqrt(105_120);
    const annual1d = perBar(daily) * Math.sqrt(365);
    expect(annual5m / annual1d).toBeGreaterThan(0.6);
    expect(annual5m / annual1d).toBeLessThan(1.6);
  });

  it('steps calendar months for 1M bars', () => {
    const { openTime } = generateSyntheticCandles({ symbol: 'SYNTH-X', interval: '1M', startMs: Date.UTC(2024, 0, 15), count: 3, seed: 1 });
    expect(Array.from(openTime)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1)]);
  });
});

