import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ResultSummary } from '../../backtest/metric-columns.ts';
import { evaluateParamSets, type EvaluationTask } from './evaluate-params.ts';

/**
 * Where a worker process evaluates parameter sets: a pool of threads, one per core by default
 * (EVALUATION_THREADS; 0 evaluates on the job's own thread). Candles go to the threads as shared
 * memory (shared-candles.ts), so a task message carries only parameter sets and settings.
 */
export interface Evaluator {
  evaluate(task: EvaluationTask, signal?: AbortSignal): Promise<ResultSummary[]>;
  readonly threads: number;
  close(): Promise<void>;
}

const THREAD_FILE = path.join(import.meta.dirname, 'evaluation-thread.ts');

export function createEvaluator(threads: number, onThreadError: (error: unknown) => void): Evaluator {
  if (threads === 0) {
    return { threads: 0, evaluate: async (task) => evaluateParamSets(task), close: async () => {} };
  }
  // Threads load TypeScript like the process does: tsx registered in each one.
  const execArgv = process.execArgv.includes('tsx') ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const pool = new Piscina({
    filename: pathToFileURL(THREAD_FILE).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    execArgv,
  });
  // A thread that dies outside a task (e.g. while starting as the process stops) must not take the
  // process with it: Piscina replaces it, and a task it held fails and its chunk job is retried.
  pool.on('error', onThreadError);
  return {
    threads,
    evaluate: (task, signal) => pool.run(task, { signal }) as Promise<ResultSummary[]>,
    close: () => pool.destroy(),
  };
}

export const defaultEvaluationThreads = () => availableParallelism();
