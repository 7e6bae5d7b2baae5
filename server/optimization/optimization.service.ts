import type { EntityManager } from '@mikro-orm/postgresql';
import type { Page } from '../graphql/connection.ts';
import { StrategyOptimization, type IStrategyOptimization } from './strategy-optimization.entity.ts';

export interface OptimizationFilter {
  readonly sweepId?: string | null;
  readonly strategy?: string | null;
  readonly symbol?: string | null;
  readonly minTrades?: number | null;
}

/**
 * The original notes' composite ranking score:
 *   win_rate × 0.4 + roi × 0.3 + sharpe × 0.2 + profit_factor × 0.1
 * with win rate and ROI in percent; a missing Sharpe or profit factor counts as 0.
 */
export function compositeScore(metrics: { winRate: number | null; roi: number; sharpeRatio: number | null; profitFactor: number | null }): number {
  return (metrics.winRate ?? 0) * 0.4 + metrics.roi * 0.3 + (metrics.sharpeRatio ?? 0) * 0.2 + (metrics.profitFactor ?? 0) * 0.1;
}

/** Stored parameter-set results, best score first. */
export async function listOptimizations(
  em: EntityManager,
  filter: OptimizationFilter | null | undefined,
  page: Page,
): Promise<{ items: IStrategyOptimization[]; totalCount: number }> {
  const where: Record<string, unknown> = {};
  if (filter?.sweepId) where.sweepId = filter.sweepId;
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
