import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../market-data/import/binance-archive.ts';
import { type RunningProcess, startProcess } from '../../harness/processes.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const START = Date.UTC(2024, 0, 1);

/** `npm run import` and `npm run import:funding` as real processes against the data folder of a running `npm start`. */
describe('import script', () => {
  let dataDir: string;
  let archives: string;
  let app: RunningProcess;
  const env = () => ({ CANDLELAB_DATA_DIR: dataDir, CANDLELAB_STATE_DIR: path.join(dataDir, 'state'), CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', PORT: '0' });

  function runImport(args: string[], script = 'server/scripts/import.ts'): Promise<{ code: number | null; output: string }> {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...inherited, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-import-'));
    archives = path.join(dataDir, 'archives');
    await mkdir(archives);
    const csv = (day: number, skip: number | null) =>
      Array.from({ length: 288 }, (_, i) => START + day * 86_400_000 + i * 300_000)
        .filter((_, i) => i !== skip)
        .map((t) => `${t},1.5,1.6,1.4,1.55,100,${t + 299_999},150,5,50,75,0`)
        .join('\n');
    const day1 = zipSync({ 'ABCUSDT-5m-2024-01-01.csv': strToU8(csv(0, null)) });
    const day2 = zipSync({ 'ABCUSDT-5m-2024-01-02.csv': strToU8(csv(1, 7)) });
    await writeFile(path.join(archives, 'ABCUSDT-5m-2024-01-01.zip'), day1);
    await writeFile(path.join(archives, 'ABCUSDT-5m-2024-01-01.zip.CHECKSUM'), `${sha256Hex(day1)}  ABCUSDT-5m-2024-01-01.zip\n`);
    await writeFile(path.join(archives, 'ABCUSDT-5m-2024-01-02.zip'), day2);
    app = startProcess('server/main.ts', env());
    await app.waitForLine(/Candlelab is running/);
  });

  afterAll(async () => {
    await app?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('imports a directory of archives while the app runs, idempotently, listing missing candles', async () => {
    const first = await runImport([archives]);
    expect(first.output).toContain('ABCUSDT 5m: 575 rows in 2 file(s), 575 new candles');
    expect(first.code).toBe(0);
    expect(first.output).toContain('1 checksum(s) verified');
    expect(first.output).toContain('1 missing candle(s) in 1 gap(s)');
    expect(first.output).toContain(new Date(START + 86_400_000 + 7 * 300_000).toISOString());
    // It used the app's PostgreSQL rather than starting a second one on the same folder.
    expect(app.child.exitCode).toBeNull();

    const second = await runImport([archives]);
    expect(second.output).toContain('575 rows in 2 file(s), 0 new candles');

    const bad = await runImport([path.join(archives, 'nope.zip')]);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/Import refused \(UNREADABLE\): .*no such file/);
    const noSymbol = await runImport([path.join(archives, '..')]);
    expect(noSymbol.code).toBe(1);
  });

  it('imports funding CSV while the app runs: all of a good file, once; nothing of a file with a bad row', async () => {
    const good = path.join(dataDir, 'funding.csv');
    await writeFile(good, 'symbol,fundingTime,fundingRate\nABCUSDT,1704067200000,0.0001\nABCUSDT,1704096000000,-0.0002\n');
    const first = await runImport([good], 'server/scripts/import-funding.ts');
    expect(first.code).toBe(0);
    expect(first.output).toContain('ABCUSDT: 2 settlements 2024-01-01T00:00:00.000Z → 2024-01-01T08:00:00.000Z, 2 new');
    expect((await runImport([good], 'server/scripts/import-funding.ts')).output).toContain(', 0 new');
    const bad = path.join(dataDir, 'bad-funding.csv');
    await writeFile(bad, 'time,rate\n1704124800000,0.0001\n1704153600000,x\n');
    const refused = await runImport([bad, '--symbol', 'ABCUSDT'], 'server/scripts/import-funding.ts');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/Import failed, nothing stored: line 3: "x" is not a funding rate/);
    // Nothing of it landed: importing its good row alone is new.
    await writeFile(bad, 'time,rate\n1704124800000,0.0001\n');
    expect((await runImport([bad, '--symbol', 'ABCUSDT'], 'server/scripts/import-funding.ts')).output).toContain('1 new');
  });
});
