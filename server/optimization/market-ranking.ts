import { finalWindow, rankedRows, rowsAt } from './ranked-rows.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { fitOutcomeModel, marketFeatures, type MarketFeatures, type MarketOutcome } from '../engine/learning/index.ts';
import { coverage } from '../market-data/index.ts';
import { isInterval } from '../../domain/intervals.ts';
import { loadSeries } from '../market-data/index.ts';
import { OptimizationSweep, type IOptimizationSweep } from './optimization-sweep.entity.ts';
import { marketKey } from './learned-start.ts';

/**
 * Where a strategy works, learned across markets (engine/learning fitOutcomeModel). A market's outcome is
 * the out-of-sample Sharpe ratio of the set its latest validated sweep chose in sample: risk-adjusted, so
 * timeframes and symbols compare. Swept markets show their outcome beside what the others predict for
 * them (left out of their own prediction: how well the model would have known); markets given as
 * candidates get a prediction from their stored candles' features.
 */
export interface MarketRank {
  readonly symbol: string;
  readonly timeframe: string;
  readonly features: MarketFeatures | null;
  /** Out-of-sample Sharpe of the chosen set, null when the market was not swept with validation. */
  readonly observed: number | null;
  readonly sweepId: string | null;
  /** Kernel-weighted outcome of the other markets, null when there is none to learn from or no features. */
  readonly predicted: number | null;
}

/** Candle history a candidate's features are computed over (its last year). */
const CANDIDATE_SPAN_MS = 365 * 86_400_000;

export async function marketRanking(em: EntityManager, pool: Pool, strategy: string, candidates: ReadonlyArray<{ symbol: string; timeframe: string }>): Promise<MarketRank[]> {
  const swept = await outcomes(em, strategy);
  const model = fitOutcomeModel(swept.map((s) => s.outcome));
  const ranks: MarketRank[] = swept.map((s) => ({
    symbol: s.sweep.symbols[0],
    timeframe: s.sweep.timeframe,
    features: s.outcome.features,
    observed: s.outcome.outcome,
    sweepId: s.sweep.id,
    predicted: model.predict(s.outcome.features, s.outcome.key)?.value ?? null,
  }));
  const known = new Set(ranks.map((r) => `${r.symbol} ${r.timeframe}`));
  for (const candidate of candidates) {
    if (known.has(`${candidate.symbol} ${candidate.timeframe}`)) continue;
    known.add(`${candidate.symbol} ${candidate.timeframe}`);
    const features = await candidateFeatures(pool, candidate.symbol, candidate.timeframe);
    ranks.push({ ...candidate, features, observed: null, sweepId: null, predicted: features ? (model.predict(features)?.value ?? null) : null });
  }
  const order = (r: MarketRank) => r.predicted ?? Number.NEGATIVE_INFINITY;
  return ranks.sort((a, b) => order(b) - order(a) || `${a.symbol} ${a.timeframe}`.localeCompare(`${b.symbol} ${b.timeframe}`));
}

/** The latest validated single-symbol sweep per market, with its out-of-sample outcome. */
async function outcomes(em: EntityManager, strategy: string): Promise<Array<{ sweep: IOptimizationSweep; outcome: MarketOutcome }>> {
  const sweeps = await em.find(OptimizationSweep, { strategy, status: 'COMPLETED', marketFeatures: { $ne: null }, validation: { $ne: null } }, { orderBy: { completedAt: 'desc' } });
  const latest = new Map<string, IOptimizationSweep>();
  for (const s of sweeps) if (s.symbols.length === 1 && !latest.has(marketKey(s))) latest.set(marketKey(s), s);
  const out: Array<{ sweep: IOptimizationSweep; outcome: MarketOutcome }> = [];
  for (const [key, sweep] of latest) {
    const window = finalWindow(sweep);
    const [chosen] = await rankedRows(em, sweep, { window, phase: 'IN_SAMPLE', eligibleOnly: false, limit: 1 });
    if (!chosen) continue;
    const [tested] = await rowsAt(em, sweep, { window, phase: 'OUT_OF_SAMPLE' }, [chosen.paramsKey]);
    if (typeof tested?.sharpeRatio !== 'number') continue;
    out.push({ sweep, outcome: { key, features: sweep.marketFeatures!, outcome: tested.sharpeRatio } });
  }
  return out;
}

async function candidateFeatures(pool: Pool, symbol: string, timeframe: string): Promise<MarketFeatures | null> {
  if (!isInterval(timeframe)) return null;
  const stored = await coverage(pool, { symbol });
  if (stored.length === 0) return null;
  const lastMs = Math.max(...stored.map((row) => row.lastOpenTime));
  const { series } = await loadSeries(pool, symbol, timeframe, lastMs - CANDIDATE_SPAN_MS, lastMs + 1, Date.now());
  return marketFeatures(series);
}
