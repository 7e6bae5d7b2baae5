import type { CandleField } from '../indicators/descriptor.ts';
import type { SizingMode } from '../settings.ts';

/**
 * The strategy document: a declarative strategy, as JSON and as the GraphQL input (the same shape, so the
 * JSON text a user exports is exactly what the API takes). Every union (a series, a condition, a number, a
 * stop) is an object with exactly one key naming its kind, the `@oneOf` input objects of the schema.
 * The language is described in the README ("Strategy language"); the JSON Schema is derived in json-schema.ts.
 */
export const LANGUAGE_VERSION = 1;

/** A number written in place, or the value of a named parameter (resolved once per run). */
export type NumberValue = { readonly value: number } | { readonly param: string };

export interface IndicatorParamValue {
  readonly name: string;
  readonly value: NumberValue;
}

export interface IndicatorNode {
  /** A name of the indicator catalogue (indicators/catalogue.ts). */
  readonly name: string;
  /** Missing parameters take the descriptor's defaults. */
  readonly params?: readonly IndicatorParamValue[];
  /** The series it is applied to; missing: the descriptor's default (close for most). */
  readonly source?: SeriesNode;
  /** Which output (e.g. "upper" of bollinger); missing: the first. */
  readonly output?: string;
}

export const ARITHMETIC_OPS = ['add', 'sub', 'mul', 'div', 'min', 'max'] as const;
export type ArithmeticOp = (typeof ARITHMETIC_OPS)[number];

export interface ArithmeticNode {
  readonly op: ArithmeticOp;
  readonly left: SeriesNode;
  readonly right: SeriesNode;
}

export interface OffsetNode {
  readonly of: SeriesNode;
  /** Bars back, >= 0: the value `bars` bars before the current one. */
  readonly bars: NumberValue;
}

export interface HigherTimeframeNode {
  /** The higher candle length in minutes, a multiple of the run's candle length. */
  readonly minutes: NumberValue;
  /** Computed on the higher candles; at each base bar the last higher candle closed by then is read. */
  readonly of: SeriesNode;
}

export interface ChooseNode {
  readonly if: ConditionNode;
  readonly then: SeriesNode;
  readonly else: SeriesNode;
}

export type SeriesNode =
  | { readonly candle: CandleField }
  | { readonly indicator: IndicatorNode }
  | { readonly constant: NumberValue }
  | { readonly ref: string }
  | { readonly arithmetic: ArithmeticNode }
  | { readonly abs: SeriesNode }
  | { readonly offset: OffsetNode }
  | { readonly higherTimeframe: HigherTimeframeNode }
  | { readonly choose: ChooseNode };

export const COMPARE_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export interface CompareNode {
  readonly op: CompareOp;
  readonly left: SeriesNode;
  readonly right: SeriesNode;
}

export interface CrossNode {
  readonly left: SeriesNode;
  readonly right: SeriesNode;
  /** Magnitude the tie band is relative to, besides the operands (e.g. the close under a MACD line). */
  readonly scale?: SeriesNode;
}

export interface BetweenNode {
  readonly of: SeriesNode;
  readonly low: SeriesNode;
  readonly high: SeriesNode;
}

export interface TrendNode {
  readonly of: SeriesNode;
  /** Strictly rising (falling) on each of the last `bars` bars. */
  readonly bars: NumberValue;
}

export interface CountNode {
  readonly condition: ConditionNode;
  /** True on at least n of the last m bars (the current one included). */
  readonly n: NumberValue;
  readonly m: NumberValue;
}

export type ConditionNode =
  | { readonly compare: CompareNode }
  | { readonly crossesAbove: CrossNode }
  | { readonly crossesBelow: CrossNode }
  | { readonly between: BetweenNode }
  | { readonly rising: TrendNode }
  | { readonly falling: TrendNode }
  | { readonly nOfM: CountNode }
  | { readonly all: readonly ConditionNode[] }
  | { readonly any: readonly ConditionNode[] }
  | { readonly not: ConditionNode }
  | { readonly flag: string };

export interface AtrDistance {
  readonly multiple: NumberValue;
  readonly period: NumberValue;
}

/** A stop-loss distance from the signal close. A distance that is not positive (e.g. a parameter at 0) sets no stop. */
export type StopNode = { readonly percent: NumberValue } | { readonly atr: AtrDistance };

/** A take-profit distance from the signal close, or a multiple of the stop's distance. */
export type TargetNode = { readonly percent: NumberValue } | { readonly atr: AtrDistance } | { readonly riskReward: NumberValue };

/**
 * A trailing stop: it follows the best price since entry at a percent of that price, or at a multiple of the
 * ATR on the signal bar (a distance fixed for the position's life). Not positive: the run's trailingStopPct.
 */
export type TrailingNode = { readonly percent: NumberValue } | { readonly atr: AtrDistance };

export interface Stops {
  /** Alternatives: the first with a positive distance on the signal bar is the stop. */
  readonly stopLoss?: readonly StopNode[];
  readonly takeProfit?: TargetNode;
  readonly trailing?: TrailingNode;
}

/** Each sizing kind of a document and the run's sizingMode it stands for (its value is the run's positionSize). */
export const SIZING_MODE_OF = { fixedQuote: 'FIXED_QUOTE', percentEquity: 'PERCENT_EQUITY', riskPercent: 'RISK_PERCENT' } as const satisfies Record<string, SizingMode>;
export type SizingKind = keyof typeof SIZING_MODE_OF;
export const SIZING_KINDS = Object.keys(SIZING_MODE_OF) as SizingKind[];

/**
 * How the strategy's entries are sized, replacing the run's sizingMode / positionSize: a quote amount, a
 * percent of equity, or the percent of equity lost if the stop fills. Not positive: the run's sizing.
 */
export type SizingNode = { readonly fixedQuote: NumberValue } | { readonly percentEquity: NumberValue } | { readonly riskPercent: NumberValue };

export interface Rules {
  readonly entryLong?: ConditionNode;
  readonly entryShort?: ConditionNode;
  readonly exitLong?: ConditionNode;
  readonly exitShort?: ConditionNode;
  readonly stops?: Stops;
  readonly sizing?: SizingNode;
  /** Agreement in [0, 1] recorded on an entry (orders simultaneous entries); missing: 1. */
  readonly confidenceLong?: SeriesNode;
  readonly confidenceShort?: SeriesNode;
  /** Orders simultaneous entries under the run's entryRanking STRATEGY_SERIES, higher first (any real number). */
  readonly rank?: SeriesNode;
  /**
   * The price of a limit or stop entry (the run's entryOrderType), read on the signal bar: any series, e.g. a
   * band or an earlier low; missing: the run's entryOffset from the signal close. Not above 0 or undefined on
   * a signal bar: that entry is skipped (NO_ENTRY_PRICE). Market entries ignore it.
   */
  readonly entryPriceLong?: SeriesNode;
  readonly entryPriceShort?: SeriesNode;
}

export type ParamDeclType = 'int' | 'float' | 'bool';

export interface ParamDecl {
  readonly name: string;
  readonly label?: string;
  readonly unit?: string;
  readonly type: ParamDeclType;
  /** A number, or 0 / 1 for a bool. */
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly description?: string;
}

/** A cross-parameter rule; strategies' constraints (strategies/constraints.ts) of the same names. */
export type ConstraintDecl = { readonly increasing: readonly string[] } | { readonly notBoth: readonly string[] } | { readonly needsAny: readonly string[] };

export interface NamedSeries {
  readonly name: string;
  readonly series: SeriesNode;
}

export interface StrategyDocument {
  readonly language: number;
  readonly name: string;
  readonly description?: string;
  readonly params?: readonly ParamDecl[];
  readonly constraints?: readonly ConstraintDecl[];
  /** Series with names, read by `{ ref: name }` anywhere (also by each other, without cycles). */
  readonly series?: readonly NamedSeries[];
  readonly rules: Rules;
}

/** The rules that are series read on a signal bar (confidence, entry price), not conditions. */
export const SERIES_RULES = ['confidenceLong', 'confidenceShort', 'rank', 'entryPriceLong', 'entryPriceShort'] as const satisfies readonly (keyof Rules)[];

export const SERIES_KINDS = ['candle', 'indicator', 'constant', 'ref', 'arithmetic', 'abs', 'offset', 'higherTimeframe', 'choose'] as const;
export const CONDITION_KINDS = ['compare', 'crossesAbove', 'crossesBelow', 'between', 'rising', 'falling', 'nOfM', 'all', 'any', 'not', 'flag'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** The one key of a union object. */
export function kindOf<T extends object>(node: T): keyof T & string {
  return Object.keys(node)[0] as keyof T & string;
}
