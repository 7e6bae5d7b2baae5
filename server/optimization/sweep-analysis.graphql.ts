import { finalWindow } from './ranked-rows.ts';
import { MetricEnum, BacktestMetricsRef } from '../backtest/index.ts';
import type { MetricName } from '../engine/index.ts';
import type { heatmap, HeatmapAggregate, SensitivityPoint } from '../engine/optimizer/index.ts';
import { AppError } from '../graphql/errors.ts';
import { builder } from '../graphql/builder.ts';
import { namedValues, ParamValueRef, plainValues, ValueRef } from '../graphql/values.graphql.ts';
import { chargeWork, ROW_WORK_UNITS } from '../graphql/work-budget.ts';
import type { RequestContext } from '../services.ts';
import { computation } from '../threads/compute.ts';
import { OptimizationSweepRef, StrategyOptimizationRef } from './optimization.graphql.ts';
import { StrategyOptimization } from './strategy-optimization.entity.ts';
import type { heatmapOfJson, sensitivityOfJson } from './sweep-analysis.compute.ts';
import { RowPhaseEnum } from './sweep-inputs.graphql.ts';
import { holdoutReport, sweepRobustness, walkForwardReport, type StitchedAccount } from './sweep-report.ts';

/** What a finished (or running) sweep shows beyond its rows: heatmaps, sensitivity, robustness, hold-out and walk-forward results. */

const AggregateEnum = builder.enumType('HeatmapAggregate', { values: ['MAX', 'MEAN', 'MIN'] as const, description: 'How a cell combines the rows that share its two values' });

type HeatmapShape = Exclude<ReturnType<typeof heatmap>, { errors: string[] }> & { paramX: string; paramY: string; metric: MetricName | null };

interface HeatmapCell {
  readonly x: number | boolean;
  readonly y: number | boolean;
  readonly value: number | null;
  readonly count: number;
}

const HeatmapCellRef = builder.objectRef<HeatmapCell>('HeatmapCell').implement({
  fields: (t) => ({
    x: t.field({ type: ValueRef, description: "paramX's value", resolve: (c) => ({ value: c.x }) }),
    y: t.field({ type: ValueRef, description: "paramY's value", resolve: (c) => ({ value: c.y }) }),
    value: t.exposeFloat('value', { nullable: true, description: 'The aggregate; null where no row of the cell has a value' }),
    count: t.exposeInt('count', { description: 'Rows with a value in the cell' }),
  }),
});

const HeatmapRef = builder.objectRef<HeatmapShape>('SweepHeatmap').implement({
  fields: (t) => ({
    paramX: t.exposeString('paramX'),
    paramY: t.exposeString('paramY'),
    metric: t.field({ type: MetricEnum, nullable: true, description: 'null: the objective score', resolve: (h) => h.metric }),
    xValues: t.field({ type: [ValueRef], resolve: (h) => plainValues(h.xValues) }),
    yValues: t.field({ type: [ValueRef], resolve: (h) => plainValues(h.yValues) }),
    cells: t.field({
      type: [HeatmapCellRef],
      description: 'One per (x, y) value pair, row by row',
      resolve: (h) => h.yValues.flatMap((y, yi) => h.xValues.map((x, xi) => ({ x, y, value: h.cells[yi][xi], count: h.counts[yi][xi] }))),
    }),
  }),
});

const SensitivityRef = builder.objectRef<SensitivityPoint>('SensitivityPoint').implement({
  fields: (t) => ({
    value: t.field({ type: ValueRef, resolve: (p) => ({ value: p.value }) }),
    count: t.exposeInt('count'),
    mean: t.exposeFloat('mean', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    std: t.exposeFloat('std', { nullable: true, description: 'Spread the other parameters cause at this value' }),
  }),
});

const EdgeRef = builder.objectRef<{ name: string; atMin: boolean; atMax: boolean }>('RangeEdge').implement({
  fields: (t) => ({ name: t.exposeString('name'), atMin: t.exposeBoolean('atMin'), atMax: t.exposeBoolean('atMax') }),
});

const RobustnessRef = builder.objectRef<NonNullable<Awaited<ReturnType<typeof sweepRobustness>>>>('SweepRobustness').implement({
  description: "The best row's ground: its one-step grid neighbours' scores, and whether it sits on the edge of a range (then widen the grid)",
  fields: (t) => ({
    bestRowId: t.exposeID('bestRowId'),
    neighbours: t.exposeInt('neighbours'),
    neighbourMean: t.exposeFloat('neighbourMean', { nullable: true }),
    neighbourMin: t.exposeFloat('neighbourMin', { nullable: true }),
    neighbourMax: t.exposeFloat('neighbourMax', { nullable: true }),
    neighbourStd: t.exposeFloat('neighbourStd', { nullable: true }),
    plateauRatio: t.exposeFloat('plateauRatio', { nullable: true, description: 'Neighbour mean / best score: near 1 on a plateau, low on a spike' }),
    supporting: t.exposeInt('supporting', { description: 'Neighbours scoring above the current parameters' }),
    confidence: t.exposeFloat('confidence', { description: '(supporting + 1) / (neighbours + 2)' }),
    onEdge: t.exposeBoolean('onEdge'),
    edges: t.field({ type: [EdgeRef], resolve: (r) => r.edges }),
  }),
});

const HoldoutRowRef = builder.objectRef<NonNullable<Awaited<ReturnType<typeof holdoutReport>>>[number]>('HoldoutRow').implement({
  fields: (t) => ({
    params: t.field({ type: [ParamValueRef], resolve: (r) => namedValues(r.params) }),
    inSampleRank: t.int({ nullable: true, resolve: (r) => r.inSampleRank }),
    inSample: t.field({ type: StrategyOptimizationRef, nullable: true, resolve: (r) => r.inSample }),
    outOfSample: t.field({ type: StrategyOptimizationRef, resolve: (r) => r.outOfSample }),
    isCurrent: t.exposeBoolean('isCurrent', { description: 'The current (base) parameters' }),
    isPlateauChoice: t.exposeBoolean('isPlateauChoice', { description: 'The row whose grid neighbourhood scores best in sample' }),
  }),
});

const CurvePointRef = builder.objectRef<StitchedAccount['curve'][number]>('StitchedPoint').implement({
  fields: (t) => ({
    timestamp: t.field({ type: 'DateTime', resolve: (p) => new Date(p.timeMs) }),
    equity: t.exposeFloat('equity'),
    drawdown: t.exposeFloat('drawdownPct'),
  }),
});

const StitchedWindowRef = builder.objectRef<NonNullable<StitchedAccount['windows']>[number]>('StitchedWindow').implement({
  description: 'One walk-forward window’s part of a stitched account',
  fields: (t) => ({
    window: t.exposeInt('window'),
    from: t.field({ type: 'DateTime', resolve: (w) => new Date(w.fromMs) }),
    to: t.field({ type: 'DateTime', resolve: (w) => new Date(w.toMs) }),
    trades: t.exposeInt('trades'),
    roi: t.exposeFloat('roi'),
    thin: t.exposeBoolean('thin', { description: 'Fewer trades than the sweep’s minTrades: its return is luck rather than evidence' }),
  }),
});

const StitchedRef = builder.objectRef<StitchedAccount>('StitchedAccount').implement({
  description: 'The out-of-sample windows run one after another as one account',
  fields: (t) => ({
    metrics: t.field({ type: BacktestMetricsRef, resolve: (a) => a.metrics }),
    curve: t.field({ type: [CurvePointRef], resolve: (a) => a.curve }),
    windows: t.field({ type: [StitchedWindowRef], description: 'Each window’s part, thin ones flagged (empty for sweeps stored before this was kept)', resolve: (a) => a.windows ?? [] }),
  }),
});

type WalkForwardShape = Awaited<ReturnType<typeof walkForwardReport>>;

const WindowRef = builder.objectRef<WalkForwardShape['windows'][number]>('WalkForwardWindowResult').implement({
  fields: (t) => ({
    window: t.exposeInt('window'),
    inSample: t.field({ type: StrategyOptimizationRef, nullable: true, description: 'The set the window chose, on its in-sample data', resolve: (w) => w.inSample }),
    outOfSample: t.field({ type: StrategyOptimizationRef, nullable: true, description: 'The same set on the following out-of-sample data', resolve: (w) => w.outOfSample }),
    baselineOutOfSample: t.field({ type: StrategyOptimizationRef, nullable: true, description: 'The current parameters on that data', resolve: (w) => w.baselineOutOfSample }),
  }),
});

const EfficiencyRef = builder.objectRef<WalkForwardShape['efficiency']>('WalkForwardEfficiency').implement({
  description: 'Annualised out-of-sample return / annualised in-sample return (Pardo): near 1 holds up, near 0 was fit to noise',
  fields: (t) => ({
    overall: t.exposeFloat('overall', { nullable: true }),
    perWindow: t.field({ type: ['Float'], nullable: { list: false, items: true }, description: 'Per window, in order; null where perWindowReasons says why', resolve: (e) => e.perWindow as never }),
    perWindowReasons: t.field({
      type: ['String'],
      nullable: { list: false, items: true },
      description: 'Why a window has no efficiency: thin (fewer out-of-sample trades than minTrades), or a return that says nothing',
      resolve: (e) => e.perWindowReasons as never,
    }),
    thinWindows: t.field({
      type: ['Int'],
      description: 'Windows (1-based) whose out-of-sample test made fewer trades than minTrades: flagged, left out of overall, never the basis of a recommendation',
      resolve: (e) => e.thinWindows.map((k) => k + 1),
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why overall is null' }),
  }),
});

const ParameterStabilityRef = builder.objectRef<WalkForwardShape['stability']['parameters'][number]>('ParameterStability').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    values: t.field({ type: [ValueRef], description: 'Chosen in each window', resolve: (p) => plainValues(p.values) }),
    modeShare: t.exposeFloat('modeShare'),
    dispersion: t.exposeFloat('dispersion'),
    stability: t.exposeFloat('stability', { description: '1 = the same value in every window' }),
  }),
});

const WalkForwardRef = builder.objectRef<WalkForwardShape>('WalkForwardReport').implement({
  fields: (t) => ({
    windows: t.field({ type: [WindowRef], resolve: (r) => r.windows }),
    efficiency: t.field({ type: EfficiencyRef, resolve: (r) => r.efficiency }),
    stabilityOverall: t.float({ nullable: true, resolve: (r) => r.stability.overall }),
    stability: t.field({ type: [ParameterStabilityRef], resolve: (r) => r.stability.parameters }),
    stitched: t.field({ type: StitchedRef, nullable: true, description: 'Each window’s chosen set run on its out-of-sample data, as one account (once the sweep completes)', resolve: (r) => r.stored?.stitched ?? null }),
    baselineStitched: t.field({ type: StitchedRef, nullable: true, description: 'The current parameters on the same windows', resolve: (r) => r.stored?.baselineStitched ?? null }),
  }),
});

const heatmapOnThread = computation<typeof heatmapOfJson>(new URL('./sweep-analysis.compute.ts', import.meta.url), 'heatmapOfJson');
const sensitivityOnThread = computation<typeof sensitivityOfJson>(new URL('./sweep-analysis.compute.ts', import.meta.url), 'sensitivityOfJson');

/**
 * The rows of one window and phase as `[[params, value], …]` JSON text (value: the metric, or the
 * score), for a compute thread to decode; charged to the operation's work budget before they are read
 * (and read only once the principal holds a compute slot: ComputePool.run).
 */
async function valuedRowsJson(ctx: RequestContext, sweepId: string, window: number, phase: 'IN_SAMPLE' | 'OUT_OF_SAMPLE', metric: MetricName | null | undefined, what: string): Promise<string> {
  const { pool, orm } = ctx.services;
  const where = 'FROM strategy_optimization WHERE sweep_id = $1 AND "window" = $2 AND phase = $3';
  const { rows: counted } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [sweepId, window, phase]);
  chargeWork(ctx, counted[0].n * ROW_WORK_UNITS, `${what} over ${counted[0].n} rows`);
  const column = orm.getMetadata().get(StrategyOptimization.meta.className).properties[metric ?? 'score'].fieldNames[0];
  const { rows } = await pool.query<{ json: string }>(`SELECT coalesce(json_agg(json_build_array(params, "${column}")), '[]')::text AS json ${where}`, [sweepId, window, phase]);
  return rows[0].json;
}

const onThread = (ctx: RequestContext) => ({ principalId: ctx.principal.id, signal: ctx.signal });

builder.objectFields(OptimizationSweepRef, (t) => ({
  heatmap: t.field({
    type: HeatmapRef,
    description: 'paramX × paramY → the metric (or the objective score) aggregated over the other parameters',
    args: {
      paramX: t.arg.string({ required: true }),
      paramY: t.arg.string({ required: true }),
      metric: t.arg({ type: MetricEnum, description: 'Default: the objective score' }),
      aggregate: t.arg({ type: AggregateEnum, defaultValue: 'MAX' }),
      window: t.arg.int({ description: 'Default: 0, or under walk-forward the last window' }),
      phase: t.arg({ type: RowPhaseEnum, defaultValue: 'IN_SAMPLE' }),
    },
    resolve: async (sweep, args, ctx) => {
      const rows = () => valuedRowsJson(ctx, sweep.id, args.window ?? finalWindow(sweep), args.phase ?? 'IN_SAMPLE', args.metric, 'heatmap');
      const map = await ctx.services.compute.run(heatmapOnThread, async (): Promise<Parameters<typeof heatmapOfJson>> => [await rows(), args.paramX, args.paramY, (args.aggregate ?? 'MAX') as HeatmapAggregate], onThread(ctx));
      if ('errors' in map) throw new AppError('BAD_USER_INPUT', map.errors.join('; '), { field: 'paramX' });
      return { ...map, paramX: args.paramX, paramY: args.paramY, metric: args.metric ?? null };
    },
  }),
  sensitivity: t.field({
    type: [SensitivityRef],
    description: 'For each value of a parameter: the score (or metric) statistics over every row with it',
    args: { param: t.arg.string({ required: true }), metric: t.arg({ type: MetricEnum }), window: t.arg.int({ description: 'Default: 0, or under walk-forward the last window' }), phase: t.arg({ type: RowPhaseEnum, defaultValue: 'IN_SAMPLE' }) },
    resolve: async (sweep, args, ctx) => {
      if (!(args.param in sweep.parameterRanges)) throw new AppError('BAD_USER_INPUT', `${args.param} is not swept; swept: ${Object.keys(sweep.parameterRanges).join(', ')}`, { field: 'param' });
      const rows = () => valuedRowsJson(ctx, sweep.id, args.window ?? finalWindow(sweep), args.phase ?? 'IN_SAMPLE', args.metric, 'sensitivity');
      return ctx.services.compute.run(sensitivityOnThread, async (): Promise<Parameters<typeof sensitivityOfJson>> => [await rows(), args.param], onThread(ctx));
    },
  }),
  robustness: t.field({ type: RobustnessRef, nullable: true, resolve: (sweep, _args, ctx) => sweepRobustness(ctx.em, sweep) }),
  holdout: t.field({
    type: [HoldoutRowRef],
    nullable: true,
    description: 'With a hold-out: the best in-sample rows, the most robust one and the current parameters, tested on the held-out data',
    resolve: (sweep, _args, ctx) => holdoutReport(ctx.em, sweep),
  }),
  walkForward: t.field({ type: WalkForwardRef, nullable: true, resolve: (sweep, _args, ctx) => (sweep.validation?.walkForward ? walkForwardReport(ctx.em, sweep) : null) }),
}));
