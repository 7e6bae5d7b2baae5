import { enumeratePboSplits, type BlockStatistics, type PboPart, type PboSplits } from '../../engine/index.ts';
import { createThreadPool } from '../../threads/thread-pool.ts';
import { evaluateParamSets, type EvaluatedSet, type EvaluationTask } from './evaluate-params.ts';

/**
 * Where a worker process evaluates parameter sets: a pool of threads, one per core by default
 * (EVALUATION_THREADS; 0 evaluates on the job's own thread). Candles go to the threads as shared
 * memory (shared-candles.ts), so a task message carries only parameter sets and settings.
 */
export interface Evaluator {
  evaluate(task: EvaluationTask, signal?: AbortSignal): Promise<EvaluatedSet[]>;
  /**
   * One part of the Probability of Backtest Overfitting's splits (engine/validation/pbo.ts): at a sweep's end
   * the threads are idle, and the parts, on two of them, take half the time the whole takes on the event loop.
   */
  pboSplits(statistics: BlockStatistics, part: PboPart): Promise<PboSplits>;
  readonly threads: number;
  close(): Promise<void>;
}

declare module '../../services.ts' {
  interface AppServices {
    /** Where this process evaluates sweep parameter sets (a thread pool); null in a process that runs no jobs. */
    readonly evaluator: Evaluator | null;
  }
}

export interface PboSplitsTask {
  readonly statistics: BlockStatistics;
  readonly pboPart: PboPart;
}

export function createEvaluator(threads: number, onThreadError: (error: unknown) => void): Evaluator {
  if (threads === 0) {
    return {
      threads: 0,
      evaluate: async (task) => evaluateParamSets(task),
      pboSplits: async (statistics, part) => enumeratePboSplits(statistics, {}, part),
      close: async () => {},
    };
  }
  // A task a dying thread held fails, and its chunk job is retried.
  const pool = createThreadPool(new URL('./evaluation-thread.ts', import.meta.url), { threads, onThreadError });
  return {
    threads,
    evaluate: (task, signal) => pool.run(task, { signal }) as Promise<EvaluatedSet[]>,
    pboSplits: (statistics, pboPart) => pool.run({ statistics, pboPart } satisfies PboSplitsTask) as Promise<PboSplits>,
    close: () => pool.destroy(),
  };
}

