import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Principal } from './access/tokens.ts';
import type { Config } from './config.ts';
import type { DatabaseOutages } from './db/outages.ts';
import type { QueueSettings } from './jobs/boss.ts';
import type { AppPubSub } from './graphql/pubsub.ts';
import type { Logger } from './logger.ts';
import type { ComputePool } from './threads/compute.ts';

/** The long-lived parts every feature service and job handler works with (features add theirs with `declare module`). */
export interface AppServices {
  readonly config: Config;
  readonly log: Logger;
  readonly orm: MikroORM;
  /** Plain pg pool for bulk SQL the ORM is not for (candle COPY/unnest, NOTIFY). */
  readonly pool: pg.Pool;
  readonly boss: PgBoss;
  /** The job queues' stored settings (the same for every process; jobs/boss.ts). */
  readonly queueSettings: QueueSettings;
  readonly pubsub: AppPubSub;
  /** Threads for CPU-heavy work on the API's behalf (threads/compute.ts). */
  readonly compute: ComputePool;
  /** Outages and full disks met so far, and a way to wait them out (db/outages.ts). */
  readonly outages: DatabaseOutages;
}

/** Per-request GraphQL context: a fresh EntityManager so requests never share an identity map. */
export interface RequestContext {
  readonly services: AppServices;
  readonly em: EntityManager;
  /** Who is calling (access/access.plugin.ts); read-only principals never reach a mutation resolver. */
  readonly principal: Principal;
  /** Returned to the client (`x-request-id`, `extensions.requestId`) and bound to log records. */
  readonly requestId: string;
  /** Aborted when the operation runs out of time (REQUEST_TIMEOUT): work it started should stop. */
  readonly signal: AbortSignal;
}
