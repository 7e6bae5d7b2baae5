import { wakeWorkers } from '../jobs/enqueue.ts';
import { QUEUES, type RecommendJobData } from '../jobs/queues.ts';
import type { AppServices } from '../services.ts';

/** Queues a look across every completed sweep (of one strategy, or all) for SYMBOL and TIMEFRAME recommendations. */
export async function requestRecommendations(services: AppServices, strategy: string | null): Promise<boolean> {
  await services.boss.send(QUEUES.recommend, { acrossSweeps: true, strategy } satisfies RecommendJobData, { singletonKey: `across:${strategy ?? '*'}` });
  wakeWorkers(services, QUEUES.recommend);
  return true;
}
