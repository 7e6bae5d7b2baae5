import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TERMINAL_STATUSES, type RunStatus } from '../backtest/backtest-run.entity.ts';
import { planBacktest, type RunBacktestRequest } from '../backtest/backtest-input.ts';
import { isUuid } from '../graphql/ids.ts';
import { getStrategy } from '../engine/index.ts';
import { expandGrid } from '../engine/optimizer/grid.ts';
import type { Page } from '../graphql/connection.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { storeAndEnqueue } from '../jobs/enqueue.ts';
import { QUEUES, type OptimizeJobData } from '../jobs/queues.ts';
import type { AppServices } from '../services.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { OptimizationProgressEvent } from './optimization.events.ts';
import { StrategyOptimization, type IStrategyOptimization } from './strategy-optimization.entity.ts';

export const DEFAULT_MAX_COMBINATIONS = 2_000;
export const MAX_COMBINATIONS_LIMIT = 50_000;

export interface OptimizeRequest extends Omit<RunBacktestRequest, 'extraLegs' | 'strategyParams'> {
  readonly baseParams?: unknown;
  readonly parameterRanges?: unknown;
  readonly maxCombinations?: number | null;
}

export interface OptimizationFilter {
  readonly sweepId?: string | null;
  readonly strategy?: string | null;
  readonly symbol?: string | null;
  readonly minTrades?: number | null;
}

/**
 * Validates a sweep like a backtest (market, range, account settings, fixed parameters), expands its
 * grid, stores it PENDING and queues its job; nothing is stored or queued when anything is wrong.
 */
export async function createSweep(services: AppServices, em: EntityManager, request: OptimizeRequest): Promise<IOptimizationSweep> {
  const plan = planBacktest({ ...request, strategyParams: request.baseParams });
  const ranges = request.parameterRanges;
  if (typeof ranges !== 'object' || ranges === null || Array.isArray(ranges)) {
    throw new AppError('BAD_USER_INPUT', 'parameterRanges must be a JSON object: { "param": [values] or { "min", "max", "step" } }', { field: 'parameterRanges' });
  }
  const maxCombinations = request.maxCombinations ?? DEFAULT_MAX_COMBINATIONS;
  const [leg] = plan.legs;
  const grid = expandGrid(getStrategy(leg.strategy)!, ranges as Record<string, unknown>, leg.params, maxCombinations);
  if ('errors' in grid) throw new AppError('BAD_USER_INPUT', grid.errors.join('; '), { field: 'parameterRanges', issues: grid.errors });
  if (grid.combinations.length === 0) {
    throw new AppError('BAD_USER_INPUT', `every combination breaks a constraint of ${leg.strategy} (${getStrategy(leg.strategy)!.constraints.join('; ')})`, { field: 'parameterRanges' });
  }
  const sweep = em.create(OptimizationSweep, {
    id: randomUUID(),
    name: request.name?.trim() || `${leg.strategy} sweep ${plan.symbols.join(',')} ${plan.timeframe}`,
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
    totalCombinations: grid.combinations.length,
    skippedByConstraint: grid.skippedByConstraint,
    createdAt: new Date(),
  });
  return storeAndEnqueue(services, em, OptimizationSweep, sweep, QUEUES.optimize, { sweepId: sweep.id } satisfies OptimizeJobData);
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
  const changed = await em.nativeUpdate(OptimizationSweep, { id, status: { $in: ['PENDING', 'RUNNING'] } }, { status: 'CANCELLED', completedAt: new Date() });
  await em.refresh(sweep);
  if (changed === 0) throw new AppError('CONFLICT', `Sweep ${id} is already ${sweep.status}`, { status: sweep.status });
  await services.boss.cancel(QUEUES.optimize, id).catch(() => {});
  publishSweepProgress(services, sweepProgressEvent(sweep, null, 'Cancelled by request'));
  return sweep;
}

/** Stored parameter-set results, best score first. */
export async function listOptimizations(
  em: EntityManager,
  filter: OptimizationFilter | null | undefined,
  page: Page,
): Promise<{ items: IStrategyOptimization[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.sweepId) where.sweep = isUuid(filter.sweepId) ? filter.sweepId : null;
  if (filter?.strategy) where.strategy = filter.strategy;
  if (filter?.symbol) where.symbols = { $contains: [filter.symbol.toUpperCase()] };
  if (filter?.minTrades) where.totalTrades = { $gte: filter.minTrades };
  const [items, totalCount] = await em.findAndCount(StrategyOptimization, where, {
    orderBy: { score: 'desc', id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return { items, totalCount };
}

export async function bestOfSweep(em: EntityManager, sweepId: string): Promise<IStrategyOptimization | null> {
  return em.findOne(StrategyOptimization, { sweep: sweepId }, { orderBy: { score: 'desc', id: 'asc' } });
}

export function sweepProgressEvent(sweep: IOptimizationSweep, best: IStrategyOptimization | null, message: string | null = null): OptimizationProgressEvent {
  return {
    sweepId: sweep.id,
    status: sweep.status,
    progress: sweep.progress,
    completedCombinations: sweep.completedCombinations,
    totalCombinations: sweep.totalCombinations,
    bestScore: best?.score ?? null,
    bestParams: best?.params ?? null,
    message: message ?? sweep.error ?? null,
  };
}

export function publishSweepProgress(services: AppServices, event: OptimizationProgressEvent): void {
  services.pubsub.publish('optimizationProgress', event.sweepId, event);
}

export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.has(status);
