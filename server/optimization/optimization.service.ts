import type { RunStatus } from '../../domain/statuses.ts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { clippedName, pairsInName, planBacktest, type RunBacktestRequest } from '../backtest/index.ts';
import { isUuid } from '../graphql/ids.ts';
import { getStrategy, type MetricName } from '../engine/index.ts';
import { checkSize, createSearch, parameterSpace } from '../engine/optimizer/index.ts';
import { countValidCombinations } from './sweep-search.ts';
import type { Page } from '../graphql/connection.ts';
import { withTransaction } from '../db/bulk-insert.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { storeAndEnqueue } from '../jobs/enqueue.ts';
import { QUEUES, type OptimizeJobData } from '../jobs/queues.ts';
import type { AppServices } from '../services.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import { StrategyOptimization, type IStrategyOptimization } from './strategy-optimization.entity.ts';
import { plannedEvaluations } from './sweep-plan.ts';
import { checkRangeSizes, objectiveOf, SWEEP_LIMITS, sweepOptionsOf, type SweepOptionsInput } from './sweep-request.ts';
import { scoreOf } from './scoring.ts';
import { rankedRows, rankInMemory } from './ranked-rows.ts';
import { publishSweepProgress, sweepProgressEvent } from './sweep-progress.ts';
import { metricsOf } from '../backtest/index.ts';
import { readRunSettings } from '../backtest/index.ts';
import { createBacktest } from '../backtest/index.ts';
import type { IBacktestRun } from '../backtest/index.ts';
import type { RowPhase } from './sweep-spec.ts';
import { loadUserStrategies, strategyNameCondition, strategyTitle } from '../strategies/index.ts';

export interface OptimizeRequest extends Omit<RunBacktestRequest, 'extraLegs' | 'strategyParams'>, SweepOptionsInput {
  readonly baseParams?: unknown;
  readonly parameterRanges?: unknown;
}

export interface OptimizationFilter {
  readonly sweepId?: string | null;
  readonly strategy?: string | null;
  readonly symbol?: string | null;
  readonly minTrades?: number | null;
}

/** A sweep's input checked and its grid expanded, as both sweepPlan and createSweep need it; nothing is stored. */
async function planSweep(services: AppServices, em: EntityManager, request: OptimizeRequest) {
  await loadUserStrategies(em, [request.strategy]);
  const ranges = request.parameterRanges;
  if (typeof ranges !== 'object' || ranges === null || Array.isArray(ranges)) {
    throw new AppError('BAD_USER_INPUT', 'parameterRanges must be a JSON object: { "param": [values] or { "min", "max", "step" } }', { field: 'parameterRanges' });
  }
  checkRangeSizes(ranges as Record<string, unknown>);
  const plan = planBacktest(await services.presetDefaults(em, { ...request, strategyParams: request.baseParams }));
  const [leg] = plan.legs;
  const spec = getStrategy(leg.strategy)!;
  const options = sweepOptionsOf(request);
  // A grid search runs every combination, so the cap applies to the grid; a sampled one runs its budget.
  const space = parameterSpace(spec, ranges as Record<string, unknown>, leg.params);
  if ('errors' in space) throw new AppError('BAD_USER_INPUT', space.errors.join('; '), { field: 'parameterRanges', issues: space.errors });
  const cap = options.search.method === 'GRID' ? options.maxCombinations : SWEEP_LIMITS.maxSearchSpace;
  const tooBig = checkSize(space, cap);
  if (tooBig !== null) return { plan, leg, spec, options, space, cap, tooBig, search: null, valid: null };
  const search = createSearch(spec, ranges as Record<string, unknown>, leg.params, { ...options.search, maxCombinations: cap });
  if ('errors' in search) throw new AppError('BAD_USER_INPUT', search.errors.join('; '), { field: 'parameterRanges', issues: search.errors });
  const valid = options.search.method === 'GRID' ? search.plannedEvaluations : countValidCombinations(spec, ranges as Record<string, unknown>, leg.params, cap);
  return { plan, leg, spec, options, space, cap, tooBig, search, valid };
}

/** What a sweep would run, as sweepPlan serves it before anything is stored (the form's live count). */
export interface SweepPlan {
  readonly combinations: number;
  /** Null when the grid is over the limit: its constraints were not checked. */
  readonly skippedByConstraint: number | null;
  readonly toRun: number | null;
  /** Backtests in all, with the validation's out-of-sample tests; null when over the limit. */
  readonly plannedEvaluations: number | null;
  readonly limit: number;
  /** Why it would be refused for its size (LIMIT_EXCEEDED), or null. */
  readonly overLimit: string | null;
}

export async function sweepPlan(services: AppServices, em: EntityManager, request: OptimizeRequest): Promise<SweepPlan> {
  const planned = await planSweep(services, em, request);
  const { space, search, valid } = planned;
  return {
    combinations: space.size,
    skippedByConstraint: valid === null ? null : space.size - valid,
    toRun: valid,
    plannedEvaluations: search === null ? null : plannedEvaluations(planned.options.validation, search.plannedEvaluations),
    limit: planned.cap,
    overLimit: planned.tooBig,
  };
}

/**
 * Validates a sweep like a backtest (market, range, account settings, fixed parameters), expands its
 * grid, stores it PENDING and queues its job; nothing is stored or queued when anything is wrong.
 */
export async function createSweep(services: AppServices, em: EntityManager, request: OptimizeRequest): Promise<IOptimizationSweep> {
  const { plan, leg, spec, options, space, cap, tooBig, search, valid } = await planSweep(services, em, request);
  const ranges = request.parameterRanges;
  if (tooBig !== null || search === null || valid === null) throw new AppError('LIMIT_EXCEEDED', tooBig ?? 'too many combinations', { field: 'parameterRanges', limit: cap });
  if (valid === 0) {
    throw new AppError('BAD_USER_INPUT', `every combination breaks a constraint of ${leg.strategy} (${spec.constraints.join('; ')})`, { field: 'parameterRanges' });
  }
  const sweep = em.create(OptimizationSweep, {
    id: randomUUID(),
    name: request.name?.trim() || clippedName(`${strategyTitle(leg.strategy)} sweep ${pairsInName(plan.symbols)} ${plan.timeframe}`),
    status: 'PENDING',
    strategy: leg.strategy,
    symbols: plan.symbols,
    timeframe: plan.timeframe,
    startDate: plan.startDate,
    endDate: plan.endDate,
    parameterRanges: ranges as Record<string, unknown>,
    baseParams: { ...leg.params },
    settings: plan.settings,
    gapPolicy: plan.gapPolicy,
    fetchMissingData: plan.fetchMissingData,
    warmupHistory: plan.warmupHistory,
    totalCombinations: valid,
    skippedByConstraint: space.size - valid,
    objective: options.objective,
    minTrades: options.minTrades,
    // A sample cannot be larger than what it samples from.
    search: options.search.budget ? { ...options.search, budget: Math.min(options.search.budget, valid) } : options.search,
    validation: options.validation,
    pboBlocks: options.pboBlocks,
    significanceLevel: options.significanceLevel,
    createdAt: new Date(),
  });
  sweep.totalEvaluations = plannedEvaluations(sweep.validation, search.plannedEvaluations);
  await storeAndEnqueue(services, em, sweep, QUEUES.optimize, { sweepId: sweep.id } satisfies OptimizeJobData);
  services.pubsub.publish('sweepChanged', { kind: 'CREATED', sweepId: sweep.id });
  return sweep;
}

export async function getSweep(em: EntityManager, id: string): Promise<IOptimizationSweep | null> {
  return isUuid(id) ? em.findOne(OptimizationSweep, { id }) : null;
}

export async function requireSweep(em: EntityManager, id: string): Promise<IOptimizationSweep> {
  const sweep = await getSweep(em, id);
  if (!sweep) throw notFound('Optimization sweep', id);
  return sweep;
}

export async function listSweeps(em: EntityManager, status: RunStatus[] | null | undefined, page: Page) {
  const [items, totalCount] = await em.findAndCount(OptimizationSweep, status?.length ? { status: { $in: status } } : {}, {
    orderBy: { createdAt: 'desc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return { items, totalCount };
}

export async function cancelSweep(services: AppServices, em: EntityManager, id: string): Promise<IOptimizationSweep> {
  const sweep = await requireSweep(em, id);
  // The count becomes the rows stored. A chunk storing now holds the sweep's row until it commits
  // (optimization-chunk.job.ts) and none stores after this; the count is a statement of its own, after
  // the lock, so that its snapshot sees what the chunks committed while this waited.
  const changed = await withTransaction(services.pool, async (client) => {
    const { rows } = await client.query<{ status: string }>('SELECT status FROM optimization_sweep WHERE id = $1 FOR UPDATE', [id]);
    if (rows[0]?.status !== 'PENDING' && rows[0]?.status !== 'RUNNING') return 0;
    const updated = await client.query(
      `UPDATE optimization_sweep SET status = 'CANCELLED', completed_at = now(), completed_evaluations = (SELECT count(*) FROM strategy_optimization WHERE sweep_id = $1) WHERE id = $1`,
      [id],
    );
    return updated.rowCount ?? 0;
  });
  await em.refresh(sweep);
  if (changed === 0) throw new AppError('CONFLICT', `Sweep ${id} is already ${sweep.status}`, { status: sweep.status });
  await services.boss.cancel(QUEUES.optimize, id).catch(() => {});
  publishSweepProgress(services, sweepProgressEvent(sweep, null, 'Cancelled by request'));
  return sweep;
}

/** Stored parameter-set results: rows with at least minTrades first, then best score first (ties by parameters). */
export async function listOptimizations(
  em: EntityManager,
  filter: OptimizationFilter | null | undefined,
  page: Page,
): Promise<{ items: IStrategyOptimization[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.sweepId) where.sweep = isUuid(filter.sweepId) ? filter.sweepId : null;
  if (filter?.strategy) where.strategy = strategyNameCondition(filter.strategy);
  if (filter?.symbol) where.symbols = { $contains: [filter.symbol.toUpperCase()] };
  if (filter?.minTrades) where.totalTrades = { $gte: filter.minTrades };
  const [items, totalCount] = await em.findAndCount(StrategyOptimization, where, {
    orderBy: { score: 'desc nulls last', paramsKey: 'asc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return { items, totalCount };
}

export interface SweepResultsQuery {
  readonly window: number;
  readonly phase: RowPhase;
  readonly orderBy?: { metric: MetricName; direction: 'ASC' | 'DESC' } | null;
  /** Re-rank under another objective (scores computed from the stored metrics; nothing re-runs). */
  readonly objective?: SweepOptionsInput['objective'];
  readonly minTrades?: number | null;
}

/** One page of a sweep's rows: by a metric, by another objective, or in the sweep's own ranking. */
export async function sweepResults(em: EntityManager, sweep: IOptimizationSweep, query: SweepResultsQuery, page: Page): Promise<{ items: IStrategyOptimization[]; totalCount: number }> {
  const where = { sweep: sweep.id, window: query.window, phase: query.phase, ...(query.minTrades ? { totalTrades: { $gte: query.minTrades } } : {}) };
  if (query.orderBy) {
    const direction = query.orderBy.direction === 'ASC' ? 'asc nulls last' : 'desc nulls last';
    const [items, totalCount] = await em.findAndCount(StrategyOptimization, where, {
      orderBy: { [query.orderBy.metric]: direction, paramsKey: 'asc' },
      limit: page.limit,
      offset: page.offset,
    });
    return { items, totalCount };
  }
  const objective = query.objective ? objectiveOf(query.objective) : null;
  if (objective) {
    const rescored = (await em.find(StrategyOptimization, where)).map((row) => ({ ...row, score: scoreOf(objective, metricsOf(row)) }));
    const ranked = rankInMemory(rescored, sweep.minTrades);
    return { items: ranked.slice(page.offset, page.offset + page.limit), totalCount: ranked.length };
  }
  const totalCount = await em.count(StrategyOptimization, where);
  const items = await rankedRows(em, sweep, { window: query.window, phase: query.phase, eligibleOnly: false, minTrades: query.minTrades, limit: page.limit, offset: page.offset });
  return { items, totalCount };
}

/**
 * A row as a full backtest run: the sweep's market, settings and the row's own candles and parameters.
 * The same data and the same engine give the same metrics. A row opened before returns its run.
 */
export async function openRowAsBacktest(services: AppServices, em: EntityManager, rowId: string): Promise<IBacktestRun> {
  const row = isUuid(rowId) ? await em.findOne(StrategyOptimization, { id: rowId }, { populate: ['sweep', 'run'] }) : null;
  if (!row) throw notFound('Optimization row', rowId);
  if (row.run) return row.run as IBacktestRun;
  const sweep = row.sweep as IOptimizationSweep | null;
  if (!sweep) throw new AppError('CONFLICT', `Row ${rowId} belongs to no sweep; it cannot be opened`, { id: rowId });
  const settings = readRunSettings(sweep.settings);
  const run = await createBacktest(services, em, {
    name: clippedName(`${sweep.name}: ${Object.entries(row.params).map(([key, value]) => `${key}=${value}`).join(' ')}${row.phase === 'OUT_OF_SAMPLE' ? ' (out of sample)' : ''}`),
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    startDate: row.fromDate ?? sweep.startDate,
    endDate: row.toDate ?? sweep.endDate,
    strategy: sweep.strategy,
    strategyParams: row.params,
    ...settings,
    gapPolicy: sweep.gapPolicy,
    fetchMissingData: false,
    warmupHistory: sweep.warmupHistory,
  });
  await em.nativeUpdate(StrategyOptimization, { id: row.id }, { run: run.id });
  return run;
}
