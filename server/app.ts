import type { PresetDefaults } from './backtest/backtest.service.ts';
import { withPresetDefaults } from './recommendations/presets.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { createApiGuards, requireTokensOnPublicBind } from './access/guards.ts';
import { QueuedWorkQuota } from './access/queued-work.ts';
import { migrate, openOrm } from './db/orm.ts';
import { databaseOutages, isDatabaseWeather } from './db/outages.ts';
import { createPostgresEventTarget, type PostgresEventTarget } from './graphql/postgres-event-target.ts';
import { createAppPubSub } from './graphql/pubsub.ts';
import { createGraphQLServer, createWebSocketServer, errorPolicyOf, GRAPHQL_PATH } from './graphql/yoga.ts';
import { createRequestBoundary, type RequestHandler } from './http/request-boundary.ts';
import { staticFiles } from './http/static-files.ts';
import { REPORTS_PATH } from './reports/report-paths.ts';
import { reportRoute } from './reports/report-route.ts';
import { startBoss } from './jobs/boss.ts';
import { startWorkers, workerConnectionCount } from './jobs/worker.ts';
import { preloadUserStrategies } from './strategies/strategy-loader.ts';
import { createLogger, type Logger } from './logger.ts';
import { createEvaluator } from './optimization/evaluation/evaluation-pool.ts';
import { seedSampleDataAtStart } from './market-data/market-data.service.ts';
import { createComputePool } from './threads/compute.ts';
import type { AppServices } from './services.ts';
import { WEB_DIST } from './http/web-build.ts';

/** Connections the API's requests and the event target's publishing share in one process. */
const API_CONNECTIONS = 6;


export interface AppOptions {
  /** Serve GraphQL (HTTP + websocket) and the web client. */
  readonly api: boolean;
  /** Run jobs in this process. */
  readonly worker: boolean;
  readonly log?: Logger;
  /**
   * Called once if the database is lost for good (folder gone, unreachable for CANDLELAB_DB_LOST_SECONDS).
   * The entry points exit with one line (shutdown.ts); by default it is only logged.
   */
  readonly onDatabaseLost?: (reason: string) => void;
  /** Where the built web client is served from (default web/dist). */
  readonly webRoot?: string;
}

export interface App {
  readonly services: AppServices;
  /** The URL the API listens on, when it serves one. */
  readonly url: string | null;
  readonly graphqlUrl: string | null;
  /** The cross-process event bus behind `services.pubsub`. */
  readonly eventTarget: PostgresEventTarget;
  /** Stops everything in reverse order; says what became of the jobs this process was running. */
  stop(): Promise<StopReport>;
}

export interface StopReport {
  /** Jobs that finished within the shutdown grace period. */
  readonly jobsFinished: number;
  /** Jobs handed back to the queue for another worker to resume. */
  readonly jobsHandedBack: number;
}

/**
 * Builds and starts the app: database (embedded or DATABASE_URL), migrations, event bus,
 * job queue, then the API and/or a worker. `stop()` undoes it in reverse and is safe to call twice.
 */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const cleanups: Array<() => Promise<unknown>> = [];
  const report = { jobsFinished: 0, jobsHandedBack: 0 };
  const stop = once(async (): Promise<StopReport> => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => log.debug(`Shutdown step failed: ${String(error)}`));
    }
    return report;
  });

  try {
    const database: DatabaseHandle = await openDatabase(config, log);
    cleanups.push(() => database.stop());
    database.onLost(options.onDatabaseLost ?? ((reason) => log.error(`Database lost: ${reason}`)));
    const orm = await openOrm(database.url);
    cleanups.push(() => orm.close());
    await migrate(orm, database.url);

    const jobConnections = options.worker ? workerConnectionCount(config.workerConcurrency, config.evaluationThreads) : 0;
    const pool = new pg.Pool({ connectionString: database.url, max: API_CONNECTIONS + jobConnections, application_name: 'candlelab' });
    // A restart of the database ends every idle connection at once: one line each, not a stack each.
    pool.on('error', (error) => (isDatabaseWeather(error) ? log.warn(`Idle database connection ended: ${error.message}`) : log.error('Idle database connection failed', error)));
    cleanups.push(() => pool.end());

    const eventTarget = createPostgresEventTarget({ connectionString: database.url, pool, log });
    cleanups.push(() => eventTarget.close());
    await eventTarget.ready();

    const { boss, queueSettings } = await startBoss(database.url, config, log);
    cleanups.push(() => boss.stop({ graceful: true, wait: true, timeout: 10_000 }));

    const evaluator = options.worker ? createEvaluator(config.evaluationThreads, (error) => log.warn(`An evaluation thread failed: ${String(error)}`)) : null;
    if (evaluator) cleanups.push(() => evaluator.close());
    const compute = createComputePool(options.api ? config.queryThreads : 0, (error) => log.warn(`A compute thread failed: ${String(error)}`));
    cleanups.push(() => compute.close());
    const presetDefaults: PresetDefaults = async (em, request) => (await withPresetDefaults(em, request)).request;
    const services: AppServices = { config, log, orm, pool, boss, queueSettings, evaluator, presetDefaults, compute, pubsub: createAppPubSub(eventTarget, log), outages: databaseOutages(eventTarget) };

    // Every stored strategy version by name, before any request or job looks one up.
    await preloadUserStrategies(orm.em);
    // Before listening: a client must never find the store empty while the sample is being written.
    if (options.api) await seedSampleDataAtStart(services);
    let url: string | null = null;
    if (options.api) {
      await requireTokensOnPublicBind(services);
      orm.em.getEventManager().registerSubscriber(new QueuedWorkQuota(config.security.maxQueuedWork));
      const server = await startHttpServer(services, config, options.webRoot ?? WEB_DIST);
      cleanups.push(() => closeServer(server.httpServer, server.closeWebSockets));
      const { port } = server.httpServer.address() as AddressInfo;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
    if (options.worker) {
      const runner = await startWorkers(services);
      // Runs first at shutdown: jobs finish or are handed back while everything they use is still open.
      cleanups.push(async () => {
        const { finished, handedBack } = await runner.stop(config.jobs.shutdownGraceSeconds * 1000);
        Object.assign(report, { jobsFinished: finished, jobsHandedBack: handedBack });
      });
    }

    return { services, url, graphqlUrl: url && `${url}${GRAPHQL_PATH}`, eventTarget, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startHttpServer(services: AppServices, config: Config, webRoot: string) {
  const guards = createApiGuards(services);
  const yoga = createGraphQLServer(services, guards);
  const sockets = createWebSocketServer(yoga, guards, errorPolicyOf(services), services.pubsub);
  // Yoga's listener takes server context after (req, res): the boundary's request id becomes the request's (error-policy.ts).
  const listen = yoga.requestListener as unknown as (req: IncomingMessage, res: ServerResponse, context: { requestId: string }) => Promise<void>;
  const graphql: RequestHandler = (req, res, requestId) => listen(req, res, { requestId });
  const serveWeb = config.serveWeb ? staticFiles(webRoot, services.log) : null;
  const isGraphQLPath = (pathname: string) => pathname === GRAPHQL_PATH || pathname.startsWith(`${GRAPHQL_PATH}/`);
  const serveReport = reportRoute(services, { ...guards, errorPolicy: errorPolicyOf(services) });
  const boundary = createRequestBoundary({
    log: services.log,
    origins: guards.origins,
    route: (pathname) => (pathname.startsWith(REPORTS_PATH) ? serveReport : isGraphQLPath(pathname) || !serveWeb ? graphql : serveWeb),
    upgradePath: GRAPHQL_PATH,
    upgrade: sockets.upgrade,
  });
  // Node answers a Host-less HTTP/1.1 request with a bare 400 before any handler sees it; the boundary words it.
  const httpServer = createServer({ requireHostHeader: false }, boundary.request);
  httpServer.on('upgrade', boundary.upgrade);
  httpServer.on('connect', boundary.connect);
  httpServer.on('clientError', boundary.clientError);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  return { httpServer, closeWebSockets: sockets.close };
}

async function closeServer(server: Server, closeWebSockets: () => Promise<void>) {
  await closeWebSockets();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => (running ??= fn());
}
