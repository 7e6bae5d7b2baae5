import { publishSweepProgress, sweepProgressEvent } from './sweep-progress.ts';
import type { OptimizeJobData } from '../jobs/queues.ts';
import { recordLifecycle } from '../jobs/record-lifecycle.ts';
import { OptimizationSweep } from './optimization-sweep.entity.ts';

/** A sweep's record through its job's life (jobs/record-lifecycle.ts); its chunks fail it through this too. */
export const sweepLifecycle = recordLifecycle<OptimizeJobData, import('./optimization-sweep.entity.ts').IOptimizationSweep>({
  entity: OptimizationSweep,
  idOf: (data) => data.sweepId,
  publish: (services, sweep, message) => publishSweepProgress(services, sweepProgressEvent(sweep, null, message)),
  onClaim: (sweep) => {
    sweep.progress = 0;
  },
});
