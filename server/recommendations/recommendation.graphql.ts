import { RunSettingsRef } from '../backtest/index.ts';
import { loadStrategyTitle, STRATEGY_TITLE_DESCRIPTION } from '../strategies/index.ts';
import { BacktestRunRef } from '../backtest/index.ts';
import { getBacktest } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';
import { namedValues, ParamValueRef, SettingValueRef } from '../graphql/values.graphql.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { StrategyOptimizationRef } from '../optimization/index.ts';
import { calibrationFor, type Calibration } from './calibration.ts';
import { ConfidenceRef } from './confidence.graphql.ts';
import { RecommendationValidationRef } from './recommendation-validation.graphql.ts';
import { confidenceView } from './confidence.ts';
import {
  RECOMMENDATION_STATUSES,
  REALISED_STATUSES,
  type IOptimizationRecommendation,
  type RecommendationType,
  type RecommendationValues,
} from './optimization-recommendation.entity.ts';
import { listPresets } from './presets.ts';
import { decideRecommendation, getRecommendation, listRecommendations } from './recommendation.service.ts';
import { OptimizationSweep } from '../optimization/index.ts';
import { notFound } from '../graphql/errors.ts';
import { recommendationStats, type TypeStats } from './recommendation-stats.ts';
import { requestRecommendations } from './recommendation-requests.ts';
import type { IStrategyPreset } from './strategy-preset.entity.ts';
import type { RequestContext } from '../services.ts';

const RecommendationStatusEnum = builder.enumType('RecommendationStatus', { values: RECOMMENDATION_STATUSES });
const RecommendationTypeEnum = builder.enumType('RecommendationType', {
  values: {
    PARAMETERS: { description: 'Strategy parameters' },
    SYMBOL: { description: 'Where the strategy works (and where it does not)' },
    TIMEFRAME: { description: 'Which candle interval it works on' },
    RISK: { description: 'Stop, target and position sizing' },
  } satisfies Record<RecommendationType, { description: string }>,
});
const RealisedStatusEnum = builder.enumType('RealisedStatus', {
  values: {
    RUNNING: { description: 'Backtesting the recommended and current values on newer data' },
    MEASURED: { description: 'Realised improvements are stored' },
    NO_NEW_DATA: { description: 'Too few candles stored after the evidence to measure' },
    FAILED: { description: 'A validation run failed; see realisedMessage' },
  } satisfies Record<(typeof REALISED_STATUSES)[number], { description: string }>,
});

const RecommendationValuesRef = builder.objectRef<RecommendationValues>('RecommendationValues').implement({
  description: 'What one side of a recommendation sets (only what it changes)',
  fields: (t) => ({
    symbol: t.string({ nullable: true, resolve: (v) => v.symbol ?? null }),
    timeframe: t.string({ nullable: true, resolve: (v) => v.timeframe ?? null }),
    params: t.field({ type: [ParamValueRef], nullable: true, description: 'Null when this side sets no parameter', resolve: (v) => (v.params ? namedValues(v.params) : null) }),
    settings: t.field({ type: [SettingValueRef], nullable: true, description: 'Run settings (sizing for RISK); null when this side sets none', resolve: (v) => (v.settings ? namedValues(v.settings) : null) }),
  }),
});

const RecommendationRef = builder.objectRef<IOptimizationRecommendation>('OptimizationRecommendation').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: RecommendationTypeEnum, resolve: (r) => r.type }),
    status: t.field({ type: RecommendationStatusEnum, resolve: (r) => r.status }),
    sweepId: t.id({ nullable: true, description: 'The sweep it was drawn from (null when drawn across sweeps)', resolve: (r) => relationId(r.sweep) }),
    strategy: t.exposeString('strategy'),
    strategyTitle: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (o, _args, ctx) => loadStrategyTitle(ctx.em, o.strategy) }),
    symbols: t.stringList({ resolve: (r) => r.symbols }),
    timeframe: t.exposeString('timeframe'),
    baseParams: t.field({ type: [ParamValueRef], description: 'Parameters both sides share', resolve: (r) => namedValues(r.baseParams) }),
    baseSettings: t.field({ type: RunSettingsRef, resolve: (r) => r.baseSettings }),
    current: t.field({ type: RecommendationValuesRef, resolve: (r) => r.currentValues }),
    recommended: t.field({ type: RecommendationValuesRef, resolve: (r) => r.recommendedValues }),
    expectedWinRateImprovement: t.exposeFloat('expectedWinRateImprovement', { nullable: true, description: 'Out of sample, percentage points, calibrated by the track record' }),
    expectedRoiImprovement: t.exposeFloat('expectedRoiImprovement', { nullable: true, description: 'Out of sample, percentage points, calibrated by the track record' }),
    rawExpectedRoiImprovement: t.exposeFloat('rawExpectedRoiImprovement', { nullable: true, description: 'Out of sample, before calibration' }),
    confidenceScore: t.exposeFloat('confidenceScore', { description: 'In [0, 1]; taken apart in confidence' }),
    confidence: t.field({ type: ConfidenceRef, description: 'The confidence taken apart: the test’s probability, the sweep’s evidence, the track record’s slope', resolve: (r) => confidenceView(r.confidenceScore, r.confidenceBreakdown) }),
    validation: t.field({ type: RecommendationValidationRef, nullable: true, description: 'The out-of-sample comparison: method, range, both sides’ results', resolve: (r) => r.validation ?? null }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true, description: 'Why it was stored REJECTED without review' }),
    rationale: t.exposeString('rationale'),
    evidence: t.field({ type: [StrategyOptimizationRef], description: 'Sweep rows it rests on', resolve: (r) => r.evidence.getItems() }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.decidedAt }),
    appliedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.appliedAt }),
    realisedStatus: t.field({ type: RealisedStatusEnum, nullable: true, resolve: (r) => r.realisedStatus ?? null }),
    realisedMessage: t.exposeString('realisedMessage', { nullable: true }),
    realisedFrom: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.realisedFrom }),
    realisedTo: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.realisedTo }),
    realisedRoiImprovement: t.exposeFloat('realisedRoiImprovement', { nullable: true }),
    realisedWinRateImprovement: t.exposeFloat('realisedWinRateImprovement', { nullable: true }),
    realisedSharpeImprovement: t.exposeFloat('realisedSharpeImprovement', { nullable: true, description: 'Recommended minus current Sharpe ratio on the newer data (what RISK is judged by)' }),
    presetNote: t.exposeString('presetNote', { nullable: true, description: 'What applying it did to a preset that held other recommendations’ values' }),
    validationRuns: t.field({
      type: [BacktestRunRef],
      description: 'After applying: the recommended and the current values backtested on newer data',
      resolve: async (r, _args, ctx) => (await Promise.all((r.validationRunIds ?? []).map((id) => getBacktest(ctx.em, id)))).filter((run) => run !== null),
    }),
  }),
});

const ImprovementUnitEnum = builder.enumType('ImprovementUnit', {
  values: { ROI_POINTS: { description: 'Percentage points of ROI' }, SHARPE: { description: 'Sharpe ratio (RISK)' } },
});

const ReliabilityBinRef = builder.objectRef<Calibration['reliability'][number]>('ReliabilityBin').implement({
  description: 'Measured recommendations whose confidence fell in [lower, upper): how often they came true (a calibrated record lies on the diagonal)',
  fields: (t) => ({
    lower: t.exposeFloat('lower'),
    upper: t.exposeFloat('upper'),
    count: t.exposeInt('count'),
    meanPredicted: t.exposeFloat('meanPredicted', { nullable: true }),
    hitRate: t.exposeFloat('hitRate', { nullable: true }),
    intervalLower: t.float({ nullable: true, description: '95 % Wilson interval of the hit rate', resolve: (b) => b.interval?.lower ?? null }),
    intervalUpper: t.float({ nullable: true, resolve: (b) => b.interval?.upper ?? null }),
  }),
});

const CalibrationRef = builder.objectRef<Calibration>('RecommendationCalibration').implement({
  description: 'How applied recommendations of one type did on newer data, and what that does to the next ones',
  fields: (t) => ({
    measured: t.exposeInt('measured'),
    hits: t.exposeInt('hits', { description: 'Measured ones whose realised improvement was positive' }),
    hitRate: t.exposeFloat('hitRate', { description: '(hits + 1) / (measured + 2)' }),
    scale: t.exposeFloat('scale', { description: 'Factor applied to the next expected improvements' }),
    slope: t.exposeFloat('slope', { description: 'How far the next confidences lean away from ½ (1 = as the evidence says)' }),
    brierScore: t.exposeFloat('brierScore', { nullable: true, description: 'Mean of (confidence − outcome)²: 0 perfect, 0.25 always ½' }),
    reliability: t.field({ type: [ReliabilityBinRef], description: 'Predicted against realised hit rate, per confidence bin', resolve: (c) => c.reliability }),
    improvementUnit: t.field({ type: ImprovementUnitEnum, resolve: (c) => c.improvementUnit }),
    meanExpectedImprovement: t.exposeFloat('meanExpectedImprovement', { nullable: true }),
    meanRealisedImprovement: t.exposeFloat('meanRealisedImprovement', { nullable: true }),
  }),
});

const TypeStatsRef = builder.objectRef<TypeStats>('RecommendationTypeStats').implement({
  fields: (t) => ({
    type: t.field({ type: RecommendationTypeEnum, resolve: (s) => s.type }),
    total: t.exposeInt('total'),
    pending: t.exposeInt('pending'),
    accepted: t.exposeInt('accepted'),
    rejected: t.exposeInt('rejected'),
    applied: t.exposeInt('applied'),
    calibration: t.field({ type: CalibrationRef, resolve: (s) => s.calibration }),
  }),
});

const PresetRef = builder.objectRef<IStrategyPreset>('StrategyPreset').implement({
  description: 'What new runs and sweeps of a strategy on a symbol and timeframe start from',
  fields: (t) => ({
    id: t.exposeID('id'),
    strategy: t.exposeString('strategy'),
    strategyTitle: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (o, _args, ctx) => loadStrategyTitle(ctx.em, o.strategy) }),
    symbol: t.exposeString('symbol'),
    timeframe: t.exposeString('timeframe'),
    params: t.field({ type: [ParamValueRef], resolve: (p) => namedValues(p.params) }),
    settings: t.field({ type: [SettingValueRef], description: 'The settings it sets; the others take their defaults', resolve: (p) => namedValues(p.settings) }),
    recommendationId: t.id({ nullable: true, resolve: (p) => relationId(p.recommendation) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (p) => p.updatedAt }),
  }),
});

const RecommendationFilterInput = builder.inputType('RecommendationFilter', {
  fields: (t) => ({
    status: t.field({ type: [RecommendationStatusEnum] }),
    type: t.field({ type: [RecommendationTypeEnum] }),
    strategy: t.string(),
    sweepId: t.id(),
  }),
});

builder.queryFields((t) => ({
  recommendations: t.connection({
    type: RecommendationRef,
    args: { filter: t.arg({ type: RecommendationFilterInput }) },
    resolve: (_root, args, ctx) =>
      pagedConnection(args, (page) => listRecommendations(ctx.em, args.filter && { ...args.filter, sweepId: args.filter.sweepId?.toString() }, page)),
  }),
  recommendation: t.field({
    type: RecommendationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getRecommendation(ctx.em, String(args.id)),
  }),
  recommendationStats: t.field({
    type: [TypeStatsRef],
    description: 'The track record per recommendation type: counts by status and the calibration realised results give',
    resolve: (_root, _args, ctx) => recommendationStats(ctx.em),
  }),
  recommendationCalibration: t.field({
    type: CalibrationRef,
    args: { type: t.arg({ type: RecommendationTypeEnum, required: true }) },
    resolve: (_root, args, ctx) => calibrationFor(ctx.em, args.type),
  }),
  presets: t.field({
    type: [PresetRef],
    args: { strategy: t.arg.string() },
    resolve: (_root, args, ctx) => listPresets(ctx.em, args.strategy),
  }),
}));

builder.mutationFields((t) => ({
  decideRecommendation: t.field({
    type: RecommendationRef,
    description:
      'PENDING → ACCEPTED/REJECTED, ACCEPTED → APPLIED/REJECTED. APPLIED makes the recommended values the preset for the ' +
      'strategy, symbol and timeframe, and measures them against the current values on data newer than the evidence.',
    args: { id: t.arg.id({ required: true }), status: t.arg({ type: RecommendationStatusEnum, required: true }) },
    resolve: (_root, args, ctx) => decideRecommendation(ctx.services, ctx.em, String(args.id), args.status),
  }),
  generateRecommendations: t.boolean({
    description: 'Looks across every completed sweep of a strategy (or all) for SYMBOL and TIMEFRAME recommendations; results arrive through recommendationCreated',
    args: { strategy: t.arg.string() },
    resolve: (_root, args, ctx) => requestRecommendations(ctx.services, args.strategy ?? null),
  }),
}));

type RecommendationEvent = { recommendationId: string; sweepId?: string | null };

builder.subscriptionFields((t) => ({
  recommendationCreated: t.field({
    type: RecommendationRef,
    description:
      'Each new recommendation (emitted PENDING or stored REJECTED) as workers produce it. With sweepId: those drawn from ' +
      'that sweep, starting with any that exist already, and the stream ends once all of them are drawn.',
    args: { sweepId: t.arg.id() },
    subscribe: async (_root, args, ctx) => {
      const source = ctx.services.pubsub.subscribe('recommendationCreated');
      if (args.sweepId === null || args.sweepId === undefined) return source;
      const sweepId = String(args.sweepId);
      return sweepRecommendations(ctx, sweepId, filterAsync(source, (event) => event.sweepId === sweepId));
    },
    resolve: (event, _args, ctx) => loadRecommendation(ctx, event),
  }),
  recommendationUpdated: t.field({
    type: RecommendationRef,
    description: 'A recommendation whose status or realised result changed',
    args: { id: t.arg.id({ description: 'Only this one' }) },
    subscribe: (_root, args, ctx) => {
      const source = ctx.services.pubsub.subscribe('recommendationUpdated');
      return args.id ? filterAsync(source, (event) => event.recommendationId === String(args.id)) : source;
    },
    resolve: (event, _args, ctx) => loadRecommendation(ctx, event),
  }),
}));

async function loadRecommendation(ctx: RequestContext, event: RecommendationEvent) {
  const recommendation = await getRecommendation(ctx.services.orm.em.fork(), event.recommendationId);
  if (!recommendation) throw new Error(`Recommendation ${event.recommendationId} vanished`);
  return recommendation;
}

const relationId = (ref: unknown): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : (ref as { id: string }).id);

/**
 * A sweep's recommendations: those already stored first (both streams are attached before reading, so
 * none is missed), then new ones, each once, until the recommend job says it has drawn them all.
 */
async function* sweepRecommendations(ctx: RequestContext, sweepId: string, created: AsyncIterable<RecommendationEvent>): AsyncGenerator<RecommendationEvent> {
  const drawn = filterAsync(ctx.services.pubsub.subscribe('recommendationsDrawn'), (event) => event.sweepId === sweepId)[Symbol.asyncIterator]();
  const iterator = created[Symbol.asyncIterator]();
  let next = iterator.next();
  const finished = drawn.next();
  const seen = new Set<string>();
  try {
    const stored = async function* () {
      for (const r of (await listRecommendations(ctx.services.orm.em.fork(), { sweepId }, { limit: 500, offset: 0 })).items) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        yield { recommendationId: r.id, sweepId };
      }
    };
    const sweep = await ctx.services.orm.em.fork().findOne(OptimizationSweep, { id: sweepId });
    if (!sweep) throw notFound('Optimization sweep', sweepId);
    yield* stored();
    if (sweep.recommendedAt) return;
    while (true) {
      const result = await Promise.race([next, finished.then(() => 'drawn' as const)]);
      // Drawn: whatever is still buffered is stored already; read it from the store, once each.
      if (result === 'drawn') return yield* stored();
      if (result.done) return;
      next = iterator.next();
      if (seen.has(result.value.recommendationId)) continue;
      seen.add(result.value.recommendationId);
      yield result.value;
    }
  } finally {
    next.catch(() => {});
    finished.catch(() => {});
    await iterator.return?.();
    await drawn.return?.();
  }
}

/**
 * Only the values that pass `keep`. Not an async generator on purpose: ending the stream must reach
 * the pubsub iterator at once (detaching its listener) even while a `next()` is waiting on it.
 */
function filterAsync<T>(source: AsyncIterable<T>, keep: (value: T) => boolean): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      return {
        async next() {
          while (true) {
            const result = await inner.next();
            if (result.done || keep(result.value)) return result;
          }
        },
        return: async () => (await inner.return?.()) ?? { done: true as const, value: undefined },
      };
    },
  };
}
