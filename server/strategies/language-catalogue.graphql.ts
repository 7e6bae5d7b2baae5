import { ARITHMETIC_OPS, CANDLE_FIELDS, COMPARE_OPS, CONDITION_KINDS, INDICATORS, SERIES_KINDS, SIZING_KINDS, type IndicatorDescriptor } from '../engine/index.ts';
import { StrategyParamRef } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';
import { ArithmeticOpEnum, CandleFieldEnum, CompareOpEnum } from './document-inputs.graphql.ts';

/**
 * What a document may name, read from the engine's own lists: the builder offers exactly these
 * (indicators with their parameters and outputs, candle fields, operations) and keeps no copy.
 */

type OutputSpec = IndicatorDescriptor['outputs'][number];
type SourceSpec = NonNullable<IndicatorDescriptor['source']>;

const IndicatorOutputRef = builder.objectRef<OutputSpec>('IndicatorOutput').implement({
  fields: (t) => ({ name: t.exposeString('name'), description: t.exposeString('description') }),
});

const IndicatorSourceRef = builder.objectRef<SourceSpec>('IndicatorSource').implement({
  description: 'The series an indicator is applied to, when it takes one',
  fields: (t) => ({
    default: t.field({ type: CandleFieldEnum, description: 'The candle field used when the document gives no source', resolve: (s) => s.default }),
    description: t.exposeString('description'),
  }),
});

const IndicatorDescriptorRef = builder.objectRef<IndicatorDescriptor>('IndicatorDescriptor').implement({
  description: 'One indicator of the catalogue, as a strategy document names it',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The `name` of an indicator node, e.g. "stochRsi"' }),
    description: t.exposeString('description'),
    source: t.field({ type: IndicatorSourceRef, nullable: true, description: 'null: it reads only candle columns and takes no source', resolve: (d) => d.source }),
    params: t.field({ type: [StrategyParamRef], resolve: (d) => [...d.params] }),
    outputs: t.field({ type: [IndicatorOutputRef], description: 'The first is the default output', resolve: (d) => [...d.outputs] }),
  }),
});

interface LanguageCatalogue {
  readonly indicators: readonly IndicatorDescriptor[];
}

const LanguageCatalogueRef = builder.objectRef<LanguageCatalogue>('StrategyLanguageCatalogue').implement({
  description: 'The names a strategy document may use (README "Strategy language")',
  fields: (t) => ({
    indicators: t.field({ type: [IndicatorDescriptorRef], resolve: (c) => [...c.indicators] }),
    candleFields: t.field({ type: [CandleFieldEnum], resolve: () => [...CANDLE_FIELDS] }),
    compareOps: t.field({ type: [CompareOpEnum], resolve: () => [...COMPARE_OPS] }),
    arithmeticOps: t.field({ type: [ArithmeticOpEnum], resolve: () => [...ARITHMETIC_OPS] }),
    seriesKinds: t.stringList({ description: 'The keys of SeriesInput: what a series may be', resolve: () => [...SERIES_KINDS] }),
    conditionKinds: t.stringList({ description: 'The keys of ConditionInput: what a condition may be', resolve: () => [...CONDITION_KINDS] }),
    sizingKinds: t.stringList({ description: 'The keys of StrategySizingInput: how a document may size its entries', resolve: () => [...SIZING_KINDS] }),
  }),
});

builder.queryFields((t) => ({
  strategyLanguage: t.field({
    type: LanguageCatalogueRef,
    description: 'The indicator catalogue, candle fields and operations a strategy document may name (what the builder offers)',
    resolve: () => ({ indicators: INDICATORS }),
  }),
}));
