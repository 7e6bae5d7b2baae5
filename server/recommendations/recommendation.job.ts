import { randomUUID } from 'node:crypto';
import { paramsKey, sweptAxes } from '../engine/optimizer/grid.ts';
import { neighbourSupport } from '../engine/optimizer/neighbours.ts';
import { QUEUES, type RecommendJobData } from '../jobs/queues.ts';
import { defineJob } from '../jobs/runner.ts';
import { statelessLifecycle } from '../jobs/stateless-lifecycle.ts';
import { candleRangeOf, loadCandleRange } from '../market-data/range-loader.ts';
import { evaluateCombination } from '../optimization/evaluate.ts';
import { OptimizationSweep, type IOptimizationSweep } from '../optimization/optimization-sweep.entity.ts';
import { StrategyOptimization, type IStrategyOptimization } from '../optimization/strategy-optimization.entity.ts';
import type { AppServices } from '../services.ts';
import { OptimizationRecommendation } from './optimization-recommendation.entity.ts';

/**
 * Draws a parameter recommendation from a completed sweep: the best-scoring combination against the
 * sweep's current parameters (its base values), with the expected improvement, the evidence rows
 * (the best, its grid neighbours, the baseline) and a confidence from how many neighbours also beat
 * the baseline (engine/optimizer/neighbours.ts). No recommendation when nothing beats the baseline.
 * Idempotent: one recommendation per sweep, enforced by a unique key.
 */
export const recommendJob = defineJob<RecommendJobData>({
  queue: QUEUES.recommend,
  lifecycle: statelessLifecycle((data) => `The recommendation for sweep ${data.sweepId}`),
  run: ({ services, job }) => recommendFromSweep(services, job.data),
});

export async function recommendFromSweep(services: AppServices, data: RecommendJobData): Promise<void> {
  const em = services.orm.em.fork();
  const sweep = await em.findOne(OptimizationSweep, { id: data.sweepId });
  if (!sweep || sweep.status !== 'COMPLETED') return;
  if (await em.count(OptimizationRecommendation, { sweep: sweep.id })) return;

  const results = await em.find(StrategyOptimization, { sweep: sweep.id }, { orderBy: { score: 'desc', id: 'asc' } });
  const best = results[0];
  if (!best) return;
  const baseline = results.find((row) => row.paramsKey === paramsKey(sweep.baseParams)) ?? (await measureBaseline(services, sweep));
  if (best.paramsKey === baseline.paramsKey || !(best.score > baseline.score)) {
    services.log.info(`Sweep ${sweep.id}: no combination beats the current parameters; no recommendation`);
    return;
  }
  const support = neighbourSupport(best.params, results, sweptAxes(sweep.parameterRanges), baseline.score);
  const changed = Object.keys(best.params).filter((key) => best.params[key] !== sweep.baseParams[key]);
  const recommendation = em.create(OptimizationRecommendation, {
    id: randomUUID(),
    type: 'PARAMETERS',
    status: 'PENDING',
    sweep: sweep.id,
    strategy: sweep.strategy,
    symbols: sweep.symbols,
    timeframe: sweep.timeframe,
    currentParams: sweep.baseParams,
    recommendedParams: best.params,
    expectedWinRateImprovement: typeof best.winRate === 'number' && typeof baseline.winRate === 'number' ? best.winRate - baseline.winRate : null,
    expectedRoiImprovement: (best.roi ?? 0) - (baseline.roi ?? 0),
    confidenceScore: support.confidence,
    rationale:
      `Over ${sweep.symbols.join(', ')} ${sweep.timeframe} from ${sweep.startDate.toISOString().slice(0, 10)} to ${sweep.endDate.toISOString().slice(0, 10)}, ` +
      `changing ${changed.map((key) => `${key} ${sweep.baseParams[key]} → ${best.params[key]}`).join(', ')} scored ${best.score.toFixed(2)} ` +
      `against ${baseline.score.toFixed(2)} (ROI ${(best.roi ?? 0).toFixed(2)}% vs ${(baseline.roi ?? 0).toFixed(2)}%, ${best.totalTrades} vs ${baseline.totalTrades} trades). ` +
      `${support.supporting} of its ${support.neighbours.length} grid neighbours also beat the current parameters. ` +
      'In-sample only: not yet validated on unseen data.',
    createdAt: new Date(),
  });
  const evidence = [best, ...(support.neighbours as IStrategyOptimization[]), baseline];
  for (const row of new Set(evidence)) recommendation.evidence.add(em.getReference(StrategyOptimization, row.id));
  try {
    await em.flush();
  } catch (error) {
    // A concurrent attempt stored it first: that one stands.
    if ((error as { code?: string }).code === '23505') return;
    throw error;
  }
  services.pubsub.publish('recommendationCreated', { recommendationId: recommendation.id, sweepId: sweep.id });
}

/** The current parameters were not in the grid: measure them once, on the same data and settings. */
async function measureBaseline(services: AppServices, sweep: IOptimizationSweep): Promise<IStrategyOptimization> {
  const em = services.orm.em.fork();
  const { data } = await loadCandleRange(services, { ...candleRangeOf(sweep), fetchMissingData: false });
  const row = em.create(StrategyOptimization, { ...evaluateCombination(sweep, sweep.baseParams, data, { inSweep: false }), run: null });
  await em.flush();
  return row;
}
