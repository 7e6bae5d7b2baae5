import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Principal } from './access/tokens.ts';
import type { Config } from './config.ts';
import type { QueueSettings } from './jobs/boss.ts';
import type { AppPubSub } from './graphql/pubsub.ts';
import type { Logger } from './logger.ts';

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
}

/** Per-request GraphQL context: a fresh EntityManager so requests never share an identity map. */
export interface RequestContext {
  readonly services: AppServices;
  readonly em: EntityManager;
  /** Who is calling (access/access.plugin.ts); read-only principals never reach a mutation resolver. */
  readonly principal: Principal;
  /** Returned to the client (`x-request-id`, `extensions.requestId`) and bound to log records. */
  readonly requestId: string;
}
