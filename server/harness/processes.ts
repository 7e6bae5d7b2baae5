import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Tests that start, freeze and kill app processes wait on several start-ups: on a busy machine that takes a while. */
export const PROCESS_TEST_TIMEOUT_MS = 150_000;

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the first output line matching, rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Resolves once `count` output lines match (the count-th of them), rejects if the process exits first. */
  waitForLines(pattern: RegExp, count: number): Promise<string>;
  readonly exited: Promise<number | null>;
  /** Resolves once all output has arrived: the process and everything it started that shares its pipes has exited. */
  readonly closed: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts one of the project's entry points (server/main.ts, server/worker.ts…) as a real OS process. */
export function startProcess(script: string, env: Record<string, string>, args: readonly string[] = []): RunningProcess {
  // `node --import tsx` rather than the tsx CLI: the CLI forks a second process, which a SIGKILL
  // aimed at the CLI would leave running.
  return watch(script, spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], spawnOptions(env)));
}

/** `npm run <name>` exactly as a user types it (npm relays signals to the script, as it does in a terminal). */
export function startNpmScript(name: string, env: Record<string, string>): RunningProcess {
  return watch(`npm run ${name}`, spawn('npm', ['run', '--silent', name], spawnOptions(env)));
}

const spawnOptions = (env: Record<string, string>) => ({
  cwd: ROOT,
  env: { ...process.env, LOG_LEVEL: 'info', ...env },
  stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  // Its own process group, so a test can signal it the way a terminal's Ctrl-C does (kill(-pid)).
  detached: true,
});

function watch(script: string, child: ChildProcess): RunningProcess {
  let output = '';
  const watchers: Array<{ pattern: RegExp; count: number; resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  /** The count-th line of the output matching, if there are that many. */
  const nthLine = (pattern: RegExp, count: number) => output.split('\n').filter((candidate) => pattern.test(candidate))[count - 1];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of [...watchers]) {
      const line = nthLine(watcher.pattern, watcher.count);
      if (line !== undefined) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(line);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Output ends when every process writing to the pipes has gone (npm's script outlives npm on Ctrl-C).
  let outputEnded = false;
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void closed.then(() => {
    outputEnded = true;
    for (const watcher of watchers.splice(0)) watcher.reject(new Error(`${script} exited before printing ${watcher.pattern}; output:\n${output}`));
  });
  const waitForLines = (pattern: RegExp, count: number): Promise<string> => {
    const line = nthLine(pattern, count);
    if (line !== undefined) return Promise.resolve(line);
    if (outputEnded) return Promise.reject(new Error(`${script} already exited; output:\n${output}`));
    return new Promise((resolve, reject) => watchers.push({ pattern, count, resolve, reject }));
  };
  return {
    child,
    output: () => output,
    exited,
    closed,
    waitForLine: (pattern) => waitForLines(pattern, 1),
    waitForLines,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
