import { describe, expect, it } from 'vitest';
import { generateCandles, highest, lowest, mulberry32 } from '../../engine/index.ts';

// The rolling extremes take a branch-free pass that is exact only while each window's values are of one
// sign and within a factor 2 of each other, and redo the series the plain way when it reports otherwise.
// Both ways against a scan of every window: prices (the fast pass), and series that force the plain one.

/** Highest (sign 1) or lowest (sign −1) of each full window by looking at every value, NaN if one is NaN. */
function scanned(src: Float64Array, period: number, sign: 1 | -1): Float64Array {
  const out = new Float64Array(src.length).fill(NaN);
  let start = 0;
  while (start < src.length && !Number.isFinite(src[start])) start++;
  for (let i = start + period - 1; i < src.length; i++) {
    let best = src[i - period + 1];
    for (let j = i - period + 2; j <= i; j++) best = Number.isNaN(best) || Number.isNaN(src[j]) ? NaN : sign * src[j] > sign * best ? src[j] : best;
    out[i] = best;
  }
  return out;
}

function expectSameValues(actual: Float64Array, expected: Float64Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    // Signed zeros compare equal everywhere a strategy reads them; either may come out.
    if (actual[i] === expected[i] || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) continue;
    expect.fail(`${label}: bar ${i} is ${actual[i]}, the scan gives ${expected[i]}`);
  }
}

describe('rolling highest and lowest', () => {
  const prng = mulberry32(11);
  const random = () => prng.next();
  const candles = generateCandles({ bars: 20_000, seed: 4, symbol: 'EXT' });
  const series: Record<string, Float64Array> = {
    'prices (branch-free pass)': candles.close,
    'both signs': Float64Array.from({ length: 5_000 }, () => random() * 2 - 1),
    // A small value after a large one of the other sign: x − p is inexact there.
    'magnitudes from 1e-4 to 1e2 of both signs': Float64Array.from({ length: 5_000 }, () => (random() < 0.5 ? -1 : 1) * 10 ** (random() * 6 - 4)),
    'jumps of 1,000,000×': Float64Array.from({ length: 5_000 }, () => (random() < 0.02 ? 1e6 : 1) * (1 + random())),
    'a NaN in the middle': Float64Array.from({ length: 3_000 }, (_, i) => (i === 1_500 ? NaN : 100 + Math.sin(i / 7))),
    'leading NaN': Float64Array.from({ length: 3_000 }, (_, i) => (i < 45 ? NaN : 100 + random())),
    'an infinity': Float64Array.from({ length: 3_000 }, (_, i) => (i === 900 ? Infinity : 100 + random())),
    'shorter than the window': Float64Array.of(3, 1, 2),
  };
  for (const [name, src] of Object.entries(series)) {
    it(`equal a scan of every window: ${name}`, () => {
      for (const period of [1, 2, 3, 14, 20, 52, 200]) {
        expectSameValues(highest(src, period), scanned(src, period, 1), `${name}, highest(${period})`);
        expectSameValues(lowest(src, period), scanned(src, period, -1), `${name}, lowest(${period})`);
      }
    });
  }
});
