import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
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

const THREAD_FILE = path.join(import.meta.dirname, 'evaluation-thread-boot.mjs');

/** The process's Node flags without its TypeScript loader, which the thread's entry registers itself (as ESM). */
export function threadExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (['--import', '--require', '--loader', '-r'].includes(argv[i]) && argv[i + 1]?.includes('tsx')) i++;
    else if (!/^--(import|require|loader)=.*tsx/.test(argv[i])) kept.push(argv[i]);
  }
  return kept;
}

export function createEvaluator(threads: number, onThreadError: (error: unknown) => void): Evaluator {
  if (threads === 0) {
    return { threads: 0, evaluate: async (task) => evaluateParamSets(task), close: async () => {} };
  }
  const pool = new Piscina({
    filename: pathToFileURL(THREAD_FILE).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    execArgv: threadExecArgv(process.execArgv),
  });
  // A thread that dies outside a task (e.g. while starting as the process stops) must not take the
  // process with it: Piscina replaces it, and a task it held fails and its chunk job is retried.
  pool.on('error', onThreadError);
  return {
    threads,
    evaluate: (task, signal) => pool.run(task, { signal }) as Promise<EvaluatedSet[]>,
    close: () => pool.destroy(),
  };
}

