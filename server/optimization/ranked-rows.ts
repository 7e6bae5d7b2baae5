import { raw, type EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { compareRanked } from '../engine/optimizer/index.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import { StrategyOptimization, type IStrategyOptimization } from './strategy-optimization.entity.ts';
import type { RowPhase } from './sweep-spec.ts';

/**
 * A sweep's rows of one window and phase in ranking order: rows with at least the sweep's minTrades
 * first, then by score, ties broken by the canonical parameter key (deterministic).
 */
export async function rankedRows(
  em: EntityManager,
  sweep: IOptimizationSweep,
  options: { window: number; phase: RowPhase; eligibleOnly: boolean; minTrades?: number | null; limit?: number; offset?: number },
): Promise<IStrategyOptimization[]> {
  const qb = em
    .createQueryBuilder(StrategyOptimization, 'o')
    .where({ sweep: sweep.id, window: options.window, phase: options.phase })
    .orderBy({ [raw(`(o.total_trades >= ${Number(sweep.minTrades)})`)]: 'desc', score: 'desc nulls last', paramsKey: 'asc' });
  if (options.eligibleOnly) qb.andWhere({ totalTrades: { $gte: sweep.minTrades } });
  if (options.minTrades) qb.andWhere({ totalTrades: { $gte: options.minTrades } });
  if (options.limit !== undefined) qb.limit(options.limit, options.offset);
  return qb.getResultList();
}

/** A sweep's rows at one place (window and phase) with the given parameter keys. */
export async function rowsAt(em: EntityManager, sweep: IOptimizationSweep, place: { window: number; phase: RowPhase }, keys: readonly string[]): Promise<IStrategyOptimization[]> {
  if (keys.length === 0) return [];
  return em.find(StrategyOptimization, { sweep: sweep.id, window: place.window, phase: place.phase, paramsKey: { $in: [...keys] } });
}

/** The rows of a sweep at a place ($1 sweep, $2 window, $3 phase) whose parameter sets are among the keys ($4). */
const ROWS_OF_KEYS_AT = 'FROM strategy_optimization WHERE sweep_id = $1 AND "window" = $2 AND phase = $3 AND params_key = ANY($4::text[])';

/**
 * Only the parameter key, score and trade count of the rows at one place among `keys`: what a stage waits
 * for and a search is told, without an entity mapped per row. Through pg with bound parameters: the ORM
 * would quote the thousand keys into the statement's text character by character.
 */
export async function scoresAt(pool: pg.Pool, sweep: IOptimizationSweep, place: { window: number; phase: RowPhase }, keys: readonly string[]): Promise<Array<{ paramsKey: string; score: number | null; totalTrades: number | null }>> {
  const { rows } = await pool.query<{ params_key: string; score: number | null; total_trades: number | null }>(
    `SELECT params_key, score, total_trades ${ROWS_OF_KEYS_AT}`,
    [sweep.id, place.window, place.phase, keys],
  );
  return rows.map((row) => ({ paramsKey: row.params_key, score: row.score, totalTrades: row.total_trades }));
}

/** How many of `keys` have a row at the place: scoresAt's length, counted by the database (a sweep polls it while its chunks run). */
export async function storedCountAt(pool: pg.Pool, sweep: IOptimizationSweep, place: { window: number; phase: RowPhase }, keys: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n ${ROWS_OF_KEYS_AT}`,
    [sweep.id, place.window, place.phase, keys],
  );
  return rows[0].n;
}

/** The window whose choice is the sweep's answer: 0, or under walk-forward the last (the newest data). */
export const finalWindow = (sweep: IOptimizationSweep): number => sweep.validation?.walkForward?.windows ?? 0;

/** The best eligible in-sample row of a window: by default the final one. */
export async function bestOfSweep(em: EntityManager, sweep: IOptimizationSweep, window = finalWindow(sweep)): Promise<IStrategyOptimization | null> {
  const [best] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: true, limit: 1 });
  return best ?? null;
}

/** The same order as rankedRows, for rows scored in memory. */
export function rankInMemory<T extends { totalTrades?: number | null; score?: number | null; paramsKey: string }>(rows: T[], minTrades: number): T[] {
  return rows
    .map((row) => ({ row, score: row.score ?? null, eligible: (row.totalTrades ?? 0) >= minTrades, key: row.paramsKey }))
    .sort((a, b) => compareRanked({ ...a, row: { key: a.key } }, { ...b, row: { key: b.key } }))
    .map((entry) => entry.row);
}
