import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { startThrowawayPostgres } from '../../db/throwaway-postgres.ts';
import { createLogger } from '../../logger.ts';
import { startProcess, type RunningProcess } from '../../harness/processes.ts';

const READY = /Candlelab is running at|Worker ready/;

/** The embedded PostgreSQL under faults: processes die, PostgreSQL dies, its supervisor dies, its folder goes. */
describe('embedded PostgreSQL under faults', () => {
  const started: RunningProcess[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill('SIGKILL')));
    for (const folder of folders) {
      // A supervisor whose clients were SIGKILLed stops PostgreSQL itself; kill any left so the folder can go.
      const pid = Number((await readFile(path.join(folder, 'data', 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  });

  async function workspace() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'candlelab-faults-'));
    folders.push(root);
    // Run as root, PostgreSQL runs as the postgres user, which must be able to reach the data folder.
    await chmod(root, 0o711);
    const env = {
      CANDLELAB_DATA_DIR: path.join(root, 'data'),
      CANDLELAB_STATE_DIR: path.join(root, 'state'),
      CANDLELAB_SERVE_WEB: 'false',
      CANDLELAB_SAMPLE_DATA: 'false',
      CANDLELAB_INPROCESS_WORKER: 'false',
      DATABASE_URL: '',
    };
    const start = async (script: 'server/main.ts' | 'server/worker.ts', extra: Record<string, string> = {}) => {
      const port = script === 'server/main.ts' ? await freePort() : 0;
      const child = startProcess(script, { ...env, PORT: String(port), ...extra });
      started.push(child);
      return Object.assign(child, { port });
    };
    return { root, dataDir: env.CANDLELAB_DATA_DIR, start };
  }

  /** Asks an API for the run count until it answers with data; every answer before that must be a coded error. */
  async function count(port: number, attempts = 10): Promise<number> {
    for (let i = 0; i < attempts; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ backtests { totalCount } }' }),
      });
      const body = (await response.json()) as { data?: { backtests: { totalCount: number } }; errors?: Array<{ extensions?: { code?: string } }> };
      if (body.data) return body.data.backtests.totalCount;
      expect(body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    }
    throw new Error(`API on port ${port} did not recover`);
  }

  const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);

  it('keeps every other process working when an API, the postmaster or the supervisor is killed; a deleted folder stops them all and is never replaced', async () => {
    const { dataDir, start } = await workspace();
    const first = await start('server/main.ts');
    await first.waitForLine(READY);
    const second = await start('server/main.ts');
    const worker = await start('server/worker.ts');
    await Promise.all([second.waitForLine(READY), worker.waitForLine(READY)]);
    expect(await count(second.port)).toBe(0);

    // The process that started the database dies hard: nothing else notices.
    await first.kill('SIGKILL');
    expect(await count(second.port)).toBe(0);

    // One stops gracefully: PostgreSQL stays for the others.
    expect(await second.kill('SIGTERM')).toBe(0);
    const third = await start('server/main.ts');
    await third.waitForLine(READY);
    expect(await count(third.port)).toBe(0);
    expect(worker.child.exitCode).toBeNull();

    // PostgreSQL itself is killed: its supervisor restarts it on the same port; clients carry on.
    const postmaster = postmasterPid(dataDir);
    const supervisor = parentOf(postmaster);
    process.kill(postmaster, 'SIGKILL');
    await third.waitForLine(/Embedded PostgreSQL restarted on port/);
    expect(await count(third.port)).toBe(0);

    // The supervisor is killed: a new one adopts the running PostgreSQL.
    process.kill(supervisor, 'SIGKILL');
    await third.waitForLine(/Reconnected to the database supervisor/).catch(async (error: Error) => {
      const { readdir } = await import('node:fs/promises');
      throw new Error(`${error.message}\nfiles: ${(await readdir(dataDir)).join(' ')}\nsupervisor.log:\n${await readFile(path.join(dataDir, 'supervisor.log'), 'utf8')}\nworker:\n${worker.output()}`);
    });
    expect(await count(third.port)).toBe(0);
    const lateWorker = await start('server/worker.ts');
    await lateWorker.waitForLine(READY);

    // The data folder is deleted under everyone: all exit with one line, none carries on or starts afresh.
    // PostgreSQL writes WAL files into the folder until its supervisor notices it going: retry an ENOTEMPTY
    // (one such race failed this test under load), as `rm -rf` run again would.
    await rm(path.join(dataDir, 'pg'), { recursive: true, force: true, maxRetries: 10 });
    for (const process of [third, worker, lateWorker]) {
      expect(await process.exited).toBe(1);
      const lines = process.output().split('\n').filter((line) => line.startsWith('Candlelab stopped:'));
      expect(lines, `${process.output()}\n--- supervisor.log:\n${await readFile(path.join(dataDir, 'supervisor.log'), 'utf8').catch(() => '')}`).toEqual([
        // Said by the supervisor that saw the folder go, or by the one a process reconnecting at that moment started.
        expect.stringMatching(/^Candlelab stopped: the database is lost: .*(pg was deleted while PostgreSQL was running|pg does not exist\. Nothing was created\.)/),
      ]);
    }

    const afterLoss = await start('server/main.ts');
    expect(await afterLoss.exited).toBe(1);
    expect(afterLoss.output()).toMatch(/^Candlelab could not start: the database in .* \(initialised .*\) is gone: .*pg does not exist\. Nothing was created\./m);
    expect(afterLoss.output()).not.toMatch(/Initialising/);

    const fresh = await start('server/main.ts', { CANDLELAB_REINITIALISE: 'true' });
    await fresh.waitForLine(READY);
    expect(fresh.output()).toMatch(/Initialising embedded PostgreSQL/);
    expect(await count(fresh.port)).toBe(0);
    expect(await fresh.kill('SIGTERM')).toBe(0);
  }, 180_000);

  it('refuses a damaged data folder, saying what it found', async () => {
    const { dataDir, start } = await workspace();
    await mkdir(path.join(dataDir, 'pg'), { recursive: true });
    await writeFile(path.join(dataDir, 'pg', 'PG_VERSION'), '18\n');
    const api = await start('server/main.ts');
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/^Candlelab could not start: the data folder .* is damaged: .*pg is not a complete PostgreSQL cluster \(missing global\/pg_control, base, pg_wal\)/m);
  });

  it('starts safely when several processes start at once on a new folder', async () => {
    const { dataDir, start } = await workspace();
    const all = await Promise.all([start('server/main.ts'), start('server/main.ts'), start('server/worker.ts'), start('server/worker.ts')]);
    await Promise.all(all.map((p) => p.waitForLine(READY)));
    for (const p of all) expect(p.output()).not.toMatch(/duplicate key|could not start/i);
    expect(await count(all[0].port)).toBe(0);
    expect(await count(all[1].port)).toBe(0);
    const exits = await Promise.all(all.map(async (p) => ({ code: await p.kill('SIGTERM'), signal: p.child.signalCode })));
    expect(exits, all.map((p) => p.output()).join('\n---\n')).toEqual(all.map(() => ({ code: 0, signal: null })));
    // The last one out stopped PostgreSQL.
    await expect(readFile(path.join(dataDir, 'pg', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
  });

  it('with DATABASE_URL, answers DATABASE_UNAVAILABLE while the server is away and exits with one line once it stays away', async () => {
    const postgres = await startThrowawayPostgres(createLogger('warn', 'faults-pg'));
    let stopped = false;
    try {
      const port = await freePort();
      const api = startProcess('server/main.ts', { DATABASE_URL: postgres.url, PORT: String(port), CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', CANDLELAB_INPROCESS_WORKER: 'false', CANDLELAB_DB_LOST_SECONDS: '3' });
      started.push(api);
      await api.waitForLine(READY);
      await postgres.stop();
      stopped = true;
      const during = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ backtests { totalCount } }' }) });
      expect(((await during.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(await api.exited).toBe(1);
      expect(api.output().split('\n').filter((line) => line.startsWith('Candlelab stopped:'))).toEqual([
        expect.stringMatching(/^Candlelab stopped: the database at 127\.0\.0\.1:\d+\/candlelab has not answered for \d+ s \(CANDLELAB_DB_LOST_SECONDS=3/),
      ]);
    } finally {
      if (!stopped) await postgres.stop();
    }
  });
});
