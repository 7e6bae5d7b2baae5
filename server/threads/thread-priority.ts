import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness of compute threads: the event loop (niceness 0) wins a contended core nine times in ten. */
export const COMPUTE_THREAD_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority, so its work yields the CPU to the event loop that
 * answers everyone. Linux keeps a niceness per thread, which setpriority reaches by the thread's id
 * (/proc/thread-self); elsewhere niceness is per process, and the thread keeps the process's.
 */
export function lowerThisThreadsPriority(niceness: number): void {
  if (process.platform !== 'linux') return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, niceness);
  } catch {
    // Without /proc, or refused: the thread runs at the process's priority, as it would elsewhere.
  }
}
