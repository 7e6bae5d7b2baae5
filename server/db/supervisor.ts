/**
 * The embedded PostgreSQL's supervisor: a small detached process, one per data folder, that owns
 * the postmaster so that no API or worker process does. Started by the first process that needs
 * the database (supervisor-link.ts), it:
 *
 *  - holds the folder's control socket (an abstract Unix socket on Linux: binding it is the lock,
 *    and the kernel frees it when this process dies however it dies);
 *  - initialises the cluster if the folder never had one, then starts it (or adopts a postmaster a
 *    previous supervisor left running) on the folder's stable port;
 *  - counts the processes connected to it: each API, worker or script keeps one connection open for
 *    as long as it uses the database (a SIGKILLed process's connection closes with it); when the
 *    last one goes, PostgreSQL is stopped and the supervisor exits;
 *  - restarts PostgreSQL on the same port if it dies, and tells every client;
 *  - when the cluster's files disappear or are damaged, stops PostgreSQL, tells every client the
 *    database is lost (they exit with one line), and never re-initialises.
 *
 * Protocol: newline-delimited JSON. Client → supervisor: {type:'hello'} and, on a graceful exit,
 * {type:'release'}. Supervisor → client: {type:'log',message}, {type:'ready',port},
 * {type:'restarted',port}, {type:'failed'|'lost',message}, {type:'released',stopped}.
 *
 * Usage: node --import tsx server/db/supervisor.ts <dataDir>  (stdout/stderr go to <dataDir>/supervisor.log)
 */
import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { Cluster } from './cluster.ts';
import { FolderRegistry, clusterDir, inspectCluster, startRefusal, supervisorSocket } from './data-folder.ts';

export type SupervisorMessage =
  | { type: 'log'; message: string }
  | { type: 'ready'; port: number }
  | { type: 'restarted'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'lost'; message: string }
  | { type: 'released'; stopped: boolean };

export type ClientMessage = { type: 'hello'; pid: number } | { type: 'release' };

/** A supervisor that no client joins within this long (its starter died first) stops again. */
const FIRST_CLIENT_TIMEOUT_MS = 60_000;
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 4000, 8000, 8000];
const FOLDER_CHECK_MS = 1000;

type State = 'starting' | 'running' | 'restarting' | 'stopping' | 'failed';

async function main(dataDir: string): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'silent' ? 'silent' : 'info', 'db-supervisor', 'json');
  const server = net.createServer();
  if (!(await listenExclusively(server, supervisorSocket(dataDir)))) {
    log.info('Another supervisor already runs this data folder; exiting');
    return;
  }
  log.info(`Supervising ${dataDir}`, { pid: process.pid });

  const clients = new Map<net.Socket, { greeted: boolean; released: boolean }>();
  let state: State = 'starting';
  let failure = '';
  const cluster = new Cluster({ dataDir, log });
  const send = (socket: net.Socket, message: SupervisorMessage) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const broadcast = (message: SupervisorMessage) => {
    for (const [socket, client] of clients) if (client.greeted && !client.released) send(socket, message);
  };
  /** What happened while starting, replayed to clients that greet before it is ready (the one that started us, usually). */
  const startupNotes: string[] = [];
  const note = (message: string) => {
    startupNotes.push(message);
    broadcast({ type: 'log', message });
  };
  const active = () => [...clients.values()].filter((client) => !client.released).length;

  const exit = (code: number) => {
    server.close();
    setImmediate(() => process.exit(code));
  };
  const fail = (kind: 'failed' | 'lost', message: string) => {
    state = 'failed';
    failure = message;
    log.error(message);
    cluster.kill();
    broadcast({ type: kind, message });
    for (const socket of clients.keys()) socket.end();
    exit(1);
  };

  let joined = false;
  /** Stops PostgreSQL once the last client has left (not before the first came), and exits; a client arriving meanwhile starts it again. */
  const stopIfIdle = async () => {
    if (!joined || active() > 0 || state !== 'running') return;
    state = 'stopping';
    log.info('Last client left; stopping PostgreSQL');
    await cluster.stop();
    if (active() > 0) {
      state = 'starting';
      await startCluster();
      return;
    }
    for (const [socket, client] of clients) if (client.released) send(socket, { type: 'released', stopped: true });
    exit(0);
  };

  const startCluster = async () => {
    try {
      const refusal = await startRefusal(dataDir, new FolderRegistry(config.supervision.stateDir), config.supervision.reinitialise);
      if (refusal) return fail('failed', refusal);
      const wasAbsent = !existsSync(clusterDir(dataDir));
      if (wasAbsent) note(`Initialising embedded PostgreSQL in ${clusterDir(dataDir)}`);
      await cluster.start();
      await remember(dataDir, config.supervision.stateDir);
      state = 'running';
      startupNotes.length = 0;
      broadcast({ type: 'ready', port: cluster.port });
      await stopIfIdle();
    } catch (error) {
      fail('failed', `the embedded PostgreSQL could not start: ${(error as Error).message}`);
    }
  };

  cluster.onUnexpectedExit(async (reason) => {
    if (state !== 'running') return;
    state = 'restarting';
    const folder = await inspectCluster(dataDir);
    if (folder.kind !== 'initialised') return fail('lost', `the database is lost: ${reason}, and ${folder.kind === 'absent' ? `${clusterDir(dataDir)} is gone` : folder.reason}`);
    log.warn(`${reason}; restarting it on port ${cluster.port}`);
    broadcast({ type: 'log', message: `${reason}; restarting it on port ${cluster.port}` });
    for (const delay of RESTART_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        await cluster.restart();
        state = 'running';
        log.info(`PostgreSQL restarted on port ${cluster.port}`);
        broadcast({ type: 'restarted', port: cluster.port });
        return stopIfIdle();
      } catch (error) {
        log.warn(`Restart failed: ${(error as Error).message}`);
      }
    }
    fail('lost', `the database is lost: ${reason}, and it could not be restarted (see ${path.join(dataDir, 'supervisor.log')})`);
  });

  // Deleting the folder does not stop a running postmaster at once; notice it, and refuse to carry on.
  setInterval(() => {
    if ((state === 'running' || state === 'restarting') && !existsSync(path.join(clusterDir(dataDir), 'PG_VERSION'))) {
      fail('lost', `the database is lost: ${clusterDir(dataDir)} was deleted while PostgreSQL was running`);
    }
  }, FOLDER_CHECK_MS).unref();

  const firstClient = setTimeout(() => {
    if (clients.size === 0) {
      log.warn('No client joined; stopping');
      void cluster.stop().then(() => exit(0));
    }
  }, FIRST_CLIENT_TIMEOUT_MS);

  server.on('connection', (socket) => {
    clearTimeout(firstClient);
    joined = true;
    const client = { greeted: false, released: false };
    clients.set(socket, client);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let message: ClientMessage;
        try {
          message = JSON.parse(line) as ClientMessage;
        } catch {
          socket.destroy();
          return;
        }
        if (message.type === 'hello') {
          client.greeted = true;
          if (state === 'starting') for (const message of startupNotes) send(socket, { type: 'log', message });
          if (state === 'running') send(socket, { type: 'ready', port: cluster.port });
          else if (state === 'failed') send(socket, { type: 'failed', message: failure });
        } else if (message.type === 'release') {
          client.released = true;
          if (active() > 0 || state !== 'running') send(socket, { type: 'released', stopped: false });
          else void stopIfIdle();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clients.delete(socket);
      void stopIfIdle();
    });
  });

  process.on('SIGTERM', () => void cluster.stop().then(() => exit(0)));
  process.on('SIGINT', () => void cluster.stop().then(() => exit(0)));
  await startCluster();
}

/** Binds the control socket unless another supervisor holds it. Only file sockets (not Linux's abstract ones) can be stale. */
async function listenExclusively(server: net.Server, address: string): Promise<boolean> {
  const attempt = () =>
    new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error));
      server.once('error', onError);
      server.listen(address, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
  if (await attempt()) return true;
  if (address.startsWith('\0')) return false;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(address, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (alive) return false;
  await unlink(address).catch(() => undefined);
  return attempt();
}

async function remember(dataDir: string, stateDir: string): Promise<void> {
  const state = await inspectCluster(dataDir);
  if (state.kind !== 'initialised') return;
  const registry = new FolderRegistry(stateDir);
  const known = await registry.get(dataDir);
  if (known?.systemIdentifier === state.systemIdentifier) return;
  await registry.remember(dataDir, { systemIdentifier: state.systemIdentifier, initialisedAt: new Date().toISOString() });
}

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: supervisor.ts <dataDir>');
  process.exit(2);
}
await main(path.resolve(dataDir));
