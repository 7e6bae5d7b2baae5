import type { ParamSpec } from '../contract.ts';
import type { OhlcvColumns } from '../candles.ts';
import type { ParamConstraint } from '../strategies/constraints.ts';
import type { Warmup, WarmupContext } from './warmup-bars.ts';

/** Candle columns an indicator may read directly. */
export const CANDLE_INPUTS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;
export type CandleInput = (typeof CANDLE_INPUTS)[number];

/** Candle fields a source may name: the columns, and the usual averages of them (computed per bar). */
export const CANDLE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type CandleField = (typeof CANDLE_FIELDS)[number];

/** A numeric parameter: the run-settings' ParamSpec shape, always with bounds and a step. */
export interface IndicatorParamSpec<P extends string = string> extends ParamSpec {
  readonly name: P;
  readonly type: 'int' | 'float';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

export interface IndicatorOutputSpec<O extends string = string> {
  readonly name: O;
  readonly description: string;
}

/** The series an indicator is applied to: any series aligned to the candles, `default` when none is given. */
export interface IndicatorSource {
  readonly default: CandleField;
  readonly description: string;
}

export type IndicatorParams<P extends string = string> = Readonly<Record<P, number>>;
export type IndicatorOutputs<O extends string = string> = Readonly<Record<O, Float64Array>>;

export interface IndicatorInputs {
  /** The candles the series belong to; `candles` of the descriptor says which columns are read. */
  readonly candles: OhlcvColumns;
  /** The source series (aligned to the candles, possibly starting with NaNs); empty when the descriptor has no source. */
  readonly source: Float64Array;
  /** The candle field the source is, when it is one rather than another series; `source` is then made on first read. */
  readonly sourceField?: CandleField;
}

/**
 * One indicator, described once: the strategy language, the API and the docs read this, and the
 * IndicatorCache computes through it. Every output is a Float64Array as long as the candles, aligned to
 * candle indices, NaN until defined; a source that starts with NaNs delays the outputs by as many bars.
 */
export interface IndicatorDescriptor<P extends string = string, O extends string = string> {
  /** Identifier in strategy documents and cache keys, e.g. "stochRsi". */
  readonly name: string;
  readonly description: string;
  /** The series the indicator is applied to, or null when it reads only candle columns. */
  readonly source: IndicatorSource | null;
  /** Candle columns read besides the source. */
  readonly candles: readonly CandleInput[];
  readonly params: readonly IndicatorParamSpec<P>[];
  /** Cross-parameter rules (e.g. fast < slow), as strategies declare theirs. */
  readonly constraints: readonly ParamConstraint[];
  readonly outputs: readonly IndicatorOutputSpec<O>[];
  /** Bars after its inputs become defined until every output is stable (see warmup-bars.ts). */
  warmup(params: IndicatorParams<P>, context: WarmupContext): Warmup;
  /** Computes every output; no allocation per element. */
  compute(inputs: IndicatorInputs, params: IndicatorParams<P>): IndicatorOutputs<O>;
}

/** A descriptor as written: no candle columns and no cross-parameter rules unless given. */
export type IndicatorDefinition<P extends string, O extends string> = Omit<IndicatorDescriptor<P, O>, 'candles' | 'constraints'> &
  Partial<Pick<IndicatorDescriptor<P, O>, 'candles' | 'constraints'>>;

/** Fills the defaults and infers parameter and output names, so compute and warmup see typed records. */
export function defineIndicator<const P extends string, const O extends string>(definition: IndicatorDefinition<P, O>): IndicatorDescriptor<P, O> {
  return { candles: [], constraints: [], ...definition };
}

/** An integer period parameter, the most common kind. */
export function periodParam<const P extends string>(name: P, defaultValue: number, description: string, min = 1, max = 5000): IndicatorParamSpec<P> {
  return { name, label: labelOf(name), unit: 'bars', type: 'int', default: defaultValue, min, max, step: 1, description };
}

export function floatParam<const P extends string>(name: P, defaultValue: number, [min, max, step]: readonly [number, number, number], description: string): IndicatorParamSpec<P> {
  return { name, label: labelOf(name), type: 'float', default: defaultValue, min, max, step, description };
}

/** The words of a camelCase parameter name as a form label: "conversionPeriod" → "Conversion period". */
export function labelOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A middle line and bands either side of it (Bollinger, Keltner). */
export function bandOutputs(middle: string, width: string): readonly IndicatorOutputSpec<'middle' | 'upper' | 'lower'>[] {
  return [
    { name: 'middle', description: middle },
    { name: 'upper', description: `middle + ${width}` },
    { name: 'lower', description: `middle − ${width}` },
  ];
}

export const VALUE_OUTPUT = [{ name: 'value', description: 'The indicator value' }] as const satisfies readonly IndicatorOutputSpec<'value'>[];

export const CLOSE_SOURCE: IndicatorSource = { default: 'close', description: 'Series to apply it to' };

/** The descriptor's parameters with defaults filled in; an unknown name is an error. */
export function resolveIndicatorParams(descriptor: IndicatorDescriptor, given: Readonly<Record<string, number>> = {}): IndicatorParams {
  const resolved: Record<string, number> = {};
  for (const key of Object.keys(given)) {
    if (!descriptor.params.some((p) => p.name === key)) {
      throw new Error(`indicator ${descriptor.name} has no parameter "${key}"; known: ${descriptor.params.map((p) => p.name).join(', ') || 'none'}`);
    }
  }
  for (const p of descriptor.params) resolved[p.name] = given[p.name] ?? p.default;
  return resolved;
}

export interface PeriodIndicatorSpec {
  readonly name: string;
  readonly description: string;
  readonly period: { readonly default: number; readonly description: string; readonly min?: number };
  /** Default source field (close unless given). */
  readonly source?: CandleField;
  readonly kernel: (src: Float64Array, period: number) => Float64Array;
  readonly warmup: (period: number) => Warmup;
}

/** The common shape: one source, one `period` parameter, one `value` output. */
export function periodIndicator(spec: PeriodIndicatorSpec): IndicatorDescriptor<'period', 'value'> {
  return defineIndicator({
    name: spec.name,
    description: spec.description,
    source: spec.source === undefined ? CLOSE_SOURCE : { ...CLOSE_SOURCE, default: spec.source },
    params: [periodParam('period', spec.period.default, spec.period.description, spec.period.min)],
    outputs: VALUE_OUTPUT,
    warmup: (p) => spec.warmup(p.period),
    compute: ({ source }, p) => ({ value: spec.kernel(source, p.period) }),
  });
}
