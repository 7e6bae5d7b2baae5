import { generateCandles, type OhlcvColumns } from '../engine/index.ts';
import { type Interval, alignDown, intervalMs, isFixedLength, nextOpenTime } from '../../domain/intervals.ts';

/**
 * Synthetic markets on the exchange's calendar, for demos, tests and benchmarks where no network
 * exists. The prices come from the engine's one generator (engine/synthetic.ts: a random walk whose
 * drift and volatility switch between bull, bear, calm and volatile regimes); this wrapper adds what
 * belongs to market data: the SYNTH- naming rule, bars aligned to the interval (calendar months for
 * 1M), a per-bar volatility and regime length scaled to the interval, and exchange-like rounding.
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
  /** Annualised volatility of the calm-to-volatile regime mix (default 0.6 = 60 %). */
  readonly annualVol?: number;
}

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

/** 32-bit string hash (FNV-1a) so each symbol and interval gets its own stream from the same seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

/**
 * The generator without the naming guard. Only the fake Binance server may call it with a
 * real-looking symbol; everything user-facing goes through generateSyntheticCandles.
 */
export function generateOhlcv(options: SyntheticOptions): OhlcvColumns {
  const { interval, count } = options;
  if (!Number.isInteger(count) || count < 0) throw new SyntheticSymbolError('count must be a non-negative integer');
  const barMs = intervalMs(interval);
  const startPrice = options.startPrice ?? defaultStartPrice(options.symbol);
  const series = generateCandles({
    symbol: options.symbol,
    bars: count,
    seed: (options.seed ^ hashString(`${options.symbol}|${interval}`)) >>> 0,
    intervalMs: barMs,
    startTimeMs: alignDown(interval, options.startMs),
    startPrice,
    // σ per bar from the annual figure (σ grows with √time), so every interval describes a similar market.
    volatility: (options.annualVol ?? 0.6) * Math.sqrt(barMs / YEAR_MS),
    // Regimes last about a day at any bar size (the engine never makes one shorter than 20 bars).
    regimeBars: Math.max(20, Math.round(DAY_MS / barMs)),
    decimals: decimalsFor(startPrice),
  });
  const { openTime, open, high, low, close, volume } = series;
  if (!isFixedLength(interval)) {
    for (let i = 1; i < count; i++) openTime[i] = nextOpenTime(interval, openTime[i - 1]);
  }
  return { openTime, open, high, low, close, volume };
}
