import type { CandleSeries } from '../contract.ts';
import { ATR } from './atr.ts';
import { BOLLINGER } from './bollinger.ts';
import { NO_SOURCE, candleField, fieldInputs, isColumn } from './candle-fields.ts';
import type { CandleField, IndicatorDescriptor, IndicatorInputs, IndicatorOutputs } from './descriptor.ts';
import { EMA } from './ema.ts';
import { MACD } from './macd.ts';
import { RSI } from './rsi.ts';
import { resolveIndicatorRef, seriesKey, type SeriesRef } from './series-ref.ts';
import { SMA } from './sma.ts';

/**
 * Indicator series cached per (series object, indicator, parameters, source). A parameter sweep passes one
 * cache to every run over the same candles, so each distinct series is computed once — including the
 * sources of composed series (the RSI under an EMA of RSI). What every run derives identically from the
 * candles (the union timeline, its day ends) is kept here too, and the lean path's scratch equity buffer.
 * Keyed by identity (WeakMap): dropping the candles drops their entries. Cached arrays are shared: callers
 * must not write to them.
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

  /** Every output of an indicator of the catalogue over `candles`; missing parameters take their defaults. */
  indicator(candles: CandleSeries, name: string, params: Readonly<Record<string, number>> = {}, source?: SeriesRef): IndicatorOutputs {
    const resolved = resolveIndicatorRef(source === undefined ? { indicator: name, params } : { indicator: name, params, source });
    return this.get(candles, `indicator:${resolved.key}`, () => resolved.descriptor.compute(this.inputs(candles, resolved.source), resolved.params));
  }

  /** An indicator's inputs; a candle field as its source is made (and cached) only if the kernel reads it. */
  private inputs(candles: CandleSeries, source: SeriesRef | null): IndicatorInputs {
    if (source === null) return { candles, source: NO_SOURCE };
    if (typeof source === 'string') return fieldInputs(candles, source, () => this.series(candles, source));
    return { candles, source: this.series(candles, source) };
  }

  /** One series: a candle field, an indicator's output (its sources computed and cached on the way) or an external series. */
  series(candles: CandleSeries, ref: SeriesRef): Float64Array {
    if (typeof ref === 'string') {
      // Columns are served as they are; only the averages (hl2…) are computed, once.
      const key = seriesKey(ref);
      return isColumn(ref) ? candles[ref] : this.get(candles, `field:${key}`, () => candleField(candles, ref));
    }
    if ('indicator' in ref) {
      const resolved = resolveIndicatorRef(ref);
      return this.indicator(candles, ref.indicator, ref.params, ref.source)[resolved.output];
    }
    return ref.values;
  }

  /** A built-in descriptor with typed outputs (the hot strategies' shortcut below). */
  private outputs<P extends string, O extends string>(candles: CandleSeries, descriptor: IndicatorDescriptor<P, O>, params: Readonly<Record<P, number>>, source?: CandleField): IndicatorOutputs<O> {
    return this.indicator(candles, descriptor.name, params, source) as IndicatorOutputs<O>;
  }

  sma(s: CandleSeries, period: number, source: CandleField = 'close'): Float64Array {
    return this.outputs(s, SMA, { period }, source).value;
  }

  ema(s: CandleSeries, period: number, source: CandleField = 'close'): Float64Array {
    return this.outputs(s, EMA, { period }, source).value;
  }

  rsi(s: CandleSeries, period: number, source: CandleField = 'close'): Float64Array {
    return this.outputs(s, RSI, { period }, source).value;
  }

  atr(s: CandleSeries, period: number): Float64Array {
    return this.outputs(s, ATR, { period }).value;
  }

  macd(s: CandleSeries, fast: number, slow: number, signal: number, source: CandleField = 'close'): IndicatorOutputs<'macd' | 'signal' | 'histogram'> {
    return this.outputs(s, MACD, { fast, slow, signal }, source);
  }

  bollinger(s: CandleSeries, period: number, stdDev: number, source: CandleField = 'close'): IndicatorOutputs<'middle' | 'upper' | 'lower'> {
    return this.outputs(s, BOLLINGER, { period, stdDev }, source);
  }
}
