import { describe, expect, it } from 'vitest';
import {
  IndicatorCache,
  ema,
  Signal,
  TIE_RELATIVE,
  candleSeries,
  crossingAt,
  getStrategyModule,
  heldSide,
  mulberry32,
  nextCrossing,
  resample,
  resolveParamsFor,
  sideOf,
  type CandleSeries,
  type StrategyParams,
} from '../../engine/index.ts';
import { rational, sign, sub, type Rational } from './exact-arithmetic.ts';

// The crossover tie rule (indicators/crossing.ts) and the built-in crossover strategies on flat and
// price-grid markets, against the same rule in exact rational arithmetic on the prices as published
// (integer ticks of 0.01): no crossover appears that exact arithmetic does not show, and none is missed.

describe('the tie rule', () => {
  it('a difference within 8 ulps of the operands is a tie; NaN is no side', () => {
    const x = 30_000.01;
    expect(sideOf(x, x)).toBe(0);
    expect(sideOf(x + x * TIE_RELATIVE * 0.9, x)).toBe(0);
    expect(sideOf(x * (1 + 16 * 2 ** -52), x)).toBe(1);
    expect(sideOf(x, x + 1e-9)).toBe(-1);
    expect(sideOf(NaN, x)).toBe(0);
    // `scale` brings the magnitude of what a small difference came from (a MACD histogram from prices).
    expect(sideOf(1e-13, 0)).toBe(1);
    expect(sideOf(1e-13, 0, 30_000)).toBe(0);
  });

  it('a crossover is a change of side; ties carry the side, touching and going back is none', () => {
    const a = Float64Array.of(NaN, 1, 1, 2, 2, 3, 2, 1, 1, 2, 3);
    const b = Float64Array.of(NaN, 1, 2, 2, 3, 2, 2, 2, 1, 1, 2);
    // sides:                   ·  0 −  0  −  +  0  −  0  +  +
    expect(Array.from(a, (_, i) => heldSide(a, b, i))).toEqual([0, 0, -1, -1, -1, 1, 1, -1, -1, 1, 1]);
    expect(Array.from(a, (_, i) => crossingAt(a, b, i))).toEqual([0, 0, 0, 0, 0, 1, 0, -1, 0, 1, 0]);
    expect(nextCrossing(a, b, 1, a.length)).toBe(5);
    expect(nextCrossing(a, b, 6, a.length)).toBe(7);
    expect(nextCrossing(a, b, 8, a.length)).toBe(9);
    expect(nextCrossing(a, b, 10, a.length)).toBe(a.length);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Markets on a 0.01 grid, as integer ticks

function walk(rng: ReturnType<typeof mulberry32>, from: number, bars: number, stayProbability: number): number[] {
  const ticks: number[] = [];
  let t = from;
  for (let i = 0; i < bars; i++) {
    const u = rng.next();
    if (u >= stayProbability) t += u < (1 + stayProbability) / 2 ? 1 : -1;
    ticks.push(t);
  }
  return ticks;
}

/** Fixtures in ticks at a price level (ticks per unit 100). */
function fixtures(level: number): Record<string, number[]> {
  const rng = mulberry32(level);
  const base = Math.round(level * 100);
  const pattern = [0, 3, 1, 4, 1, 5, 9, 2, 6, 5].map((d) => base + d);
  const periodic: number[] = [];
  for (let r = 0; r < 60; r++) periodic.push(...pattern.map((t) => t + (r % 20 === 19 ? 1 : 0)));
  const walked = walk(rng, base, 200, 0.3);
  const flatAfterWalk = [...walked, ...new Array(400).fill(walked.at(-1)), ...walk(rng, walked.at(-1)!, 200, 0.3), ...new Array(300).fill(base + 50)];
  return {
    flat: new Array(500).fill(base),
    'walk, flat, walk, flat': flatAfterWalk,
    'grid walk, mostly unchanged': walk(rng, base, 1500, 0.8),
    // A 10-bar pattern repeating: SMA(10), SMA(20) and SMA(30) tie exactly on every bar of a pure stretch.
    'repeating pattern': periodic,
  };
}

function marketOf(ticks: readonly number[]): CandleSeries {
  const close = ticks.map((t) => t / 100);
  return candleSeries('GRID', 3_600_000, { openTime: ticks.map((_, i) => i * 3_600_000), open: close, high: close, low: close, close, volume: ticks.map(() => 1) });
}

/** Every (bar, direction) the strategy signals, asked on every bar, and checked against its nextDecision. */
function strategySignals(strategy: string, params: StrategyParams, market: CandleSeries): { signals: string[]; warmup: number } {
  const module = getStrategyModule(strategy)!;
  const resolved = resolveParamsFor(module, params);
  if ('errors' in resolved) throw new Error(resolved.errors.join('; '));
  const p = module.prepare({ series: market, params: resolved.params, cache: new IndicatorCache(), higherTimeframe: (ms) => resample(market, ms) });
  const signals: string[] = [];
  const out = new Signal();
  let candidate = p.nextDecision!(p.warmup, market.length);
  for (let i = p.warmup; i < market.length; i++) {
    out.reset();
    p.decide(i, out);
    if (out.direction !== 0) {
      signals.push(`${i}${out.direction > 0 ? '↑' : '↓'}`);
      expect(candidate, `${strategy} nextDecision before bar ${i}`).toBe(i);
    }
    if (candidate === i) candidate = p.nextDecision!(i + 1, market.length);
  }
  expect(candidate).toBe(market.length);
  return { signals, warmup: p.warmup };
}

/** Crossovers by the rule, with exact equality as the only tie, from exact differences (null: not yet defined). */
function exactCrossings(diffs: readonly (Rational | null)[], warmup: number): string[] {
  const out: string[] = [];
  let held = 0;
  for (let i = 0; i < diffs.length; i++) {
    const d = diffs[i];
    if (d === null) continue;
    const side = sign(d);
    if (side !== 0 && held === -side && i >= warmup) out.push(`${i}${side > 0 ? '↑' : '↓'}`);
    if (side !== 0) held = side;
  }
  return out;
}

function exactSma(ticks: readonly number[], n: number): (Rational | null)[] {
  return ticks.map((_, i) => {
    if (i < n - 1) return null;
    let s = 0n;
    for (let j = i - n + 1; j <= i; j++) s += BigInt(ticks[j]);
    return rational(s, BigInt(n));
  });
}

/**
 * Exact EMAs without rationals that grow out of hand: every value at bar t is an integer numerator over one
 * denominator D_t = (Π n)·(Π (n + 1))^t for the periods in play, shared by every series, so an EMA step
 * E' = (E·(n − 1) + 2x)/(n + 1) and a seed (the mean of n values) divide exactly, and a difference's sign
 * is its numerator's.
 */
class CommonDenominator {
  private readonly growth: bigint;
  readonly d: bigint[] = [];

  constructor(periods: readonly number[], bars: number) {
    this.growth = periods.reduce((q, n) => q * BigInt(n + 1), 1n);
    let d = periods.reduce((q, n) => q * BigInt(n), 1n);
    for (let t = 0; t < bars; t++, d *= this.growth) this.d.push(d);
  }

  ticks(ticks: readonly number[]): bigint[] {
    return ticks.map((x, t) => BigInt(x) * this.d[t]);
  }

  /** TA-Lib EMA: seeded at `seedEnd` with the mean of the n values ending there, then E += 2/(n+1)·(x − E). */
  ema(values: readonly (bigint | null)[], n: number, seedEnd: number): (bigint | null)[] {
    const out: (bigint | null)[] = values.map(() => null);
    if (seedEnd >= values.length) return out;
    let sum = 0n;
    for (let j = seedEnd - n + 1; j <= seedEnd; j++) sum += values[j]! * this.growth ** BigInt(seedEnd - j);
    let e = sum / BigInt(n);
    out[seedEnd] = e;
    for (let t = seedEnd + 1; t < values.length; t++) {
      e = (e * this.growth * BigInt(n - 1) + 2n * values[t]!) / BigInt(n + 1);
      out[t] = e;
    }
    return out;
  }
}

function differences(a: readonly (Rational | null)[], b: readonly (Rational | null)[]): (Rational | null)[] {
  return a.map((x, i) => (x === null || b[i] === null ? null : sub(x, b[i]!)));
}

function numeratorDifferences(a: readonly (bigint | null)[], b: readonly (bigint | null)[]): (Rational | null)[] {
  return a.map((x, i) => (x === null || b[i] === null ? null : rational(x - b[i]!)));
}

const LEVELS = [123.45, 30_000];

describe.each(LEVELS)('crossover strategies against exact arithmetic, prices around %d', (level) => {
  const markets = Object.entries(fixtures(level));

  it.each(markets)('sma_cross on %s', (_name, ticks) => {
    const market = marketOf(ticks);
    for (const [fast, slow] of [[10, 30], [10, 20], [3, 7], [5, 100]]) {
      const { signals, warmup } = strategySignals('sma_cross', { fast, slow }, market);
      expect(signals, `SMA ${fast}/${slow}`).toEqual(exactCrossings(differences(exactSma(ticks, fast), exactSma(ticks, slow)), warmup));
    }
  });

  it.each(markets)('ema_cross on %s', (_name, ticks) => {
    const market = marketOf(ticks);
    for (const [fast, slow] of [[12, 26], [3, 50]]) {
      const exact = new CommonDenominator([fast, slow], ticks.length);
      const values = exact.ticks(ticks);
      const { signals, warmup } = strategySignals('ema_cross', { fast, slow }, market);
      expect(signals, `EMA ${fast}/${slow}`).toEqual(exactCrossings(numeratorDifferences(exact.ema(values, fast, fast - 1), exact.ema(values, slow, slow - 1)), warmup));
    }
  });

  it.each(markets)('macd_cross on %s', (_name, ticks) => {
    const market = marketOf(ticks);
    const [fast, slow, signal] = [12, 26, 9];
    const exact = new CommonDenominator([fast, slow, signal], ticks.length);
    const values = exact.ticks(ticks);
    // TA-Lib seeding: both EMAs from bar slow − 1, the signal from its own first `signal` values.
    const fastEma = exact.ema(values, fast, slow - 1), slowEma = exact.ema(values, slow, slow - 1);
    const line = fastEma.map((f, t) => (f === null ? null : f - slowEma[t]!));
    const signalLine = exact.ema(line, signal, slow - 1 + signal - 1);
    const { signals, warmup } = strategySignals('macd_cross', { fast, slow, signal }, market);
    expect(signals).toEqual(exactCrossings(numeratorDifferences(line, signalLine), warmup));
  });
});

describe('what the rule and the exact sums fix', () => {
  it('a running sum in one double with the old "≤ 0 then > 0" test signals crossovers exact arithmetic does not show', () => {
    const ticks = fixtures(123.45)['repeating pattern'];
    const x = ticks.map((t) => t / 100);
    const runningSma = (n: number) => {
      const out: number[] = [];
      let sum = 0;
      for (let i = 0; i < x.length; i++) {
        sum += x[i] - (i >= n ? x[i - n] : 0);
        out.push(i >= n - 1 ? sum / n : NaN);
      }
      return out;
    };
    const f = runningSma(10), s = runningSma(30);
    const old: string[] = [];
    for (let i = 30; i < x.length; i++) {
      const before = f[i - 1] - s[i - 1], now = f[i] - s[i];
      if (before <= 0 && now > 0) old.push(`${i}↑`);
      else if (before >= 0 && now < 0) old.push(`${i}↓`);
    }
    const exact = exactCrossings(differences(exactSma(ticks, 10), exactSma(ticks, 30)), 30);
    expect(old.filter((c) => !exact.includes(c)).length).toBeGreaterThan(0);
  });
});

describe('an EMA approaching a flat price', () => {
  it('stays on its own side of it, however close it gets', () => {
    for (const period of [2, 5, 20, 50, 200]) {
      for (const price of [100.123, 0.000123456, 43210.9876, 1.1, 7]) {
        for (const startRatio of [0.5, 0.9, 0.999, 1.001, 1.1, 2]) {
          const src = new Float64Array(5_000).fill(price);
          for (let i = 0; i < period; i++) src[i] = price * startRatio;
          const average = ema(src, period);
          for (let i = period - 1; i < src.length; i++) {
            if (startRatio < 1 ? average[i] > price : average[i] < price) expect.fail(`EMA(${period}) from ${startRatio}× ${price} crossed it at bar ${i}: ${average[i]}`);
          }
        }
      }
    }
  });
});
