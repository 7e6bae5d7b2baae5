import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { databaseSupervisionEnv, databaseSupervisionConfig, type DatabaseSupervisionConfig } from './db/supervision-config.ts';
import { securityConfig, securityEnv, type SecurityConfig } from './access/security-config.ts';
import { defaultLogFormat, type LogFormat } from './logger.ts';
import { DEFAULT_EXCHANGE, EXCHANGES, type Exchange, type QualifiedExchange } from '../domain/symbols.ts';

/** The exchanges reached through ccxt, each with an optional `<EXCHANGE>_BASE_URL` (a proxy, a local fake). */
const CCXT_EXCHANGES = EXCHANGES.filter((e): e is QualifiedExchange => e !== DEFAULT_EXCHANGE);
const exchangeUrlVariable = (exchange: Exchange) => `${exchange}_BASE_URL`;
const exchangeUrlEnv = Object.fromEntries(CCXT_EXCHANGES.map((e) => [exchangeUrlVariable(e), z.string().url().optional()]));

/**
 * Every environment variable the app reads, validated once at start so a typo fails loudly
 * with the variable's name instead of surfacing later as an odd runtime error.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  CANDLELAB_DATA_DIR: z.string().min(1).default('.candlelab'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** `npm start` runs one worker inside the API process unless this is false. */
  CANDLELAB_INPROCESS_WORKER: z.stringbool().default(true),
  /** Jobs of each queue one worker process runs at the same time. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * A worker renews the lease of the job it runs every third of this; a job whose lease lapses (its
   * worker died or hung) is retried elsewhere. Stored with the queues: the first process sets it.
   */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(10),
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(10),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(2),
  /** How often expired leases are looked for (by whichever process's turn it is); bounds crash recovery time. */
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(5),
  /** Threads a worker process evaluates sweep parameter sets on (default: one per core; 0 = the job's own thread). */
  EVALUATION_THREADS: z.coerce.number().int().min(0).max(256).optional(),
  /** Threads an API process runs CPU-heavy queries on (Monte Carlo, heatmaps, data quality; 0 = the event loop). */
  QUERY_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  /** On SIGINT/SIGTERM, running jobs get this long to finish before they are handed back to the queue. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(5),
  JOB_POLLING_SECONDS: z.coerce.number().min(0.5).default(1),
  BINANCE_BASE_URL: z.string().url().default('https://api.binance.com'),
  BINANCE_FUTURES_BASE_URL: z.string().url().default('https://fapi.binance.com'),
  ...exchangeUrlEnv,
  /** Serve the built web client from the API port. */
  CANDLELAB_SERVE_WEB: z.stringbool().default(true),
  /** Seed synthetic sample markets on first start when the candle store is empty. */
  CANDLELAB_SAMPLE_DATA: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  /** `json` (one record a line) or `pretty`; default pretty on a terminal, json otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  ...securityEnv,
  ...databaseSupervisionEnv,
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly inProcessWorker: boolean;
  readonly workerConcurrency: number;
  readonly evaluationThreads: number;
  readonly queryThreads: number;
  readonly jobs: {
    readonly leaseSeconds: number;
    readonly retryLimit: number;
    readonly retryDelaySeconds: number;
    readonly maintenanceIntervalSeconds: number;
    readonly pollingIntervalSeconds: number;
    readonly shutdownGraceSeconds: number;
  };
  readonly binance: { readonly spotBaseUrl: string; readonly futuresBaseUrl: string };
  /** REST base URLs replacing ccxt's own, per exchange (unset: the exchange's). */
  readonly exchangeBaseUrls: Partial<Record<QualifiedExchange, string>>;
  readonly serveWeb: boolean;
  readonly sampleData: boolean;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly logFormat: LogFormat;
  readonly security: SecurityConfig;
  readonly supervision: DatabaseSupervisionConfig;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as shells and compose files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.CANDLELAB_DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    inProcessWorker: e.CANDLELAB_INPROCESS_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    evaluationThreads: e.EVALUATION_THREADS ?? availableParallelism(),
    queryThreads: e.QUERY_THREADS,
    jobs: {
      leaseSeconds: e.JOB_LEASE_SECONDS,
      retryLimit: e.JOB_RETRY_LIMIT,
      retryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS,
      maintenanceIntervalSeconds: e.JOB_MAINTENANCE_SECONDS,
      pollingIntervalSeconds: e.JOB_POLLING_SECONDS,
      shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    },
    binance: { spotBaseUrl: e.BINANCE_BASE_URL, futuresBaseUrl: e.BINANCE_FUTURES_BASE_URL },
    exchangeBaseUrls: Object.fromEntries(CCXT_EXCHANGES.flatMap((x) => {
      const url = (e as Record<string, unknown>)[exchangeUrlVariable(x)];
      return typeof url === 'string' ? [[x, url]] : [];
    })),
    serveWeb: e.CANDLELAB_SERVE_WEB,
    sampleData: e.CANDLELAB_SAMPLE_DATA,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? defaultLogFormat(),
    security: securityConfig(e),
    supervision: databaseSupervisionConfig(e),
  };
}
