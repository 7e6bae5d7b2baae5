import type { CandleSeries } from '../contract.ts';
import { atr } from './atr.ts';
import { bollinger, type BollingerOutput } from './bollinger.ts';
import { ema } from './ema.ts';
import { macd, type MacdOutput } from './macd.ts';
import { rsi } from './rsi.ts';
import { sma } from './sma.ts';

export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume';

/**
 * Indicator series cached per (series object, indicator, parameters). A parameter sweep passes one cache
 * to every run over the same candles, so each distinct series is computed once; what every run derives
 * identically from the candles (the union timeline, its day ends) is kept here too, and the lean path's
 * scratch equity buffer. Keyed by identity (WeakMap): dropping the candles drops their entries. Cached
 * arrays are shared: callers must not write to them.
 */
export class IndicatorCache {
  private readonly bySeries = new WeakMap<object, Map<string, unknown>>();
  hits = 0;
  misses = 0;

  get<T>(series: object, key: string, compute: () => T): T {
    let entries = this.bySeries.get(series);
    if (entries === undefined) {
      entries = new Map();
      this.bySeries.set(series, entries);
    }
    if (entries.has(key)) {
      this.hits++;
      return entries.get(key) as T;
    }
    this.misses++;
    const value = compute();
    entries.set(key, value);
    return value;
  }

  /** Replaces one entry (e.g. a derived value found stale). */
  set(series: object, key: string, value: unknown): void {
    let entries = this.bySeries.get(series);
    if (entries === undefined) {
      entries = new Map();
      this.bySeries.set(series, entries);
    }
    entries.set(key, value);
  }

  sma(s: CandleSeries, period: number, source: PriceSource = 'close'): Float64Array {
    return this.get(s, `sma:${source}:${period}`, () => sma(s[source], period));
  }

  ema(s: CandleSeries, period: number, source: PriceSource = 'close'): Float64Array {
    return this.get(s, `ema:${source}:${period}`, () => ema(s[source], period));
  }

  rsi(s: CandleSeries, period: number, source: PriceSource = 'close'): Float64Array {
    return this.get(s, `rsi:${source}:${period}`, () => rsi(s[source], period));
  }

  atr(s: CandleSeries, period: number): Float64Array {
    return this.get(s, `atr:${period}`, () => atr(s.high, s.low, s.close, period));
  }

  macd(s: CandleSeries, fast: number, slow: number, signal: number, source: PriceSource = 'close'): MacdOutput {
    return this.get(s, `macd:${source}:${fast}:${slow}:${signal}`, () => macd(s[source], fast, slow, signal));
  }

  bollinger(s: CandleSeries, period: number, stdDev: number, source: PriceSource = 'close'): BollingerOutput {
    return this.get(s, `bb:${source}:${period}:${stdDev}`, () => bollinger(s[source], period, stdDev));
  }
}
