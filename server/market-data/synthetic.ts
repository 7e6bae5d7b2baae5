import { type Interval, alignDown, intervalMs, isFixedLength, nextOpenTime } from './intervals.ts';
import type { CandleSeries } from '../engine/contract.ts';

/**
 * Deterministic synthetic markets for demos, tests and benchmarks where no network exists.
 *
 * The model is deliberately richer than a random walk so strategies behave plausibly on it:
 * - regime switching (trend up / trend down / range with mean reversion) as a Markov chain whose
 *   expected regime length is a few days whatever the bar size;
 * - GARCH(1,1) volatility clustering;
 * - Student-t (ν = 4) innovations for fat tails;
 * - an intraday volume and volatility profile (U-shaped around the day boundary, plus a US-session bump).
 *
 * Same inputs → bit-identical output, on any machine: the PRNG is our own (xoshiro128**), and only
 * IEEE-exact float operations plus Math.log/exp/sqrt/cos are used.
 */

export const SYNTHETIC_PREFIX = 'SYNTH-';

export interface SyntheticOptions {
  readonly symbol: string;
  readonly interval: Interval;
  /** Open time of the first bar; aligned down to the interval. */
  readonly startMs: number;
  readonly count: number;
  readonly seed: number;
  readonly startPrice?: number;
  /** Annualised volatility the GARCH process reverts to (default 0.6 = 60 %). */
  readonly annualVol?: number;
}

/** The engine's candle columns without the series metadata: what parsers, generators and the store exchange. */
export type OhlcvColumns = Pick<CandleSeries, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

export class SyntheticSymbolError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

export function isSyntheticSymbol(symbol: string): boolean {
  return symbol.startsWith(SYNTHETIC_PREFIX);
}

/** The public entry point: refuses real-looking names so synthetic data can never pass for real data. */
export function generateSyntheticCandles(options: SyntheticOptions): OhlcvColumns {
  if (!isSyntheticSymbol(options.symbol)) {
    throw new SyntheticSymbolError(
      `Synthetic symbols must start with "${SYNTHETIC_PREFIX}" (got "${options.symbol}") so they are never mixed with real markets`,
    );
  }
  return generateOhlcv(options);
}

/** 32-bit string hash (FNV-1a) so each symbol gets its own stream from the same seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** xoshiro128** seeded through splitmix32, returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function normalSource(rng: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - rng();
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

const NU = 4;
/** Student-t(ν) has variance ν/(ν-2); this rescales it to unit variance. */
const T_SCALE = Math.sqrt((NU - 2) / NU);

function studentT(normal: () => number): number {
  let chi2 = 0;
  for (let i = 0; i < NU; i++) {
    const z = normal();
    chi2 += z * z;
  }
  return (normal() / Math.sqrt(chi2 / NU)) * T_SCALE;
}

/** Relative activity by UTC hour: quiet Asian night, busy around the day roll and the US session. */
function intradayFactor(timeMs: number): number {
  const hour = ((timeMs % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000;
  const u = (hour - 12) / 12; // -1 at 00:00, 0 at noon, +1 at 24:00
  const usSession = Math.exp(-((hour - 15) ** 2) / 8);
  return 0.6 + 0.5 * u * u + 0.6 * usSession;
}

function defaultStartPrice(symbol: string): number {
  const base = symbol.replace(SYNTHETIC_PREFIX, '');
  if (base.startsWith('BTC')) return 30_000;
  if (base.startsWith('ETH')) return 2_000;
  return 10 + (hashString(base) % 990);
}

/** Price tick as a power of ten: about six significant digits, like a real order book. */
function decimalsFor(price: number): number {
  return Math.max(2, Math.min(8, 5 - Math.floor(Math.log10(price))));
}

const YEAR_MS = 365 * 86_400_000;

type Regime = 0 | 1 | 2; // 0 range, 1 trend up, 2 trend down

/**
 * The generator without the naming guard. Only the fake Binance server may call it with a
 * real-looking symbol; everything user-facing goes through generateSyntheticCandles.
 */
export function generateOhlcv(options: SyntheticOptions): OhlcvColumns {
  const { interval, count } = options;
  if (!Number.isInteger(count) || count < 0) throw new SyntheticSymbolError(`count must be a non-negative integer`);
  const barMs = intervalMs(interval);
  const rng = createRng((options.seed ^ hashString(`${options.symbol}|${interval}`)) >>> 0);
  const normal = normalSource(rng);
  const startPrice = options.startPrice ?? defaultStartPrice(options.symbol);
  const decimals = decimalsFor(startPrice);
  const scale = 10 ** decimals;
  const round = (x: number) => Math.round(x * scale) / scale;

  const barVariance = ((options.annualVol ?? 0.6) ** 2 * barMs) / YEAR_MS;
  const alpha = 0.08;
  const beta = 0.9;
  const omega = barVariance * (1 - alpha - beta);
  // Regimes last ~4 days on average at any bar size (but at least ~3 bars on daily+ data).
  const switchProb = Math.min(0.3, barMs / (4 * 86_400_000));
  const intraday = barMs < 86_400_000;
  // Trend drift worth ~2 σ per day in the trend's direction, a visible but not absurd slope.
  const trendDrift = 0.15 * Math.sqrt(barVariance);

  const openTime = new Float64Array(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);

  let t = alignDown(interval, options.startMs);
  let price = round(startPrice);
  let anchor = price;
  let variance = barVariance;
  let lastReturn = 0;
  let regime: Regime = 0;
  const baseVolume = (5e7 / startPrice) * (barMs / 3_600_000);

  for (let i = 0; i < count; i++) {
    if (rng() < switchProb) {
      const r = rng();
      regime = r < 0.45 ? 0 : r < 0.75 ? 1 : 2;
      anchor = price;
    }
    variance = omega + alpha * lastReturn * lastReturn + beta * variance;
    const activity = intraday ? intradayFactor(t) : 1;
    const sigma = Math.sqrt(variance) * Math.sqrt(activity);
    const drift =
      regime === 1 ? trendDrift : regime === 2 ? -trendDrift : -0.05 * Math.log(price / anchor);
    let ret = drift + sigma * studentT(normal);
    // A single bar never moves more than 40 %: keeps prices positive and numerically sane.
    ret = Math.max(-0.5, Math.min(0.4, ret));

    const o = price;
    const c = round(o * Math.exp(ret));
    const wickUp = Math.abs(normal()) * sigma * 0.6;
    const wickDown = Math.abs(normal()) * sigma * 0.6;
    openTime[i] = t;
    open[i] = o;
    close[i] = c;
    high[i] = round(Math.max(o, c) * Math.exp(wickUp));
    low[i] = round(Math.min(o, c) * Math.exp(-wickDown));
    const surprise = Math.abs(ret) / Math.sqrt(barVariance);
    volume[i] = round(baseVolume * activity * (0.5 + 0.5 * surprise) * Math.exp(0.3 * normal()));

    lastReturn = ret;
    price = c > 0 ? c : o;
    t = isFixedLength(interval) ? t + barMs : nextOpenTime(interval, t);
  }
  return { openTime, open, high, low, close, volume };
}
