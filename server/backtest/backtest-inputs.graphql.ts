import { z } from 'zod';
import { builder } from '../graphql/builder.ts';
import { GAP_POLICIES, RUN_STATUSES } from './backtest-run.entity.ts';
import { BACKTEST_ORDER_FIELDS } from './backtest.service.ts';

/** Enums and inputs of the backtest API; the sweep input reuses simulationInputFields. */
export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
export const GapPolicyEnum = builder.enumType('GapPolicy', {
  values: {
    FAIL: { description: 'Refuse to run when the range has missing candles; the error lists the gaps' },
    SKIP: { description: 'Trade straight through gaps (indicators see consecutive bars); gaps are recorded' },
    FILL: { description: 'Insert flat candles at the previous close with zero volume; filled bars are counted' },
  } satisfies Record<(typeof GAP_POLICIES)[number], { description: string }>,
});
const SizingModeEnum = builder.enumType('SizingMode', {
  values: {
    FIXED_QUOTE: { description: 'positionSize is an amount of quote currency per trade' },
    PERCENT_EQUITY: { description: 'positionSize is a percent of current equity per trade' },
    RISK_PERCENT: { description: "positionSize is the percent of equity lost if the trade's stop-loss is hit" },
  },
});
export const DirectionEnum = builder.enumType('TradeDirection', { values: ['LONG', 'SHORT'] as const });
const OutcomeEnum = builder.enumType('TradeOutcome', { values: ['WIN', 'LOSS'] as const });
const OrderFieldEnum = builder.enumType('BacktestOrderField', { values: BACKTEST_ORDER_FIELDS });
export const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const nonNegative = z.number().finite().min(0);

const StrategyLegInput = builder.inputType('StrategyLegInput', {
  fields: (t) => ({
    strategy: t.string({ required: true }),
    strategyParams: t.field({ type: 'JSON', description: 'Parameter values as a JSON object (or a JSON string of one)' }),
    symbols: t.stringList({ required: true }),
  }),
});

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The market, range, account and execution fields shared by every input that runs the engine
 * (a backtest, a parameter sweep), so they mean the same everywhere.
 */
export function simulationInputFields(t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, 'InputObject'>) {
  return {
    name: t.string({ validate: z.string().max(200) }),
    symbols: t.stringList({ required: true, description: 'Symbols of the first strategy leg, e.g. ["BTCUSDT"]' }),
    timeframe: t.string({ required: true, description: 'Binance interval: 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M' }),
    startDate: t.field({ type: 'DateTime', required: true, description: 'First candle open time included' }),
    endDate: t.field({ type: 'DateTime', required: true, description: 'Candles opening at or after this are excluded' }),
    strategy: t.string({ required: true, description: 'A strategy name from `strategies`' }),
    initialCapital: t.float({ required: true, validate: z.number().finite().positive('initialCapital must be positive') }),
    positionSize: t.float({ description: 'Amount per trade; its unit follows sizingMode (default 100 quote)', validate: z.number().finite().positive('positionSize must be positive') }),
    sizingMode: t.field({ type: SizingModeEnum }),
    feeRate: t.float({ description: 'Fraction of notional per fill (default 0.001)', validate: nonNegative.max(0.1) }),
    slippageBps: t.float({ description: 'Adverse fill offset in basis points (default 0)', validate: nonNegative.max(1000) }),
    quantityStep: t.float({ description: 'Quantities round down to a multiple of this (0 = no rounding)', validate: nonNegative }),
    minNotional: t.float({ description: 'Orders below this quote amount are skipped', validate: nonNegative }),
    maxOpenPositions: t.int({ validate: z.number().int().min(1).max(1000) }),
    allowShort: t.boolean(),
    closeOnOppositeSignal: t.boolean(),
    reverse: t.boolean({ description: 'After an opposite-signal close, open the opposite position at the same fill' }),
    trailingStopPct: t.float({ validate: z.number().finite().positive().max(100) }),
    maxDrawdownStopPct: t.float({ description: 'Close everything and stop once drawdown exceeds this percent', validate: z.number().finite().positive().max(100) }),
    gapPolicy: t.field({ type: GapPolicyEnum, description: 'What to do about missing candles (default FAIL)' }),
    fetchMissingData: t.boolean({
      description: 'Download candles missing from the store from Binance before running (default true; synthetic symbols never are)',
    }),
  };
}

export const RunBacktestInput = builder.inputType('RunBacktestInput', {
  fields: (t) => ({
    ...simulationInputFields(t),
    strategyParams: t.field({ type: 'JSON', description: 'Parameter values as a JSON object (or a JSON string of one); omitted ones take their defaults' }),
    extraLegs: t.field({ type: [StrategyLegInput], description: 'Further strategy legs sharing the same capital' }),
  }),
});

export const BacktestFilterInput = builder.inputType('BacktestFilter', {
  fields: (t) => ({
    status: t.field({ type: [RunStatusEnum] }),
    strategy: t.string(),
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

export const TradeFilterInput = builder.inputType('TradeFilter', {
  fields: (t) => ({
    symbol: t.string(),
    direction: t.field({ type: DirectionEnum }),
    outcome: t.field({ type: OutcomeEnum }),
    exitReason: t.string(),
  }),
});
