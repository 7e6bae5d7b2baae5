import { carryError } from './thread-errors.ts';

/**
 * A compute thread (compute.ts): calls the named export of the named module with the task's arguments.
 * Modules are imported once per thread and kept.
 */
export default async function compute(task: { module: string; name: string; args: unknown[] }): Promise<unknown> {
  const exports = (await import(task.module)) as Record<string, (...args: unknown[]) => unknown>;
  try {
    return await exports[task.name](...task.args);
  } catch (error) {
    throw carryError(error);
  }
}
