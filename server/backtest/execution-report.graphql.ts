import type { CancelledOrder, ExecutionSummary, FundingEvent, SkippedSignal } from '../engine/index.ts';
import { builder } from '../graphql/builder.ts';
import type { StoredExecution } from './backtest-run.entity.ts';
import { DirectionEnum } from './backtest-inputs.graphql.ts';
import { PLAIN_VALUE_TYPE } from '../graphql/cost.ts';

/** BacktestRun.execution: what the execution model did (engine ExecutionSummary) and the markers the price chart draws. */

const ExecutionSummaryRef = builder.objectRef<ExecutionSummary>('ExecutionSummary').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    ambiguousExits: t.exposeInt('ambiguousExits', { description: 'Exits where one candle (a detail candle when detail resolved it) touched both the stop and the target' }),
    ambiguityRule: t.exposeString('ambiguityRule', { description: 'Which of the two was taken' }),
    barsWithDetail: t.exposeInt('barsWithDetail', { description: 'Bars resolved on detail candles' }),
    barsWithoutDetail: t.exposeInt('barsWithoutDetail', { description: 'Bars that needed an intrabar check and had no detail candles (resolved on the bar itself)' }),
    cancelledOrders: t.exposeInt('cancelledOrders'),
    fundingTotal: t.exposeFloat('fundingTotal', { description: 'Net funding received (+) or paid (−), quote' }),
    liquidations: t.exposeInt('liquidations'),
    lowestMarginLevel: t.exposeFloat('lowestMarginLevel', { nullable: true, description: 'Lowest margin balance / maintenance margin of a futures position (1 = liquidation); null without futures positions' }),
    bracketTableAsOf: t.string({
      nullable: true,
      description: "Date of the Binance leverage bracket table a futures run used (the latest on or before its first candle); null on spot and for runs stored before it was recorded",
      resolve: (s) => s.bracketTableAsOf ?? null,
    }),
  }),
});

const EntryKindEnum = builder.enumType('EntryKind', { values: ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'] as const });

const CancelledOrderRef = builder.objectRef<CancelledOrder>('CancelledOrder').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    legIndex: t.exposeInt('legIndex'),
    symbol: t.exposeString('symbol'),
    direction: t.field({ type: DirectionEnum, resolve: (o) => o.direction }),
    type: t.field({ type: EntryKindEnum, resolve: (o) => o.type }),
    price: t.exposeFloat('price', { description: 'The limit or the stop trigger' }),
    placedTimeMs: t.exposeFloat('placedTimeMs'),
    cancelledTimeMs: t.exposeFloat('cancelledTimeMs'),
  }),
});

const SkippedSignalRef = builder.objectRef<SkippedSignal>('SkippedSignal').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'An entry signal that did not become a position (counted in metrics.skippedEntries)',
  fields: (t) => ({
    legIndex: t.exposeInt('legIndex'),
    symbol: t.exposeString('symbol'),
    direction: t.field({ type: DirectionEnum, resolve: (o) => o.direction }),
    signalTimeMs: t.exposeFloat('signalTimeMs', { description: 'Open time of the candle whose close gave the signal' }),
    timeMs: t.exposeFloat('timeMs', { description: 'Open time of the candle the entry would have filled on' }),
    rankValue: t.exposeFloat('rankValue', { description: "The value the run's entryRanking ordered simultaneous entries by, higher first" }),
    reason: t.exposeString('reason', { description: 'Why it was skipped, as in metrics.skippedEntries (MAX_OPEN_POSITIONS: no free slot)' }),
  }),
});

const FundingEventRef = builder.objectRef<FundingEvent>('FundingEvent').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'One funding settlement on an open futures position',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    timeMs: t.exposeFloat('timeMs'),
    rate: t.exposeFloat('rate'),
    markPrice: t.exposeFloat('markPrice'),
    payment: t.exposeFloat('payment', { description: 'Received (+) or paid (−) by the position, quote' }),
  }),
});

const DetailGapRef = builder.objectRef<StoredExecution['detailGaps'][number]>('DetailGap').implement({
  extensions: PLAIN_VALUE_TYPE,
  description: 'Bars of the run with no detail candles stored',
  fields: (t) => ({ symbol: t.exposeString('symbol'), fromMs: t.exposeFloat('fromMs'), toMs: t.exposeFloat('toMs') }),
});

export const ExecutionReportRef = builder.objectRef<StoredExecution>('ExecutionReport').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    summary: t.field({ type: ExecutionSummaryRef, resolve: (e) => e.summary }),
    cancelledOrders: t.field({ type: [CancelledOrderRef], description: 'The first ones, as chart markers', resolve: (e) => [...e.cancelledOrders] }),
    skippedSignals: t.field({
      type: [SkippedSignalRef],
      description: 'Entry signals that did not become positions, in the order they were met (the first ones)',
      resolve: (e) => [...(e.skippedSignals ?? [])],
    }),
    fundingEvents: t.field({ type: [FundingEventRef], description: 'The first ones, as chart markers', resolve: (e) => [...e.fundingEvents] }),
    detailGaps: t.field({ type: [DetailGapRef], description: 'Where detail candles were missing', resolve: (e) => [...e.detailGaps] }),
  }),
});
