import { sweepProgressEvent } from './sweep-progress.ts';
import { loadStrategyTitle, STRATEGY_FILTER_DESCRIPTION, STRATEGY_TITLE_DESCRIPTION } from '../strategies/index.ts';
import { bestOfSweep, finalWindow } from './ranked-rows.ts';
import { isTerminal } from '../../domain/statuses.ts';
import { RunStatusEnum, simulationInputFields } from '../backtest/index.ts';
import { BacktestRunRef } from '../backtest/index.ts';
import { BacktestMetricsRef, MetricEnum } from '../backtest/index.ts';
import { readRunSettings } from '../backtest/index.ts';
import { RunSettingsRef } from '../backtest/index.ts';
import { getBacktest } from '../backtest/index.ts';
import { builder } from '../graphql/builder.ts';
import { namedValues, ParamValueRef, PARAMS_ARE_JSON, plainValues, ValueRef } from '../graphql/values.graphql.ts';
import { sweptAxes } from '../engine/optimizer/index.ts';
import { reportPath } from '../reports/report-paths.ts';
import { withUniverse } from '../universes/universe.service.ts';
import { pagedConnection } from '../graphql/connection.ts';
import { resumption, snapshotThenStream } from '../graphql/live.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { OptimizationProgressEvent } from './optimization.events.ts';
import { cancelSweep, createSweep, getSweep, listOptimizations, listSweeps, openRowAsBacktest, requireSweep, sweepPlan, sweepResults, type SweepPlan } from './optimization.service.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';
import {
  ObjectiveInput,
  ObjectiveNameEnum,
  OptimizationOrderInput,
  RowPhaseEnum,
  SearchInput,
  SearchMethodEnum,
  ValidationInput,
  WalkForwardModeEnum,
} from './sweep-inputs.graphql.ts';
import { SWEEP_LIMITS } from './sweep-request.ts';
import type { ObjectiveSpec, SearchSpec, ValidationSpec, WalkForwardSpec } from './sweep-spec.ts';
import { PLAIN_VALUE_TYPE } from '../graphql/cost.ts';

const relationId = (ref: unknown): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : (ref as { id: string }).id);

export const StrategyOptimizationRef = builder.objectRef<IStrategyOptimization>('StrategyOptimization').implement({
  description: 'One parameter combination tested for a strategy, with its performance and ranking score',
  fields: (t) => ({
    id: t.exposeID('id'),
    sweepId: t.id({ nullable: true, resolve: (o) => relationId(o.sweep) }),
    strategy: t.exposeString('strategy'),
    symbols: t.stringList({ resolve: (o) => o.symbols }),
    timeframe: t.exposeString('timeframe'),
    params: t.field({ type: [ParamValueRef], resolve: (o) => namedValues(o.params) }),
    window: t.exposeInt('window', { description: '0 for a plain sweep; the walk-forward window otherwise' }),
    phase: t.field({ type: RowPhaseEnum, resolve: (o) => o.phase }),
    fromDate: t.field({ type: 'DateTime', nullable: true, description: 'First candle the row was measured on', resolve: (o) => o.fromDate }),
    toDate: t.field({ type: 'DateTime', nullable: true, description: 'End (exclusive) of the candles the row was measured on', resolve: (o) => o.toDate }),
    metrics: t.field({ type: BacktestMetricsRef, description: 'Every statistic of the combination’s backtest', resolve: (o) => o }),
    score: t.exposeFloat('score', { nullable: true, description: "The combination's score under its sweep's objective (higher is better; null when the objective is undefined for it)" }),
    evaluatedBy: t.exposeString('evaluatedBy', { nullable: true, description: 'The worker process (host:pid) that evaluated it' }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    run: t.field({
      type: BacktestRunRef,
      nullable: true,
      description: 'The full backtest opened from this row (openOptimizationRow), if any',
      resolve: (o, _args, ctx) => {
        const runId = relationId(o.run);
        return runId ? getBacktest(ctx.em, runId) : null;
      },
    }),
  }),
});

const MetricWeightRef = builder.objectRef<{ metric: string; weight: number }>('MetricWeight').implement({
  fields: (t) => ({ metric: t.field({ type: MetricEnum, resolve: (w) => w.metric as never }), weight: t.exposeFloat('weight') }),
});

const ObjectiveRef = builder.objectRef<ObjectiveSpec>('Objective').implement({
  fields: (t) => ({
    name: t.field({ type: ObjectiveNameEnum, resolve: (o) => o.name }),
    weights: t.field({ type: [MetricWeightRef], resolve: (o) => Object.entries(o.weights ?? {}).map(([metric, weight]) => ({ metric, weight: weight ?? 0 })) }),
  }),
});

const SearchRef = builder.objectRef<SearchSpec>('Search').implement({
  fields: (t) => ({
    method: t.field({ type: SearchMethodEnum, resolve: (s) => s.method }),
    budget: t.int({ nullable: true, resolve: (s) => s.budget ?? null }),
    seed: t.int({ nullable: true, resolve: (s) => s.seed ?? null }),
  }),
});

const WalkForwardRef = builder.objectRef<WalkForwardSpec>('WalkForwardSettings').implement({
  fields: (t) => ({
    windows: t.exposeInt('windows'),
    mode: t.field({ type: WalkForwardModeEnum, resolve: (w) => w.mode }),
    inSampleFraction: t.exposeFloat('inSampleFraction'),
  }),
});

const ValidationRef = builder.objectRef<ValidationSpec>('Validation').implement({
  fields: (t) => ({
    holdoutFraction: t.float({ nullable: true, resolve: (v) => v.holdoutFraction ?? null }),
    walkForward: t.field({ type: WalkForwardRef, nullable: true, resolve: (v) => v.walkForward ?? null }),
  }),
});

const SweptParameterRef = builder.objectRef<{ name: string; values: ReadonlyArray<number | boolean> }>('SweptParameter').implement({
  extensions: PLAIN_VALUE_TYPE,
  fields: (t) => ({
    name: t.exposeString('name'),
    values: t.field({ type: [ValueRef], description: 'Distinct values in the order the range gives them', resolve: (p) => plainValues(p.values) }),
  }),
});

export const OptimizationSweepRef = builder.objectRef<IOptimizationSweep>('OptimizationSweep').implement({
  description: 'A parameter sweep: parameter sets of a strategy backtested on one market and range, ranked by an objective',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.field({ type: RunStatusEnum, resolve: (s) => s.status }),
    progress: t.exposeFloat('progress', { description: '0..1 of all evaluations' }),
    reportUrl: t.string({
      nullable: true,
      description: 'Path of the self-contained HTML report (GET, same token as the API; add ?download=1 for an attachment); null until the sweep completes',
      resolve: (s) => (s.status === 'COMPLETED' ? reportPath('sweeps', s.id) : null),
    }),
    strategy: t.exposeString('strategy'),
    strategyTitle: t.string({ description: STRATEGY_TITLE_DESCRIPTION, resolve: (o, _args, ctx) => loadStrategyTitle(ctx.em, o.strategy) }),
    symbols: t.stringList({ resolve: (s) => s.symbols }),
    timeframe: t.exposeString('timeframe'),
    startDate: t.field({ type: 'DateTime', resolve: (s) => s.startDate }),
    endDate: t.field({ type: 'DateTime', resolve: (s) => s.endDate }),
    sweptParameters: t.field({
      type: [SweptParameterRef],
      description: 'The parameters the sweep varies, each with the values its range (parameterRanges) spans',
      resolve: (s) => Object.entries(sweptAxes(s.parameterRanges)).map(([name, values]) => ({ name, values })),
    }),
    baseParams: t.field({ type: [ParamValueRef], description: 'Values of the parameters not swept', resolve: (s) => namedValues(s.baseParams) }),
    settings: t.field({ type: RunSettingsRef, description: 'Capital, sizing, fees and limits every combination runs with', resolve: (s) => readRunSettings(s.settings) }),
    objective: t.field({ type: ObjectiveRef, resolve: (s) => s.objective }),
    minTrades: t.exposeInt('minTrades', { description: 'Rows with fewer trades are stored but never ranked best or recommended' }),
    search: t.field({ type: SearchRef, resolve: (s) => s.search }),
    validation: t.field({ type: ValidationRef, nullable: true, resolve: (s) => s.validation ?? null }),
    totalCombinations: t.exposeInt('totalCombinations', { description: 'Parameter sets the ranges allow after constraints' }),
    skippedByConstraint: t.exposeInt('skippedByConstraint', { description: 'Combinations of the ranges that break a strategy constraint, never run' }),
    totalEvaluations: t.exposeInt('totalEvaluations', {
      description:
        'Backtests the sweep runs in all (search, windows, out-of-sample tests). While it runs, the planned number, an upper bound: a set chosen twice for a test is tested once, ' +
        'and a search that runs out of new sets stops early; once COMPLETED, the rows stored',
    }),
    completedEvaluations: t.exposeInt('completedEvaluations'),
    attempts: t.exposeInt('attempts'),
    error: t.exposeString('error', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.startedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.completedAt }),
    best: t.field({
      type: StrategyOptimizationRef,
      nullable: true,
      description: 'The best in-sample row with at least minTrades trades, under the sweep objective; under walk-forward, the last window\'s (the set to trade now)',
      resolve: (s, _args, ctx) => bestOfSweep(ctx.em, s),
    }),
    results: t.connection({
      type: StrategyOptimizationRef,
      description:
        'Rows of one window and phase. Default order: rows with at least minTrades first, then by score under the sweep objective ' +
        '(or under `objective`, re-ranked without re-running), ties by parameters; or by any metric with orderBy.',
      args: {
        window: t.arg.int({ description: 'Default: 0, or under walk-forward the last window' }),
        phase: t.arg({ type: RowPhaseEnum, defaultValue: 'IN_SAMPLE' }),
        orderBy: t.arg({ type: OptimizationOrderInput }),
        objective: t.arg({ type: ObjectiveInput }),
        minTrades: t.arg.int({ description: 'Only rows with at least this many trades' }),
      },
      resolve: (s, args, ctx) =>
        pagedConnection(args, (page) =>
          sweepResults(ctx.em, s, { window: args.window ?? finalWindow(s), phase: args.phase ?? 'IN_SAMPLE', orderBy: args.orderBy, objective: args.objective, minTrades: args.minTrades }, page),
        ),
    }),
  }),
});

const OptimizationProgressRef = builder.objectRef<OptimizationProgressEvent>('OptimizationProgress').implement({
  fields: (t) => ({
    sweepId: t.exposeID('sweepId'),
    status: t.field({ type: RunStatusEnum, resolve: (e) => e.status }),
    progress: t.exposeFloat('progress'),
    completedEvaluations: t.exposeInt('completedEvaluations'),
    totalEvaluations: t.exposeInt('totalEvaluations'),
    evaluationsPerSecond: t.exposeFloat('evaluationsPerSecond', { nullable: true, description: 'Over the last few seconds, all workers together' }),
    etaSeconds: t.exposeFloat('etaSeconds', { nullable: true }),
    stage: t.exposeString('stage', { nullable: true, description: 'What the sweep is doing now' }),
    bestScore: t.exposeFloat('bestScore', { nullable: true }),
    bestParams: t.field({ type: [ParamValueRef], nullable: true, resolve: (e) => (e.bestParams ? namedValues(e.bestParams) : null) }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const OptimizeStrategyInput = builder.inputType('OptimizeStrategyInput', {
  fields: (t) => ({
    ...simulationInputFields(t),
    parameterRanges: t.field({
      type: 'JSON',
      required: true,
      description: `Swept parameters: { "fast": [5, 10, 20], "slow": { "min": 20, "max": 100, "step": 10 } }. ${PARAMS_ARE_JSON}`,
    }),
    baseParams: t.field({ type: 'JSON', description: `Values of the parameters not swept (defaults otherwise). ${PARAMS_ARE_JSON}` }),
    maxCombinations: t.int({ description: `Refuse grids larger than this (default ${SWEEP_LIMITS.defaultMaxCombinations}, at most ${SWEEP_LIMITS.maxCombinations})` }),
    objective: t.field({ type: ObjectiveInput, description: 'How rows are ranked (default COMPOSITE)' }),
    minTrades: t.int({ description: 'Rows with fewer trades are stored but never ranked best or recommended (default 30)' }),
    search: t.field({ type: SearchInput, description: 'How parameter sets are chosen (default GRID)' }),
    validation: t.field({ type: ValidationInput, description: 'Hold-out or walk-forward checks on data the search never saw' }),
    pboBlocks: t.int({
      description: `Time blocks the Probability of Backtest Overfitting splits the in-sample rows' daily returns into (even, ${SWEEP_LIMITS.pboBlocks.min}–${SWEEP_LIMITS.pboBlocks.max}, default ${SWEEP_LIMITS.pboBlocks.default})`,
    }),
    significanceLevel: t.float({
      description: `α: a recommendation is emitted only when its paired test against the current settings gives p < α after correcting for the candidates tested (default ${SWEEP_LIMITS.significanceLevel.default})`,
    }),
  }),
});

const OptimizationFilterInput = builder.inputType('OptimizationFilter', {
  fields: (t) => ({
    sweepId: t.id(),
    strategy: t.string({ description: STRATEGY_FILTER_DESCRIPTION }),
    symbol: t.string(),
    minTrades: t.int(),
  }),
});

const SweepPlanRef = builder.objectRef<SweepPlan>('SweepPlan').implement({
  description: "What optimizeStrategy would run for the same input, counted by the server's own grid and constraints; nothing is stored",
  fields: (t) => ({
    combinations: t.exposeInt('combinations', { description: 'Every combination of the swept values' }),
    skippedByConstraint: t.exposeInt('skippedByConstraint', { nullable: true, description: "Of those, breaking a strategy constraint (never run); null when the grid is over the limit and was not checked" }),
    toRun: t.exposeInt('toRun', { nullable: true, description: 'Combinations the search may evaluate (a sampled search evaluates its budget of them)' }),
    plannedEvaluations: t.exposeInt('plannedEvaluations', { nullable: true, description: "Backtests in all, with the validation's out-of-sample tests (as totalEvaluations of the sweep it would create)" }),
    limit: t.exposeInt('limit', { description: 'The most combinations this search accepts (maxCombinations for a grid)' }),
    overLimit: t.exposeString('overLimit', { nullable: true, description: 'Why optimizeStrategy would refuse this grid for its size (LIMIT_EXCEEDED), or null' }),
  }),
});

builder.queryFields((t) => ({
  sweepPlan: t.field({
    type: SweepPlanRef,
    description: 'Dry run of optimizeStrategy: the same checks (BAD_USER_INPUT with the field at fault) and the grid count after constraints, without storing or queueing anything',
    args: { input: t.arg({ type: OptimizeStrategyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => sweepPlan(ctx.services, ctx.em, await withUniverse(ctx.services, ctx.em, input)),
  }),
  optimizations: t.connection({
    type: StrategyOptimizationRef,
    description: 'Tested parameter sets, best score first',
    args: { filter: t.arg({ type: OptimizationFilterInput }) },
    resolve: (_root, args, ctx) =>
      pagedConnection(args, (page) => listOptimizations(ctx.em, args.filter && { ...args.filter, sweepId: args.filter.sweepId?.toString() }, page)),
  }),
  optimizationSweep: t.field({
    type: OptimizationSweepRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getSweep(ctx.em, String(args.id)),
  }),
  optimizationSweeps: t.connection({
    type: OptimizationSweepRef,
    args: { status: t.arg({ type: [RunStatusEnum] }) },
    resolve: (_root, args, ctx) => pagedConnection(args, (page) => listSweeps(ctx.em, args.status, page)),
  }),
}));

builder.mutationFields((t) => ({
  optimizeStrategy: t.field({
    type: OptimizationSweepRef,
    description: 'Validates the sweep, expands its grid, stores it PENDING and queues it for a worker',
    args: { input: t.arg({ type: OptimizeStrategyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => createSweep(ctx.services, ctx.em, await withUniverse(ctx.services, ctx.em, input)),
  }),
  openOptimizationRow: t.field({
    type: BacktestRunRef,
    description: "Runs a sweep row as a full backtest (trades, equity curve) on the row's own candles and settings; its metrics equal the row's. Opening a row twice returns the same run.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => openRowAsBacktest(ctx.services, ctx.em, String(args.id)),
  }),
  cancelOptimization: t.field({
    type: OptimizationSweepRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => cancelSweep(ctx.services, ctx.em, String(args.id)),
  }),
}));

const SweepChangeKindEnum = builder.enumType('SweepChangeKind', { values: ['CREATED', 'UPDATED', 'DELETED'] as const });

const SweepChangeRef = builder.objectRef<{ kind: 'CREATED' | 'UPDATED' | 'DELETED'; sweepId: string; sweep: IOptimizationSweep | null }>('SweepChange').implement({
  description: 'A sweep appeared, changed (status or stored progress) or was deleted',
  fields: (t) => ({
    kind: t.field({ type: SweepChangeKindEnum, resolve: (e) => e.kind }),
    sweepId: t.exposeID('sweepId'),
    sweep: t.field({ type: OptimizationSweepRef, nullable: true, description: 'The sweep as it is now; null once deleted', resolve: (e) => e.sweep }),
  }),
});

builder.subscriptionFields((t) => ({
  sweepChanges: t.field({
    type: SweepChangeRef,
    description: 'Every sweep created, changed or deleted from now on, by any client or worker: what keeps a list of sweeps current without polling',
    subscribe: (_root, _args, ctx) => ctx.services.pubsub.subscribe('sweepChanged'),
    // A fresh EntityManager per event: the subscription's own would keep serving the sweep as first loaded.
    resolve: async (event, _args, ctx) => ({ ...event, sweep: event.kind === 'DELETED' ? null : await getSweep(ctx.services.orm.em.fork(), event.sweepId) }),
  }),
  optimizationProgress: t.field({
    type: OptimizationProgressRef,
    description: 'The current state first, then progress with the best combination so far, ending with the terminal status',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.id);
      const source = ctx.services.pubsub.subscribe('optimizationProgress', id);
      await requireSweep(ctx.em, id);
      return snapshotThenStream<OptimizationProgressEvent>({
        source,
        ...resumption(ctx.services),
        snapshot: async () => {
          const em = ctx.services.orm.em.fork();
          const sweep = await getSweep(em, id);
          return sweep ? sweepProgressEvent(sweep, await bestOfSweep(em, sweep)) : null;
        },
        isTerminal: (event) => isTerminal(event.status),
        isStale: (event, last) => event.status === last.status && event.completedEvaluations < last.completedEvaluations,
      });
    },
    resolve: (event) => event,
  }),
}));
