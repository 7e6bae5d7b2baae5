import { type RecommendationValidation, type SideResult, VALIDATION_METHODS } from './recommendation-validation.ts';
import { builder } from '../graphql/builder.ts';
import type { SignificanceTest } from './significance.ts';

const ValidationMethodEnum = builder.enumType('ValidationMethod', {
  values: {
    HOLDOUT: { description: 'The tail of the range the search never saw' },
    WALK_FORWARD: { description: "The last walk-forward window's out-of-sample data" },
    ACROSS_SWEEPS: { description: "Each market's own search, judged on its out-of-sample data" },
    IN_SAMPLE_ONLY: { description: 'Nothing was kept aside to validate on' },
  } satisfies Record<(typeof VALIDATION_METHODS)[number], { description: string }>,
});

// Nullable throughout: these are read back from JSON that older versions wrote with fewer fields.
const SideResultRef = builder.objectRef<Partial<SideResult>>('ValidationSide').implement({
  description: "One side's results on a range: the current or the recommended values",
  fields: (t) => ({
    roi: t.float({ nullable: true, resolve: (s) => s.roi ?? null }),
    winRate: t.float({ nullable: true, resolve: (s) => s.winRate ?? null }),
    totalTrades: t.int({ nullable: true, resolve: (s) => s.totalTrades ?? null }),
    score: t.float({ nullable: true, description: "Under the sweep's objective", resolve: (s) => s.score ?? null }),
    maxDrawdownPercentage: t.float({ nullable: true, resolve: (s) => s.maxDrawdownPercentage ?? null }),
    sharpeRatio: t.float({ nullable: true, resolve: (s) => s.sharpeRatio ?? null }),
  }),
});

const SidesRef = builder.objectRef<NonNullable<RecommendationValidation['inSample']>>('ValidationSides').implement({
  fields: (t) => ({
    current: t.field({ type: SideResultRef, nullable: true, resolve: (s) => s.current ?? null }),
    recommended: t.field({ type: SideResultRef, nullable: true, resolve: (s) => s.recommended ?? null }),
  }),
});

const MarketRef = builder.objectRef<NonNullable<RecommendationValidation['markets']>[number]>('ValidationMarket').implement({
  description: 'A market compared by a SYMBOL or TIMEFRAME recommendation, with its own chosen parameters',
  fields: (t) => ({
    market: t.exposeString('market'),
    sweepId: t.id({ nullable: true, resolve: (m) => m.sweepId ?? null }),
    inSample: t.field({ type: SideResultRef, nullable: true, resolve: (m) => m.inSample ?? null }),
    outOfSample: t.field({ type: SideResultRef, nullable: true, resolve: (m) => m.outOfSample ?? null }),
  }),
});

const TestStatisticEnum = builder.enumType('TestStatistic', {
  values: {
    MEAN_DAILY_RETURN: { description: 'The mean daily return difference (PARAMETERS, SYMBOL, TIMEFRAME)' },
    SHARPE_RATIO: { description: 'The difference of daily Sharpe ratios (RISK: scaling a strategy is not an improvement)' },
  },
});

const SignificanceTestRef = builder.objectRef<SignificanceTest>('SignificanceTest').implement({
  description: 'The paired test of the recommended against the current settings over the same validation days: a one-sided stationary bootstrap of their daily returns',
  fields: (t) => ({
    statistic: t.field({ type: TestStatisticEnum, resolve: (s) => s.statistic }),
    pValue: t.exposeFloat('pValue', { description: 'One-sided p of "the recommended settings do better"' }),
    adjustedPValue: t.exposeFloat('adjustedPValue', { description: 'After Holm’s correction for candidatesTested: what is compared with alpha' }),
    alpha: t.exposeFloat('alpha'),
    candidatesTested: t.exposeInt('candidatesTested'),
    difference: t.exposeFloat('difference', { description: 'Per day: mean daily return difference, or Sharpe ratio difference' }),
    days: t.exposeInt('days'),
    blockLength: t.exposeInt('blockLength', { description: 'Mean block length of the bootstrap, days' }),
    iterations: t.exposeInt('iterations'),
    seed: t.exposeFloat('seed'),
  }),
});

const OverfittingSnapshotRef = builder.objectRef<NonNullable<RecommendationValidation['overfitting']>>('RecommendationOverfitting').implement({
  description: 'The sweep’s overfitting statistics the confidence weighed',
  fields: (t) => ({
    probabilityOfOverfitting: t.exposeFloat('probabilityOfOverfitting', { nullable: true }),
    deflatedSharpeRatio: t.exposeFloat('deflatedSharpeRatio', { nullable: true }),
  }),
});

const YearRef = builder.objectRef<NonNullable<RecommendationValidation['perYear']>[number]>('ValidationYear').implement({
  description: 'Both sides’ compounded return in one calendar year of the validation dates, %',
  fields: (t) => ({
    year: t.exposeInt('year'),
    current: t.exposeFloat('current', { nullable: true }),
    recommended: t.exposeFloat('recommended', { nullable: true }),
  }),
});

export const RecommendationValidationRef = builder.objectRef<RecommendationValidation>('RecommendationValidation').implement({
  description: 'The out-of-sample comparison a recommendation rests on: where it was checked and both sides’ results there',
  fields: (t) => ({
    method: t.field({ type: ValidationMethodEnum, resolve: (v) => v.method }),
    fromMs: t.float({ nullable: true, description: 'Start of the validation range, epoch ms', resolve: (v) => v.fromMs ?? null }),
    toMs: t.float({ nullable: true, description: 'End of the validation range (exclusive), epoch ms', resolve: (v) => v.toMs ?? null }),
    current: t.field({ type: SideResultRef, nullable: true, resolve: (v) => v.current ?? null }),
    recommended: t.field({ type: SideResultRef, nullable: true, resolve: (v) => v.recommended ?? null }),
    test: t.field({ type: SignificanceTestRef, nullable: true, description: 'The paired significance test over the validation days (null when it was not tested: the rejection reason says why)', resolve: (v) => v.test ?? null }),
    overfitting: t.field({ type: OverfittingSnapshotRef, nullable: true, resolve: (v) => v.overfitting ?? null }),
    perYear: t.field({ type: [YearRef], description: 'Per calendar year of the validation dates', resolve: (v) => [...(v.perYear ?? [])] }),
    inSample: t.field({ type: SidesRef, nullable: true, description: "The same comparison on the search's own data", resolve: (v) => v.inSample ?? null }),
    onEdgeOf: t.stringList({ description: 'Swept parameters whose recommended value sits at an end of its range', resolve: (v) => [...(v.onEdgeOf ?? [])] }),
    markets: t.field({ type: [MarketRef], description: 'SYMBOL and TIMEFRAME: every market compared', resolve: (v) => [...(v.markets ?? [])] }),
  }),
});
