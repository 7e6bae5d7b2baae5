import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

const BOOT_FILE = path.join(import.meta.dirname, 'thread-boot.mjs');

/** The process's Node flags without its TypeScript loader, which the thread's entry registers itself (as ESM). */
export function threadExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (['--import', '--require', '--loader', '-r'].includes(argv[i]) && argv[i + 1]?.includes('tsx')) i++;
    else if (!/^--(import|require|loader)=.*tsx/.test(argv[i])) kept.push(argv[i]);
  }
  return kept;
}

/**
 * A pool of `threads` worker threads running `module`'s default export (a TypeScript module, loaded
 * through thread-boot.mjs). A thread that dies outside a task must not take the process with it:
 * Piscina replaces it, and `onThreadError` hears of it.
 */
export function createThreadPool(module: URL, options: { threads: number; maxQueue?: number; onThreadError: (error: unknown) => void }): Piscina {
  const pool = new Piscina({
    filename: pathToFileURL(BOOT_FILE).href,
    workerData: { module: module.href },
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    execArgv: threadExecArgv(process.execArgv),
    ...(options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue }),
  });
  pool.on('error', options.onThreadError);
  return pool;
}
