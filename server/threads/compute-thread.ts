import { isMainThread } from 'node:worker_threads';
import { carryError } from './thread-errors.ts';
import { COMPUTE_THREAD_NICENESS, lowerThisThreadsPriority } from './thread-priority.ts';

// Without threads (QUERY_THREADS=0) computations run here, on the event loop, which keeps its priority.
if (!isMainThread) lowerThisThreadsPriority(COMPUTE_THREAD_NICENESS);

/**
 * A compute thread (compute.ts): calls the named export of the named module with the task's arguments.
 * Modules are imported once per thread and kept. The thread runs below the event loop's priority.
 */
export default async function compute(task: { module: string; name: string; args: unknown[] }): Promise<unknown> {
  const exports = (await import(task.module)) as Record<string, (...args: unknown[]) => unknown>;
  try {
    return await exports[task.name](...task.args);
  } catch (error) {
    throw carryError(error);
  }
}
