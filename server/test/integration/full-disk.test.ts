import { describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from '../../harness/processes.ts';
import { canMountFilesystems, fillTheDiskUnderARun } from '../../reliability/full-disk.ts';

/**
 * A full disk, for real: the data folder sits on a size-limited tmpfs that is filled while a run is
 * in flight. Mounting needs root with CAP_SYS_ADMIN (CI and the containers here have it); elsewhere
 * the test is skipped and says so.
 */
const mountable = await canMountFilesystems();

describe('a full disk under a running job', () => {
  it.skipIf(!mountable)('answers coded errors while full and resumes everything once space is back, with no restart', async () => {
    const report = await fillTheDiskUnderARun();
    const context = `--- output (tail):\n${report.output.slice(-6000)}`;
    // Writes that still fit in allocated pages may pass; what cannot be stored is refused with STORAGE_FULL.
    expect(report.whileFull.importCandles, context).toBe('STORAGE_FULL');
    expect(['data', 'STORAGE_FULL'], context).toContain(report.whileFull.runBacktest);
    expect(report.whileFull.reads, context).toBe('data');
    expect(report.inFlight, context).toEqual({ metFullDisk: true, lastEvent: 'COMPLETED' });
    expect(report.afterwards, context).toBe('COMPLETED');
    expect(report.exitCode, context).toBe(0);
    expect(report.output).not.toMatch(/Unhandled promise rejection|Uncaught exception|poller met an unexpected error/);
  }, PROCESS_TEST_TIMEOUT_MS);

});
