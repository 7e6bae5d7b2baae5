import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { databaseLoss } from './database-loss.ts';
import { FolderRegistry, databaseUrl, loadOrCreateCredentials, startRefusal, supervisorLog, supervisorSocket } from './data-folder.ts';
import type { DatabaseSupervisionConfig } from './supervision-config.ts';
import type { ClientMessage, SupervisorMessage } from './supervisor.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SUPERVISOR_SCRIPT = path.join(import.meta.dirname, 'supervisor.ts');
const READY_TIMEOUT_MS = 120_000;

export interface SupervisedDatabase {
  readonly url: string;
  /** Leaves the supervisor; the last process to leave stops PostgreSQL (and waits for it). */
  stop(): Promise<void>;
  /** Called once if the database is lost for good (its folder vanished, it cannot be restarted, no supervisor can be reached). */
  onLost(listener: (reason: string) => void): void;
}

/**
 * This process's link to the data folder's supervisor (supervisor.ts): connects to it, starting one
 * when there is none, waits until PostgreSQL is ready, and keeps the connection open while the
 * process uses the database. If the supervisor dies, a new one is started (it adopts the running
 * PostgreSQL) and the link is re-established on the same port.
 */
export async function openSupervisedDatabase(dataDir: string, supervision: DatabaseSupervisionConfig, log: Logger): Promise<SupervisedDatabase> {
  const refusal = await startRefusal(dataDir, new FolderRegistry(supervision.stateDir), supervision.reinitialise);
  if (refusal) throw new Error(refusal);
  await mkdir(dataDir, { recursive: true });
  const loss = databaseLoss((reason) => log.error(`Database lost: ${reason}`));

  let { link, port } = await connectUntilReady(dataDir, supervision, log, READY_TIMEOUT_MS);
  const credentials = await loadOrCreateCredentials(dataDir);
  log.info(`Using the embedded PostgreSQL of data folder ${dataDir} (port ${port})`);

  let releasing = false;
  const watch = (current: Link) => {
    current.events.on('restarted', (newPort: number) => log.info(`Embedded PostgreSQL restarted on port ${newPort}`));
    current.events.on('lost', (reason: string) => loss.lose(reason));
    current.events.on('closed', async () => {
      if (releasing || loss.isLost()) return;
      log.warn('The database supervisor went away; starting a new one');
      try {
        const next = await connectUntilReady(dataDir, supervision, log, supervision.lostAfterMs);
        if (next.port !== port) return loss.lose(`the embedded PostgreSQL moved from port ${port} to ${next.port}`);
        link = next.link;
        watch(next.link);
        log.info('Reconnected to the database supervisor');
      } catch (error) {
        // A supervisor that answers with a refusal (the folder is gone or damaged) says why; otherwise none could be reached.
        const message = (error as Error).message;
        loss.lose(error instanceof SupervisorGone || error instanceof Unreachable ? `no database supervisor could be reached: ${message}` : `the database is lost: ${message}`);
      }
    });
  };
  watch(link);

  return {
    url: databaseUrl(credentials, port),
    onLost: loss.onLost,
    stop: async () => {
      releasing = true;
      await link.release();
    },
  };
}

/** The supervisor closed the connection before saying PostgreSQL was ready: it was exiting (killed, or leaving as its last client left). */
class SupervisorGone extends Error {}
/** No supervisor answered in time. */
class Unreachable extends Error {}

/**
 * Connects until a supervisor reports PostgreSQL ready. A supervisor that is going away can still
 * accept a connection for an instant (a dying process closes its client sockets before its
 * listening one); that is retried, with a new supervisor if needed. A refusal it states (damaged
 * folder, PostgreSQL that cannot start) is final.
 */
async function connectUntilReady(dataDir: string, supervision: DatabaseSupervisionConfig, log: Logger, timeoutMs: number): Promise<{ link: Link; port: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const link = await connect(dataDir, supervision, log, Math.max(1000, deadline - Date.now()));
    try {
      return { link, port: await link.ready };
    } catch (error) {
      if (!(error instanceof SupervisorGone) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface Link {
  readonly ready: Promise<number>;
  readonly events: EventEmitter;
  release(): Promise<void>;
}

async function connect(dataDir: string, supervision: DatabaseSupervisionConfig, log: Logger, timeoutMs = READY_TIMEOUT_MS): Promise<Link> {
  const socket = await connectOrStartSupervisor(dataDir, supervision, timeoutMs);
  const events = new EventEmitter();
  let released: (() => void) | null = null;
  let buffer = '';
  const ready = new Promise<number>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      events.off('ready', onReady).off('failed', onFailed).off('closed', onClosed);
      outcome();
    };
    const onReady = (port: number) => settle(() => resolve(port));
    const onFailed = (message: string) => settle(() => reject(new Error(message)));
    const onClosed = () => settle(() => reject(new SupervisorGone(`the database supervisor exited; see ${supervisorLog(dataDir)}`)));
    const timer = setTimeout(() => settle(() => reject(new Unreachable(`the database supervisor did not report PostgreSQL ready within ${timeoutMs / 1000} s; see ${supervisorLog(dataDir)}`))), timeoutMs);
    events.on('ready', onReady).on('failed', onFailed).on('closed', onClosed);
  });
  ready.catch(() => undefined);
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, newline)) as SupervisorMessage;
      buffer = buffer.slice(newline + 1);
      if (message.type === 'log') log.info(message.message);
      else if (message.type === 'ready') events.emit('ready', message.port);
      else if (message.type === 'restarted') events.emit('restarted', message.port) || events.emit('ready', message.port);
      else if (message.type === 'failed') events.emit('failed', message.message) || events.emit('lost', message.message);
      else if (message.type === 'lost') events.emit('lost', message.message) || events.emit('failed', message.message);
      else if (message.type === 'released') released?.();
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    released?.();
    events.emit('closed');
  });
  // The link must not keep a process alive that has nothing else to do.
  socket.unref();
  write(socket, { type: 'hello', pid: process.pid });
  return {
    ready,
    events,
    release: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        released = () => {
          socket.destroy();
          resolve();
        };
        // Keep the process alive until the supervisor has stopped PostgreSQL for us (if we were last).
        socket.ref();
        write(socket, { type: 'release' });
      }),
  };
}

const write = (socket: net.Socket, message: ClientMessage) => socket.write(`${JSON.stringify(message)}\n`);

/** Connects to the folder's supervisor, starting one if none answers; concurrent starters race harmlessly (one binds, the rest exit). */
async function connectOrStartSupervisor(dataDir: string, supervision: DatabaseSupervisionConfig, timeoutMs: number): Promise<net.Socket> {
  const address = supervisorSocket(dataDir);
  const deadline = Date.now() + timeoutMs;
  let started = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(address, () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw new Unreachable(`no database supervisor answered on data folder ${dataDir} (${(error as Error).message}); see ${supervisorLog(dataDir)}`);
      if (!started) {
        startSupervisor(dataDir, supervision);
        started = true;
      }
      // The supervisor binds its socket within a few hundred ms of being spawned (node + tsx start-up).
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 250)));
    }
  }
}

function startSupervisor(dataDir: string, supervision: DatabaseSupervisionConfig): void {
  const logFd = openSync(supervisorLog(dataDir), 'a');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', SUPERVISOR_SCRIPT, dataDir], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, CANDLELAB_STATE_DIR: supervision.stateDir, CANDLELAB_REINITIALISE: String(supervision.reinitialise), LOG_FORMAT: 'json', CANDLELAB_FAILPOINTS: '' },
    });
    child.unref();
  } finally {
    closeSync(logFd);
  }
}
