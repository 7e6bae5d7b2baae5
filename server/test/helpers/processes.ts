import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Tests that start, freeze and kill app processes wait on several start-ups: on a busy machine that takes a while. */
export const PROCESS_TEST_TIMEOUT_MS = 150_000;

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the first output line matching, rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts one of the project's entry points (server/main.ts, server/worker.ts…) as a real OS process. */
export function startProcess(script: string, env: Record<string, string>, args: readonly string[] = []): RunningProcess {
  // `node --import tsx` rather than the tsx CLI: the CLI forks a second process, which a SIGKILL
  // aimed at the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can signal it the way a terminal's Ctrl-C does (kill(-pid)).
    detached: true,
  });
  let output = '';
  const watchers: Array<{ pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of [...watchers]) {
      const line = output.split('\n').find((candidate) => watcher.pattern.test(candidate));
      if (line !== undefined) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(line);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const watcher of watchers.splice(0)) watcher.reject(new Error(`${script} exited before printing ${watcher.pattern}; output:\n${output}`));
  });
  return {
    child,
    output: () => output,
    exited,
    waitForLine(pattern) {
      const line = output.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) return Promise.resolve(line);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`${script} already exited; output:\n${output}`));
      }
      return new Promise((resolve, reject) => watchers.push({ pattern, resolve, reject }));
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
