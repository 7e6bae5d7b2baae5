import { RUN_STATUSES } from '../../domain/statuses.ts';
import { z } from 'zod';
import { builder, type SchemaTypes } from '../graphql/builder.ts';
import { PARAMS_ARE_JSON } from '../graphql/values.graphql.ts';
import { STRATEGY_FILTER_DESCRIPTION } from '../strategies/index.ts';
import { type GapPolicy } from './backtest-run.entity.ts';
import { DATA_OPTIONS } from './data-options.ts';
import { REQUEST_LIMITS } from './backtest-input.ts';
import { TRADE_ORDER_FIELDS, type BacktestOrderField, type TradeOrderField } from './backtest.service.ts';
import { metricEnumValues } from './metrics.graphql.ts';
import { runSettingInputFields } from './run-settings.graphql.ts';

/** Enums and inputs of the backtest API; the sweep input reuses simulationInputFields. */
export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
export const GapPolicyEnum = builder.enumType('GapPolicy', {
  values: Object.fromEntries(DATA_OPTIONS.gapPolicy.values.map((value) => [value, { description: DATA_OPTIONS.gapPolicy.valueDescriptions[value] }])) as Record<
    GapPolicy,
    { description: string }
  >,
});
export const DirectionEnum = builder.enumType('TradeDirection', { values: ['LONG', 'SHORT'] as const });
const OutcomeEnum = builder.enumType('TradeOutcome', { values: ['WIN', 'LOSS'] as const });
const OrderFieldEnum = builder.enumType('BacktestOrderField', {
  description: 'Creation time or any metric',
  values: {
    CREATED_AT: { value: 'createdAt' },
    ...metricEnumValues(),
  } as Record<string, { value: BacktestOrderField }>,
});
export const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const StrategyLegInput = builder.inputType('StrategyLegInput', {
  fields: (t) => ({
    strategy: t.string({ required: true }),
    strategyParams: t.field({ type: 'JSON', description: `Parameter values as a JSON object (or a JSON string of one). ${PARAMS_ARE_JSON}` }),
    symbols: t.stringList({ required: true }),
  }),
});

/**
 * The market, range, account and execution fields shared by every input that runs the engine
 * (a backtest, a parameter sweep), so they mean the same everywhere.
 */
export function simulationInputFields(t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, 'InputObject'>) {
  return {
    name: t.string({ validate: z.string().max(REQUEST_LIMITS.maxNameLength) }),
    symbols: t.stringList({ description: 'Symbols of the first strategy leg, e.g. ["BTCUSDT"] (or give universe)' }),
    universe: t.id({ description: "A stored universe (`universes`) whose pairs the first leg trades, evaluated at the start; instead of symbols" }),
    timeframe: t.string({ required: true, description: 'Binance interval: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M' }),
    startDate: t.field({ type: 'DateTime', required: true, description: 'First candle open time included (a date alone means 00:00 UTC)' }),
    endDate: t.field({ type: 'DateTime', required: true, description: 'Candles opening at or after this are excluded (a date alone means 00:00 UTC, so that day is not included)' }),
    strategy: t.string({ required: true, description: 'A strategy name from `strategies`' }),
    ...runSettingInputFields(t),
    gapPolicy: t.field({ type: GapPolicyEnum, description: DATA_OPTIONS.gapPolicy.description }),
    fetchMissingData: t.boolean({ description: DATA_OPTIONS.fetchMissingData.description }),
    warmupHistory: t.boolean({ description: DATA_OPTIONS.warmupHistory.description }),
  };
}

export const RunBacktestInput = builder.inputType('RunBacktestInput', {
  fields: (t) => ({
    ...simulationInputFields(t),
    strategyParams: t.field({ type: 'JSON', description: `Parameter values as a JSON object (or a JSON string of one); omitted ones take their defaults. ${PARAMS_ARE_JSON}` }),
    extraLegs: t.field({ type: [StrategyLegInput], description: 'Further strategy legs sharing the same capital' }),
  }),
});

export const BacktestFilterInput = builder.inputType('BacktestFilter', {
  fields: (t) => ({
    status: t.field({ type: [RunStatusEnum] }),
    strategy: t.string({ description: STRATEGY_FILTER_DESCRIPTION }),
    symbol: t.string(),
    nameContains: t.string(),
  }),
});

export const BacktestOrderInput = builder.inputType('BacktestOrder', {
  fields: (t) => ({
    field: t.field({ type: OrderFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: true, defaultValue: 'DESC' }),
  }),
});

const TradeOrderFieldEnum = builder.enumType('TradeOrderField', {
  values: Object.fromEntries(TRADE_ORDER_FIELDS.map((field) => [field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), { value: field }])) as Record<string, { value: TradeOrderField }>,
});

export const TradeOrderInput = builder.inputType('TradeOrder', {
  fields: (t) => ({
    field: t.field({ type: TradeOrderFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: true, defaultValue: 'ASC' }),
  }),
});

export const TradeFilterInput = builder.inputType('TradeFilter', {
  fields: (t) => ({
    symbol: t.string(),
    direction: t.field({ type: DirectionEnum }),
    outcome: t.field({ type: OutcomeEnum }),
    exitReason: t.string(),
  }),
});

const RequestLimitsRef = builder.objectRef<typeof REQUEST_LIMITS>('RunRequestLimits').implement({
  description: 'What one runBacktest or optimizeStrategy request may ask for; a form checks these before sending',
  fields: (t) => ({
    earliestDate: t.field({ type: 'DateTime', description: 'startDate and endDate may not be earlier', resolve: (l) => new Date(l.earliestDate) }),
    latestDate: t.field({ type: 'DateTime', description: 'startDate and endDate may not be later', resolve: (l) => new Date(l.latestDate) }),
    maxSymbols: t.exposeInt('maxSymbols', { description: 'Distinct symbols over all legs' }),
    maxLegs: t.exposeInt('maxLegs', { description: 'The first leg plus extraLegs' }),
  }),
});

builder.queryFields((t) => ({
  runRequestLimits: t.field({ type: RequestLimitsRef, resolve: () => REQUEST_LIMITS }),
}));
