import type { ReliabilityFigure } from './figures.ts';
import { killPostmasterAtEveryStage } from './postmaster-kills.ts';

/** The postmaster SIGKILLed at every stage of a run and of a sweep under one `npm start` process. */
export const postmasterKillFigure: ReliabilityFigure = {
  name: 'PostgreSQL restarts under running jobs',
  async run() {
    const started = performance.now();
    const report = await killPostmasterAtEveryStage();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const weather = report.output.split('\n').filter((line) => /met a (database outage|full disk)|met an error during a database outage/.test(line)).length;
    const lines = [
      `postmaster SIGKILLs survived: ${report.survived}/${report.tried} (one at each of: ${report.stages.join(', ')}); the supervisor restarted PostgreSQL each time, the one app process carried on (exit ${report.exitCode} on SIGTERM at the end), ${seconds} s in all`,
      `jobs handed back after meeting an outage: ${weather}`,
      ...report.jobs.map((job) => `${job.kind}: last event seen by its subscriber ${job.lastEvent}; job ${job.jobState}; results ${job.fingerprint === job.reference ? 'identical to' : 'DIFFERENT from'} an uninterrupted run`),
    ];
    const held =
      report.tried > 0 && report.survived === report.tried && report.exitCode === 0 && report.jobs.every((job) => job.lastEvent === 'COMPLETED' && job.jobState === 'completed' && job.fingerprint === job.reference);
    return { lines, held };
  },
};
