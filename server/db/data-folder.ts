import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database's data folder: its files, what state it is in, and the memory (outside
 * the folder) of which folders Candlelab initialised, so a folder that vanishes is reported rather
 * than silently replaced by an empty one.
 *
 *   <dataDir>/pg/                the PostgreSQL cluster (initdb'd into pg.init-<pid>, then renamed: never half-made)
 *   <dataDir>/credentials.json   the cluster's superuser name and password (0600)
 *   <dataDir>/postgres.json      the port the cluster listens on (kept across restarts)
 *   <dataDir>/supervisor.log     the supervisor's and PostgreSQL's log
 */
export const DATABASE_NAME = 'candlelab';

export const clusterDir = (dataDir: string) => path.join(dataDir, 'pg');
export const supervisorLog = (dataDir: string) => path.join(dataDir, 'supervisor.log');

/**
 * The supervisor's control socket. On Linux an abstract socket (no file): binding it is atomic and
 * the kernel releases it when the supervisor dies, however it dies, so "is a supervisor alive for
 * this folder?" has an exact answer. Elsewhere a socket file in the temp folder.
 */
export function supervisorSocket(dataDir: string): string {
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 32);
  return process.platform === 'linux' ? `\0candlelab-supervisor-${id}` : path.join(os.tmpdir(), `candlelab-supervisor-${id}.sock`);
}

export type ClusterState = { readonly kind: 'absent' } | { readonly kind: 'initialised'; readonly systemIdentifier: string } | { readonly kind: 'damaged'; readonly reason: string };

/** The files every initialised cluster has; a folder lacking one was not made by initdb or lost parts. */
const ESSENTIAL = ['PG_VERSION', 'global/pg_control', 'base', 'pg_wal'];

export async function inspectCluster(dataDir: string): Promise<ClusterState> {
  const dir = clusterDir(dataDir);
  if (!existsSync(dir)) return { kind: 'absent' };
  const missing = ESSENTIAL.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length) return { kind: 'damaged', reason: `${dir} is not a complete PostgreSQL cluster (missing ${missing.join(', ')})` };
  try {
    return { kind: 'initialised', systemIdentifier: await systemIdentifier(dir) };
  } catch (error) {
    return { kind: 'damaged', reason: `${dir}/global/pg_control cannot be read: ${(error as Error).message}` };
  }
}

/** The cluster's system identifier: the first 8 bytes of pg_control, unique per initdb. */
async function systemIdentifier(dir: string): Promise<string> {
  const handle = await open(path.join(dir, 'global', 'pg_control'), 'r');
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    if (bytesRead < 8) throw new Error('pg_control is truncated');
    return buffer.readBigUInt64LE(0).toString();
  } finally {
    await handle.close();
  }
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Created once with O_EXCL, so processes starting together can never end up with different passwords. */
export async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'credentials.json');
  const fresh: Credentials = { user: 'candlelab', password: randomBytes(18).toString('base64url') };
  try {
    await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  }
}

export const databaseUrl = (credentials: Credentials, port: number, database = DATABASE_NAME) =>
  `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

/** What Candlelab remembers of a data folder it initialised. */
export interface KnownFolder {
  readonly systemIdentifier: string;
  readonly initialisedAt: string;
}

/** The memory of initialised folders: one JSON file in CANDLELAB_STATE_DIR, keyed by the folder's absolute path. */
export class FolderRegistry {
  constructor(private readonly stateDir: string) {}

  private get file() {
    return path.join(this.stateDir, 'data-folders.json');
  }

  async get(dataDir: string): Promise<KnownFolder | null> {
    return (await this.read())[path.resolve(dataDir)] ?? null;
  }

  async remember(dataDir: string, folder: KnownFolder): Promise<void> {
    await mkdir(this.stateDir, { recursive: true });
    const all = await this.read();
    all[path.resolve(dataDir)] = folder;
    // Write-then-rename: a crash never leaves a half-written registry.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(all, null, 2));
    await rename(temporary, this.file);
  }

  private async read(): Promise<Record<string, KnownFolder>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, KnownFolder>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${this.file} cannot be read (${(error as Error).message}); fix or delete it`);
    }
  }
}

/**
 * Why a data folder must not be started, or null when it may be (initialised and recognised, or
 * never initialised). `reinitialise` accepts that a remembered folder is gone (CANDLELAB_REINITIALISE).
 */
export async function startRefusal(dataDir: string, registry: FolderRegistry, reinitialise: boolean): Promise<string | null> {
  const state = await inspectCluster(dataDir);
  if (state.kind === 'damaged') {
    return `the data folder ${dataDir} is damaged: ${state.reason}. Nothing was changed. Restore a backup (npm run db:restore -- <file>) or move the folder away to start empty.`;
  }
  const known = await registry.get(dataDir);
  if (state.kind === 'absent') {
    if (!known || reinitialise) return null;
    return `the database in ${dataDir} (initialised ${known.initialisedAt}) is gone: ${clusterDir(dataDir)} does not exist. Nothing was created. Restore a backup (npm run db:restore -- <file>), point CANDLELAB_DATA_DIR at the right folder, or set CANDLELAB_REINITIALISE=true once to start with an empty database.`;
  }
  if (known && known.systemIdentifier !== state.systemIdentifier && !reinitialise) {
    return `${clusterDir(dataDir)} holds a different database than the one Candlelab initialised there on ${known.initialisedAt} (system identifier ${state.systemIdentifier}, expected ${known.systemIdentifier}). Set CANDLELAB_REINITIALISE=true once if this one is right.`;
  }
  return null;
}
