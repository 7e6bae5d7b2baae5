import { createThreadPool } from '../../threads/thread-pool.ts';
import { evaluateParamSets, type EvaluatedSet, type EvaluationTask } from './evaluate-params.ts';

/**
 * Where a worker process evaluates parameter sets: a pool of threads, one per core by default
 * (EVALUATION_THREADS; 0 evaluates on the job's own thread). Candles go to the threads as shared
 * memory (shared-candles.ts), so a task message carries only parameter sets and settings.
 */
export interface Evaluator {
  evaluate(task: EvaluationTask, signal?: AbortSignal): Promise<EvaluatedSet[]>;
  readonly threads: number;
  close(): Promise<void>;
}

declare module '../../services.ts' {
  interface AppServices {
    /** Where this process evaluates sweep parameter sets (a thread pool); null in a process that runs no jobs. */
    readonly evaluator: Evaluator | null;
  }
}

export function createEvaluator(threads: number, onThreadError: (error: unknown) => void): Evaluator {
  if (threads === 0) {
    return { threads: 0, evaluate: async (task) => evaluateParamSets(task), close: async () => {} };
  }
  // A task a dying thread held fails, and its chunk job is retried.
  const pool = createThreadPool(new URL('./evaluation-thread.ts', import.meta.url), { threads, onThreadError });
  return {
    threads,
    evaluate: (task, signal) => pool.run(task, { signal }) as Promise<EvaluatedSet[]>,
    close: () => pool.destroy(),
  };
}

