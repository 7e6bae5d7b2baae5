import { ARITHMETIC_OPS, CANDLE_FIELDS, COMPARE_OPS, SIZING_KINDS, SIZING_MODE_OF } from '../engine/index.ts';
import { ParamTypeEnum } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';

/**
 * The strategy document as typed GraphQL input: the same shape as its JSON (engine/language/document.ts),
 * every union an `@oneOf` input object, so what a client sends is exactly the JSON a user exports.
 */

export const CandleFieldEnum = builder.enumType('CandleField', { values: CANDLE_FIELDS });
export const ArithmeticOpEnum = builder.enumType('ArithmeticOp', { values: ARITHMETIC_OPS });
export const CompareOpEnum = builder.enumType('CompareOp', { values: COMPARE_OPS });

const NumberInput = builder.inputType('NumberInput', {
  isOneOf: true,
  description: 'A number written in place (`value`) or a named strategy parameter (`param`)',
  fields: (t) => ({ value: t.float(), param: t.string() }),
});

const SeriesInput = builder.inputRef<object>('SeriesInput');
const ConditionInput = builder.inputRef<object>('ConditionInput');

const IndicatorParamValueInput = builder.inputType('IndicatorParamValueInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.field({ type: NumberInput, required: true }) }),
});
const IndicatorNodeInput = builder.inputType('IndicatorNodeInput', {
  description: 'An indicator of the catalogue (`indicators`), its parameters (missing ones take defaults), its source series and which output',
  fields: (t) => ({
    name: t.string({ required: true }),
    params: t.field({ type: [IndicatorParamValueInput] }),
    source: t.field({ type: SeriesInput }),
    output: t.string(),
  }),
});
const ArithmeticInput = builder.inputType('ArithmeticInput', {
  fields: (t) => ({ op: t.field({ type: ArithmeticOpEnum, required: true }), left: t.field({ type: SeriesInput, required: true }), right: t.field({ type: SeriesInput, required: true }) }),
});
const OffsetInput = builder.inputType('OffsetInput', {
  description: 'The series `bars` bars earlier (bars >= 0)',
  fields: (t) => ({ of: t.field({ type: SeriesInput, required: true }), bars: t.field({ type: NumberInput, required: true }) }),
});
const HigherTimeframeInput = builder.inputType('HigherTimeframeInput', {
  description: 'A series computed on higher candles of `minutes` (0: the run’s own), read at each bar from the last higher candle closed by then',
  fields: (t) => ({ minutes: t.field({ type: NumberInput, required: true }), of: t.field({ type: SeriesInput, required: true }) }),
});
const ChooseInput = builder.inputType('ChooseInput', {
  fields: (t) => ({ if: t.field({ type: ConditionInput, required: true }), then: t.field({ type: SeriesInput, required: true }), else: t.field({ type: SeriesInput, required: true }) }),
});

SeriesInput.implement({
  isOneOf: true,
  description: 'A series: exactly one of these',
  fields: (t) => ({
    candle: t.field({ type: CandleFieldEnum }),
    indicator: t.field({ type: IndicatorNodeInput }),
    constant: t.field({ type: NumberInput }),
    ref: t.string({ description: 'A named series of the document' }),
    arithmetic: t.field({ type: ArithmeticInput }),
    abs: t.field({ type: SeriesInput }),
    offset: t.field({ type: OffsetInput }),
    higherTimeframe: t.field({ type: HigherTimeframeInput }),
    choose: t.field({ type: ChooseInput }),
  }),
});

const CompareInput = builder.inputType('CompareInput', {
  fields: (t) => ({ op: t.field({ type: CompareOpEnum, required: true }), left: t.field({ type: SeriesInput, required: true }), right: t.field({ type: SeriesInput, required: true }) }),
});
const CrossInput = builder.inputType('CrossInput', {
  fields: (t) => ({
    left: t.field({ type: SeriesInput, required: true }),
    right: t.field({ type: SeriesInput, required: true }),
    scale: t.field({ type: SeriesInput, description: 'Magnitude the tie band is relative to besides the operands (the close under a MACD line)' }),
  }),
});
const BetweenInput = builder.inputType('BetweenInput', {
  fields: (t) => ({ of: t.field({ type: SeriesInput, required: true }), low: t.field({ type: SeriesInput, required: true }), high: t.field({ type: SeriesInput, required: true }) }),
});
const TrendInput = builder.inputType('TrendInput', {
  fields: (t) => ({ of: t.field({ type: SeriesInput, required: true }), bars: t.field({ type: NumberInput, required: true }) }),
});
const CountInput = builder.inputType('CountInput', {
  fields: (t) => ({ condition: t.field({ type: ConditionInput, required: true }), n: t.field({ type: NumberInput, required: true }), m: t.field({ type: NumberInput, required: true }) }),
});

ConditionInput.implement({
  isOneOf: true,
  description: 'A condition: exactly one of these',
  fields: (t) => ({
    compare: t.field({ type: CompareInput }),
    crossesAbove: t.field({ type: CrossInput }),
    crossesBelow: t.field({ type: CrossInput }),
    between: t.field({ type: BetweenInput }),
    rising: t.field({ type: TrendInput }),
    falling: t.field({ type: TrendInput }),
    nOfM: t.field({ type: CountInput }),
    all: t.field({ type: [ConditionInput] }),
    any: t.field({ type: [ConditionInput] }),
    not: t.field({ type: ConditionInput }),
    flag: t.string({ description: 'A bool parameter' }),
  }),
});

const AtrDistanceInput = builder.inputType('AtrDistanceInput', {
  fields: (t) => ({ multiple: t.field({ type: NumberInput, required: true }), period: t.field({ type: NumberInput, required: true }) }),
});
const StopInput = builder.inputType('StopInput', {
  isOneOf: true,
  fields: (t) => ({ percent: t.field({ type: NumberInput }), atr: t.field({ type: AtrDistanceInput }) }),
});
const TargetInput = builder.inputType('TargetInput', {
  isOneOf: true,
  fields: (t) => ({ percent: t.field({ type: NumberInput }), atr: t.field({ type: AtrDistanceInput }), riskReward: t.field({ type: NumberInput }) }),
});
const TrailingStopInput = builder.inputType('TrailingStopInput', {
  isOneOf: true,
  description: 'A trailing stop at a percent of the best price since entry, or at a multiple of the ATR on the signal bar; it replaces the run’s trailingStopPct (not above 0: the run’s applies)',
  fields: (t) => ({ percent: t.field({ type: NumberInput }), atr: t.field({ type: AtrDistanceInput }) }),
});
const StopsInput = builder.inputType('StopsInput', {
  fields: (t) => ({
    stopLoss: t.field({ type: [StopInput], description: 'Alternatives: the first switched on (its percent or multiple above 0) is the stop' }),
    takeProfit: t.field({ type: TargetInput }),
    trailing: t.field({ type: TrailingStopInput }),
  }),
});
const SizingInput = builder.inputType('StrategySizingInput', {
  isOneOf: true,
  description: 'How the strategy’s entries are sized, replacing the run’s sizingMode and positionSize (not above 0: the run’s sizing)',
  fields: (t) =>
    Object.fromEntries(SIZING_KINDS.map((kind) => [kind, t.field({ type: NumberInput, description: `The run’s positionSize under sizingMode ${SIZING_MODE_OF[kind]}` })])) as Record<
      (typeof SIZING_KINDS)[number],
      ReturnType<typeof t.field>
    >,
});
const RulesInput = builder.inputType('RulesInput', {
  fields: (t) => ({
    entryLong: t.field({ type: ConditionInput }),
    entryShort: t.field({ type: ConditionInput }),
    exitLong: t.field({ type: ConditionInput }),
    exitShort: t.field({ type: ConditionInput }),
    stops: t.field({ type: StopsInput }),
    sizing: t.field({ type: SizingInput }),
    confidenceLong: t.field({ type: SeriesInput }),
    confidenceShort: t.field({ type: SeriesInput }),
    rank: t.field({ type: SeriesInput, description: "Orders simultaneous entries when the run's entryRanking is STRATEGY_SERIES, higher first" }),
    entryPriceLong: t.field({ type: SeriesInput, description: "A LIMIT, STOP or STOP_LIMIT long entry's price, read on the signal bar (missing: the run's entryOffset from the signal close; undefined or not above 0 there: the entry is skipped, NO_ENTRY_PRICE)" }),
    entryPriceShort: t.field({ type: SeriesInput, description: "A LIMIT, STOP or STOP_LIMIT short entry's price, read on the signal bar (as entryPriceLong)" }),
  }),
});
const ParamDeclInput = builder.inputType('StrategyParamDeclInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    label: t.string(),
    unit: t.string(),
    type: t.field({ type: ParamTypeEnum, required: true }),
    default: t.float({ required: true, description: 'A number; 0 or 1 for a bool' }),
    min: t.float(),
    max: t.float(),
    step: t.float(),
    description: t.string(),
  }),
});
const ConstraintInput = builder.inputType('StrategyConstraintInput', {
  isOneOf: true,
  fields: (t) => ({ increasing: t.stringList(), notBoth: t.stringList(), needsAny: t.stringList() }),
});
const NamedSeriesInput = builder.inputType('NamedSeriesInput', {
  fields: (t) => ({ name: t.string({ required: true }), series: t.field({ type: SeriesInput, required: true }) }),
});

export const StrategyDocumentInput = builder.inputRef<object>('StrategyDocumentInput').implement({
  description: 'A strategy document (README "Strategy language"); its JSON text has exactly this shape',
  fields: (t) => ({
    language: t.int({ required: true, description: 'The language version: 1' }),
    name: t.string({ required: true }),
    description: t.string(),
    params: t.field({ type: [ParamDeclInput] }),
    constraints: t.field({ type: [ConstraintInput] }),
    series: t.field({ type: [NamedSeriesInput] }),
    rules: t.field({ type: RulesInput, required: true }),
  }),
});
