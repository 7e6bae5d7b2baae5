import type { ReliabilityFigure } from './figure.ts';
import { FUZZ_TOKEN, startFuzzTarget } from './fuzz-target.ts';
import { fuzzHttp } from './http-fuzz.ts';

const RUNS = 10_000;

/** No request can end the process: generated raw HTTP requests against the app in a process of its own. */
export const httpFuzzFigure: ReliabilityFigure = {
  name: 'HTTP fuzz',
  async run(context) {
    const { app, port } = await startFuzzTarget(await context.createDatabase('fuzz'));
    try {
      const started = performance.now();
      const report = await fuzzHttp({ host: '127.0.0.1', port, token: FUZZ_TOKEN, runs: RUNS, seed: 20261206 });
      const seconds = (performance.now() - started) / 1000;
      const alive = app.child.exitCode === null && app.child.signalCode === null;
      const statuses = Object.entries(report.byStatus).sort(([a], [b]) => a.localeCompare(b)).map(([status, n]) => `${status} ${n}`).join(', ');
      return {
        lines: [
          `fuzz count: ${report.sent} generated raw HTTP requests (fast-check, seed 20261206; paths, methods, Host/Origin, bodies, upgrades) in ${seconds.toFixed(1)} s, 16 at a time`,
          `answers by status: ${statuses}`,
          `uncoded, internal or leaking answers: ${report.failures.length}; process alive after: ${alive ? 'yes' : 'NO'}`,
          ...report.failures.slice(0, 10).map((failure) => `  ${failure.problem}: ${failure.request}`),
        ],
        held: report.failures.length === 0 && alive,
      };
    } finally {
      await app.kill('SIGTERM');
    }
  },
};
