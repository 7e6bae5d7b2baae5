import type { EntityManager } from '@mikro-orm/postgresql';
import { firstAtOrAfter, getStrategy, sliceSeries, type CandleSeries } from '../engine/index.ts';
import { fitScoreModel, marketFeatures, type MarketFeatures, type TrainingMarket } from '../engine/learning/index.ts';
import { parameterSpace } from '../engine/optimizer/index.ts';
import { OptimizationSweep, type IOptimizationSweep, type LearnedStart } from './optimization-sweep.entity.ts';

/**
 * Learning across markets in sweeps (engine/learning). Every single-symbol sweep keeps its market's
 * features; an ADAPTIVE sweep with learnedStart starts from the sets a model of the strategy's sweeps on
 * other markets predicts best for its own, decided once on its first attempt and stored, so a retried
 * coordinator asks exactly the same sets.
 */

/** Start sets: enough to seed the first generation's best region without crowding out its exploration. */
const START_SHARE = 0.05;
const MAX_START_SETS = 16;
/** In-sample rows read per training market (its best first): plenty to place the good regions. */
const ROWS_PER_MARKET = 5_000;

/** A market as learning keys it: symbol and timeframe. */
export const marketKey = (sweep: Pick<IOptimizationSweep, 'symbols' | 'timeframe'>) => `${sweep.symbols.join(',')} ${sweep.timeframe}`;

/** The features of a single-symbol sweep's market over its range (the history before it left out); null for several symbols. */
export function sweepMarketFeatures(sweep: IOptimizationSweep, data: ReadonlyMap<string, CandleSeries>): MarketFeatures | null {
  if (sweep.symbols.length !== 1) return null;
  const series = data.get(sweep.symbols[0]);
  if (!series) return null;
  return marketFeatures(sliceSeries(series, { start: firstAtOrAfter(series.openTime, sweep.startDate.getTime()), end: series.length }));
}

/**
 * Stores the market's features and, for an ADAPTIVE sweep that asks for it and has none yet, its learned
 * start. Returns the sweep as stored.
 */
export async function learnFromOtherMarkets(em: EntityManager, sweep: IOptimizationSweep, data: ReadonlyMap<string, CandleSeries>): Promise<IOptimizationSweep> {
  const features = sweep.marketFeatures ?? sweepMarketFeatures(sweep, data);
  const wantsStart = sweep.search.method === 'ADAPTIVE' && sweep.search.learnedStart === true && sweep.learnedStart === null;
  const learnedStart = wantsStart && features ? await proposeStart(em, sweep, features) : sweep.learnedStart;
  if (features !== sweep.marketFeatures || learnedStart !== sweep.learnedStart) {
    await em.nativeUpdate(OptimizationSweep, { id: sweep.id }, { marketFeatures: features, learnedStart });
    sweep.marketFeatures = features;
    sweep.learnedStart = learnedStart;
  }
  return sweep;
}

async function proposeStart(em: EntityManager, sweep: IOptimizationSweep, features: MarketFeatures): Promise<LearnedStart> {
  const spec = getStrategy(sweep.strategy);
  const space = spec && parameterSpace(spec, sweep.parameterRanges, sweep.baseParams);
  if (!space || 'errors' in space) return { sets: [], markets: [] };
  const training = await trainingMarkets(em, sweep.strategy, marketKey(sweep));
  const model = fitScoreModel(training);
  const count = Math.min(MAX_START_SETS, Math.max(1, Math.round((sweep.search.budget ?? 0) * START_SHARE)));
  const markets = model.weights(features).sort((a, b) => b.weight - a.weight);
  return { sets: model.proposeStart(features, space, count), markets };
}

/**
 * The strategy's completed single-symbol sweeps on other markets, one per market (the latest), with their
 * in-sample rows of the window a sweep chooses from.
 */
export async function trainingMarkets(em: EntityManager, strategy: string, exceptKey: string): Promise<TrainingMarket[]> {
  const sweeps = await em.find(OptimizationSweep, { strategy, status: 'COMPLETED', marketFeatures: { $ne: null } }, { orderBy: { completedAt: 'desc' } });
  const latest = new Map<string, IOptimizationSweep>();
  for (const s of sweeps) if (s.symbols.length === 1 && marketKey(s) !== exceptKey && !latest.has(marketKey(s))) latest.set(marketKey(s), s);
  const connection = em.getConnection();
  const out: TrainingMarket[] = [];
  for (const [key, s] of latest) {
    const window = s.validation?.walkForward ? s.validation.walkForward.windows : 0;
    const rows = (await connection.execute(
      `SELECT params, score FROM strategy_optimization WHERE sweep_id = ? AND "window" = ? AND phase = 'IN_SAMPLE' ORDER BY score DESC NULLS LAST LIMIT ?`,
      [s.id, window, ROWS_PER_MARKET],
    )) as Array<{ params: Record<string, number | boolean>; score: number | null }>;
    out.push({ key, features: s.marketFeatures!, rows });
  }
  return out;
}
