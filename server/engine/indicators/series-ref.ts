import { indicatorNamed } from './catalogue.ts';
import { CANDLE_FIELDS, resolveIndicatorParams, type CandleField, type IndicatorDescriptor, type IndicatorParams } from './descriptor.ts';
import { CANDLE_WARMUP, chainWarmup, type Warmup, type WarmupContext } from './warmup-bars.ts';

/**
 * A series an indicator can be applied to: a candle field, another indicator's output (so "EMA of RSI" is
 * { indicator: 'ema', params: { period: 9 }, source: { indicator: 'rsi', params: { period: 14 } } }), or a
 * series computed elsewhere (arithmetic on series), named by a key that identifies its values.
 */
export type SeriesRef = CandleField | IndicatorRef | ExternalSeries;

export interface IndicatorRef {
  readonly indicator: string;
  /** Missing parameters take their defaults. */
  readonly params?: Readonly<Record<string, number>>;
  /** Missing: the descriptor's default source. Not allowed for indicators without a source. */
  readonly source?: SeriesRef;
  /** Which output; missing: the first. */
  readonly output?: string;
}

export interface ExternalSeries {
  /** Identifies `values` among every series over the same candles (a cache key). */
  readonly key: string;
  readonly values: Float64Array;
  /** Its own warm-up; missing: none. */
  readonly warmup?: Warmup;
}

export function isCandleField(ref: SeriesRef | string): ref is CandleField {
  return typeof ref === 'string' && (CANDLE_FIELDS as readonly string[]).includes(ref);
}

function checkedField(ref: string): CandleField {
  if (!isCandleField(ref)) throw new Error(`unknown candle field "${ref}"; known: ${CANDLE_FIELDS.join(', ')}`);
  return ref;
}

/** An indicator reference checked against its descriptor, with every default filled in. */
export interface ResolvedIndicator {
  readonly descriptor: IndicatorDescriptor;
  readonly params: IndicatorParams;
  readonly source: SeriesRef | null;
  readonly output: string;
  /** Identifies the computed outputs among every series over the same candles. */
  readonly key: string;
}

export function resolveIndicatorRef(ref: IndicatorRef): ResolvedIndicator {
  const descriptor = indicatorNamed(ref.indicator);
  const params = resolveIndicatorParams(descriptor, ref.params);
  if (descriptor.source === null && ref.source !== undefined) throw new Error(`indicator ${descriptor.name} takes no source; it reads ${descriptor.candles.join(', ')}`);
  const output = ref.output ?? descriptor.outputs[0].name;
  if (!descriptor.outputs.some((o) => o.name === output)) {
    throw new Error(`indicator ${descriptor.name} has no output "${output}"; known: ${descriptor.outputs.map((o) => o.name).join(', ')}`);
  }
  const source = descriptor.source === null ? null : (ref.source ?? descriptor.source.default);
  const key = `${descriptor.name}(${descriptor.params.map((p) => params[p.name]).join(',')})${source === null ? '' : `<${seriesKey(source)}>`}`;
  return { descriptor, params, source, output, key };
}

/** Identifies a series among every series over the same candles. */
export function seriesKey(ref: SeriesRef): string {
  if (typeof ref === 'string') return checkedField(ref);
  if ('indicator' in ref) {
    const resolved = resolveIndicatorRef(ref);
    return `${resolved.key}.${resolved.output}`;
  }
  return `external:${ref.key}`;
}

/** Warm-up of a series: its own and, along the chain of sources, each source's (chainWarmup). */
export function seriesWarmup(ref: SeriesRef, context: WarmupContext): Warmup {
  if (typeof ref === 'string') {
    checkedField(ref);
    return CANDLE_WARMUP;
  }
  if (!('indicator' in ref)) return ref.warmup ?? CANDLE_WARMUP;
  const resolved = resolveIndicatorRef(ref);
  const own = resolved.descriptor.warmup(resolved.params, context);
  return resolved.source === null ? own : chainWarmup(seriesWarmup(resolved.source, context), own);
}
