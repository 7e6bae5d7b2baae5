import type { ReliabilityFigure } from './figure.ts';
import { canMountFilesystems, fillTheDiskUnderARun } from './full-disk.ts';
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

/** The data folder's disk filled (a size-limited tmpfs) under a running job, then freed. */
export const fullDiskFigure: ReliabilityFigure = {
  name: 'A full disk under a running job',
  async run() {
    if (!(await canMountFilesystems())) return { lines: ['not measured: this process may not mount a filesystem (needs root with CAP_SYS_ADMIN)'], held: true };
    const started = performance.now();
    const report = await fillTheDiskUnderARun();
    const { whileFull } = report;
    const lines = [
      `data folder on a 192 MB tmpfs filled to ENOSPC while a backtest ran: while full, runBacktest → ${whileFull.runBacktest}, importCandles → ${whileFull.importCandles}, queries → ${whileFull.reads}`,
      `once the filler was deleted: the run in flight ${report.inFlight.lastEvent} (it met the full disk: ${report.inFlight.metFullDisk ? 'yes' : 'no'}), a new run ${report.afterwards}; the process carried on (exit ${report.exitCode} on SIGTERM), ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
    ];
    const coded = (code: string) => code === 'data' || code === 'STORAGE_FULL';
    const held = whileFull.importCandles === 'STORAGE_FULL' && coded(whileFull.runBacktest) && whileFull.reads === 'data' && report.inFlight.lastEvent === 'COMPLETED' && report.afterwards === 'COMPLETED' && report.exitCode === 0;
    return { lines, held };
  },
};
