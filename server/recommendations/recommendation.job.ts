import { QUEUES, type RecommendJobData } from '../jobs/queues.ts';
import { defineJob } from '../jobs/runner.ts';
import { statelessLifecycle } from '../jobs/stateless-lifecycle.ts';
import { OptimizationSweep } from '../optimization/index.ts';
import type { AppServices } from '../services.ts';
import { crossSweepDrafts, marketEntries } from './cross-sweep-recommendations.ts';
import { SweepMarket } from './evidence-runs.ts';
import { parameterDrafts } from './parameter-recommendations.ts';
import { storeDraft } from './recommendation-draft.ts';
import { riskDrafts } from './risk-recommendations.ts';
import { loadUserStrategies } from '../strategies/index.ts';

/**
 * Draws recommendations. After a sweep completes: PARAMETERS (parameter-recommendations.ts) and RISK
 * (risk-recommendations.ts) from it, then SYMBOL and TIMEFRAME across every validated sweep of its
 * strategy (cross-sweep-recommendations.ts). On demand (generateRecommendations): the cross-sweep ones
 * for a strategy or for all. Each draft is stored once (its dedupe key), emitted PENDING or stored
 * REJECTED with its reason. Idempotent: a retried job finds what it stored.
 */
export const recommendJob = defineJob<RecommendJobData>({
  queue: QUEUES.recommend,
  lifecycle: statelessLifecycle((data) => ('sweepId' in data ? `Recommendations from sweep ${data.sweepId}` : `Recommendations across the sweeps of ${data.strategy ?? 'every strategy'}`)),
  run: ({ services, job }) => ('sweepId' in job.data ? recommendFromSweep(services, job.data.sweepId) : recommendAcrossSweeps(services, job.data.strategy)),
});

export async function recommendFromSweep(services: AppServices, sweepId: string): Promise<void> {
  const em = services.orm.em.fork();
  const sweep = await em.findOne(OptimizationSweep, { id: sweepId });
  if (!sweep || sweep.status !== 'COMPLETED') return;
  await loadUserStrategies(em, [sweep.strategy]);
  let market: Promise<SweepMarket> | null = null;
  const loadMarket = () => (market ??= SweepMarket.load(services, sweep));
  for (const draft of await parameterDrafts(em, sweep, loadMarket)) await storeDraft(services, draft);
  // Around the current parameters, so applying it changes only the risk settings of what runs now.
  for (const draft of await riskDrafts(em, sweep, sweep.baseParams, loadMarket)) await storeDraft(services, draft);
  await recommendAcrossSweeps(services, sweep.strategy);
  await em.nativeUpdate(OptimizationSweep, { id: sweep.id }, { recommendedAt: new Date() });
  services.pubsub.publish('recommendationsDrawn', { sweepId: sweep.id });
}

export async function recommendAcrossSweeps(services: AppServices, strategy: string | null): Promise<void> {
  const em = services.orm.em.fork();
  const strategies = strategy
    ? [strategy]
    : ((await em.getConnection().execute(`SELECT DISTINCT strategy FROM optimization_sweep WHERE status = 'COMPLETED'`)) as Array<{ strategy: string }>).map((row) => row.strategy);
  for (const name of strategies) {
    for (const draft of await crossSweepDrafts(services, em, await marketEntries(em, name))) await storeDraft(services, draft);
  }
}
