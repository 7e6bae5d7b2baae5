import { ACTIVE_STATUSES, type RunStatus, TERMINAL_STATUSES } from '../../domain/statuses.ts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MetricName } from '../engine/index.ts';
import { AppError, notFound } from '../graphql/errors.ts';
import { isUuid } from '../graphql/ids.ts';
import { storeAndEnqueue } from '../jobs/enqueue.ts';
import { QUEUES, type BacktestJobData } from '../jobs/queues.ts';
import type { AppServices } from '../services.ts';
import { BacktestRun, type IBacktestRun } from './backtest-run.entity.ts';
import { BacktestTrade, type IBacktestTrade } from './backtest-trade.entity.ts';
import type { BacktestChangeEvent, BacktestProgressEvent } from './backtest.events.ts';
import { planBacktest, type RunBacktestRequest } from './backtest-input.ts';
import { loadUserStrategies, strategyNameCondition } from '../strategies/index.ts';

/**
 * What a request leaves out, filled from the preset of its strategy, symbol and timeframe (what an
 * applied recommendation left). The recommendations feature owns presets; the app hands it in.
 */
export type PresetDefaults = <T extends { strategy: string; symbols: readonly string[]; timeframe: string; strategyParams?: unknown }>(em: EntityManager, request: T) => Promise<T>;

declare module '../services.ts' {
  interface AppServices {
    readonly presetDefaults: PresetDefaults;
  }
}

export interface BacktestFilter {
  readonly status?: RunStatus[] | null;
  readonly strategy?: string | null;
  readonly symbol?: string | null;
  readonly nameContains?: string | null;
}

/** What runs can be listed by: creation time or any metric (engine/metric-definitions.ts). */
export type BacktestOrderField = 'createdAt' | MetricName;
export interface BacktestOrder {
  readonly field: BacktestOrderField;
  readonly direction: 'ASC' | 'DESC';
}

/** Trade columns a trade list can be sorted by (then by sequence number). */
export const TRADE_ORDER_FIELDS = ['seq', 'entryTime', 'exitTime', 'profitLoss', 'profitLossPct', 'durationMs', 'symbol'] as const;
export type TradeOrderField = (typeof TRADE_ORDER_FIELDS)[number];

export interface TradeFilter {
  readonly symbol?: string | null;
  readonly direction?: 'LONG' | 'SHORT' | null;
  readonly outcome?: 'WIN' | 'LOSS' | null;
  readonly exitReason?: string | null;
}

/** Validates, stores the run as PENDING and enqueues its job. */
export async function createBacktest(services: AppServices, em: EntityManager, request: RunBacktestRequest): Promise<IBacktestRun> {
  await loadUserStrategies(em, [request.strategy, ...(request.extraLegs ?? []).map((leg) => leg.strategy)]);
  const plan = planBacktest(await services.presetDefaults(em, request));
  const [firstLeg] = plan.legs;
  const run = em.create(BacktestRun, {
    id: randomUUID(),
    name: plan.name,
    status: 'PENDING',
    strategy: firstLeg.strategy,
    strategyParams: { ...firstLeg.params },
    legs: plan.legs.map((leg) => ({ strategy: leg.strategy, params: { ...leg.params }, symbols: [...leg.symbols] })),
    symbols: plan.symbols,
    timeframe: plan.timeframe,
    startDate: plan.startDate,
    endDate: plan.endDate,
    settings: plan.settings,
    gapPolicy: plan.gapPolicy,
    fetchMissingData: plan.fetchMissingData,
    warmupHistory: plan.warmupHistory,
    createdAt: new Date(),
  });
  await storeAndEnqueue(services, em, run, QUEUES.backtest, { backtestId: run.id } satisfies BacktestJobData);
  publishRunChange(services, 'CREATED', run.id);
  return run;
}

export async function getBacktest(em: EntityManager, id: string): Promise<IBacktestRun | null> {
  if (!isUuid(id)) return null;
  return em.findOne(BacktestRun, { id });
}

export async function requireBacktest(em: EntityManager, id: string): Promise<IBacktestRun> {
  const run = await getBacktest(em, id);
  if (!run) throw notFound('Backtest', id);
  return run;
}

export async function listBacktests(
  em: EntityManager,
  filter: BacktestFilter | null | undefined,
  order: BacktestOrder | null | undefined,
  page: { limit: number; offset: number },
): Promise<{ items: IBacktestRun[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.status?.length) where.status = { $in: filter.status };
  if (filter?.strategy) where.strategy = strategyNameCondition(filter.strategy);
  if (filter?.symbol) where.symbols = { $contains: [filter.symbol.toUpperCase()] };
  if (filter?.nameContains) where.name = { $ilike: `%${filter.nameContains.replace(/[%_\\]/g, '\\$&')}%` };
  const column = order?.field ?? 'createdAt';
  const direction = order?.direction === 'ASC' ? 'asc nulls last' : 'desc nulls last';
  const [items, totalCount] = await em.findAndCount(BacktestRun, where, {
    orderBy: { [column]: direction, id: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return { items, totalCount };
}

export async function listTrades(
  em: EntityManager,
  runId: string,
  filter: TradeFilter | null | undefined,
  page: { limit: number; offset: number },
  order?: { field: TradeOrderField; direction: 'ASC' | 'DESC' } | null,
): Promise<{ items: IBacktestTrade[]; totalCount: number }> {
  const where: Record<string, unknown> = { run: runId };
  if (filter?.symbol) where.symbol = filter.symbol.toUpperCase();
  if (filter?.direction) where.direction = filter.direction;
  if (filter?.exitReason) where.exitReason = filter.exitReason;
  if (filter?.outcome === 'WIN') where.profitLoss = { $gt: 0 };
  if (filter?.outcome === 'LOSS') where.profitLoss = { $lte: 0 };
  const [items, totalCount] = await em.findAndCount(BacktestTrade, where, {
    orderBy: { [order?.field ?? 'seq']: order?.direction === 'DESC' ? 'desc' : 'asc', seq: 'asc' },
    limit: page.limit,
    offset: page.offset,
  });
  return { items, totalCount };
}

export async function cancelBacktest(services: AppServices, em: EntityManager, id: string): Promise<IBacktestRun> {
  const run = await requireBacktest(em, id);
  if (TERMINAL_STATUSES.has(run.status)) {
    throw new AppError('CONFLICT', `Backtest ${id} is already ${run.status} and cannot be cancelled`, { status: run.status });
  }
  // Conditional update: a job finishing at the same moment wins or loses atomically, never both.
  const changed = await em.nativeUpdate(
    BacktestRun,
    { id, status: { $in: [...ACTIVE_STATUSES] } },
    { status: 'CANCELLED', completedAt: new Date() },
  );
  await em.refresh(run);
  if (changed === 0) throw new AppError('CONFLICT', `Backtest ${id} finished before it could be cancelled`, { status: run.status });
  await services.boss.cancel(QUEUES.backtest, id).catch(() => {});
  publishProgress(services, progressEventOf(run, 'Cancelled by request'));
  publishRunChange(services, 'UPDATED', id);
  return run;
}

export async function deleteBacktest(services: AppServices, em: EntityManager, id: string): Promise<boolean> {
  const run = await requireBacktest(em, id);
  if (!TERMINAL_STATUSES.has(run.status)) await cancelBacktest(services, em, id);
  // Trades and metrics go with the run (ON DELETE CASCADE).
  await em.nativeDelete(BacktestRun, { id });
  publishRunChange(services, 'DELETED', id);
  return true;
}

export interface BacktestSummary {
  readonly totalRuns: number;
  readonly byStatus: Array<{ status: RunStatus; count: number }>;
  readonly averageWinRate: number | null;
  readonly averageRoi: number | null;
  readonly averageSharpeRatio: number | null;
  readonly bestWinRate: number | null;
  readonly bestRoi: number | null;
  readonly bestSharpeRatio: number | null;
  readonly bestRunId: string | null;
}

/** Counts by status, and averages and bests of win rate, ROI and Sharpe over completed runs; the best run is the one with the highest ROI. */
export async function backtestSummary(em: EntityManager): Promise<BacktestSummary> {
  const connection = em.getConnection();
  const byStatus = (await connection.execute(
    'SELECT status, count(*)::int AS count FROM backtest_run GROUP BY status ORDER BY status',
  )) as Array<{ status: RunStatus; count: number }>;
  const [aggregates] = (await connection.execute(`
    SELECT avg(win_rate) AS avg_win_rate, avg(roi) AS avg_roi, avg(sharpe_ratio) AS avg_sharpe,
           max(win_rate) AS best_win_rate, max(roi) AS best_roi, max(sharpe_ratio) AS best_sharpe,
           (SELECT id FROM backtest_run WHERE status = 'COMPLETED' ORDER BY roi DESC NULLS LAST, created_at LIMIT 1) AS best_run_id
    FROM backtest_run WHERE status = 'COMPLETED'`)) as Array<Record<string, number | string | null>>;
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    totalRuns: byStatus.reduce((sum, row) => sum + row.count, 0),
    byStatus,
    averageWinRate: num(aggregates.avg_win_rate),
    averageRoi: num(aggregates.avg_roi),
    averageSharpeRatio: num(aggregates.avg_sharpe),
    bestWinRate: num(aggregates.best_win_rate),
    bestRoi: num(aggregates.best_roi),
    bestSharpeRatio: num(aggregates.best_sharpe),
    bestRunId: (aggregates.best_run_id as string | null) ?? null,
  };
}

/** The columns a progress event is made of (progressEventOf), so a finished run's event can be read without its results. */
export const PROGRESS_FIELDS = ['id', 'status', 'progress', 'barsProcessed', 'totalBars', 'finalEquity', 'totalTrades', 'liveEquity', 'error', 'stoppedReason', 'dataReport'] as const;

export function progressEventOf(run: Pick<IBacktestRun, (typeof PROGRESS_FIELDS)[number]>, message: string | null = null, currentEquity: number | null = null, tradesSoFar?: number): BacktestProgressEvent {
  return {
    backtestId: run.id,
    status: run.status,
    progress: run.progress,
    barsProcessed: run.barsProcessed,
    totalBars: run.totalBars,
    // A run still going: the last point it saved (a page opened mid-run shows where it was, not 0 trades).
    currentEquity: currentEquity ?? run.finalEquity ?? run.liveEquity?.at(-1)?.equity ?? null,
    tradesSoFar: tradesSoFar ?? run.totalTrades ?? run.liveEquity?.at(-1)?.totalTrades ?? 0,
    message: message ?? run.error ?? run.stoppedReason ?? coverageNotice(run.dataReport),
  };
}

/** What the data did not cover (range-loader.ts), so a subscriber who missed the live notice still reads it. */
function coverageNotice(dataReport: Record<string, unknown> | null | undefined): string | null {
  const notices = dataReport?.notices;
  return Array.isArray(notices) && notices.length > 0 ? notices.join(' · ') : null;
}

export function publishProgress(services: AppServices, event: BacktestProgressEvent): void {
  services.pubsub.publish('backtestProgress', event.backtestId, event);
}

/** Tells run lists that a run appeared, changed status or stored progress, or went away. */
export function publishRunChange(services: AppServices, kind: BacktestChangeEvent['kind'], backtestId: string): void {
  services.pubsub.publish('backtestChanged', { kind, backtestId });
}
