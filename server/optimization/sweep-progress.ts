import type { AppServices } from '../services.ts';
import type { IOptimizationSweep } from './optimization-sweep.entity.ts';
import type { OptimizationProgressEvent } from './optimization.events.ts';
import type { IStrategyOptimization } from './strategy-optimization.entity.ts';

/** A sweep's progress as its subscribers receive it, from the stored record and its best row so far. */
export function sweepProgressEvent(sweep: IOptimizationSweep, best: IStrategyOptimization | null, message: string | null = null): OptimizationProgressEvent {
  return {
    sweepId: sweep.id,
    status: sweep.status,
    progress: sweep.progress,
    completedEvaluations: sweep.completedEvaluations,
    totalEvaluations: sweep.totalEvaluations,
    evaluationsPerSecond: null,
    etaSeconds: null,
    stage: null,
    bestScore: best?.score ?? null,
    bestParams: best?.params ?? null,
    message: message ?? sweep.error ?? null,
  };
}

/** Publishes a sweep's progress to its subscribers, and tells sweep lists it changed. */
export function publishSweepProgress(services: AppServices, event: OptimizationProgressEvent): void {
  services.pubsub.publish('optimizationProgress', event.sweepId, event);
  services.pubsub.publish('sweepChanged', { kind: 'UPDATED', sweepId: event.sweepId });
}
