import type { EntityManager } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { inTransaction } from '../db/transaction.ts';
import type { AppServices } from '../services.ts';
import { failpoint } from './failpoints.ts';
import type { QueueName } from './queues.ts';

/**
 * Stores a new record and queues the job that works on it in ONE transaction: pg-boss's `send` runs
 * on the transaction's own connection (its `db` option), so either both are stored or neither is; a
 * process dying between the two leaves nothing, and no record ever waits for a job that does not
 * exist. The record's id doubles as the job id, so the same record can never be queued twice.
 */
export async function storeAndEnqueue<T extends { id: string }>(services: AppServices, em: EntityManager, record: T, queue: QueueName, data: object): Promise<T> {
  await inTransaction(em, async () => {
    await em.flush();
    await failpoint('enqueue.afterRecord');
    await enqueueWithin(services, em, queue, data, { id: record.id });
  });
  wakeWorkers(services, queue);
  return record;
}

/**
 * Queues a job inside the transaction `tx` runs (after `em.begin()`, or an `em.transactional`
 * callback's manager): it is visible to workers only if, and once, that transaction commits. Call
 * wakeWorkers after the commit.
 */
export async function enqueueWithin(services: AppServices, tx: EntityManager, queue: QueueName, data: object, options: PgBoss.SendOptions = {}): Promise<void> {
  const transaction = tx.getTransactionContext() as { client?: { acquireConnection(): Promise<pg.Client> } } | undefined;
  if (!transaction?.client) throw new Error('enqueueWithin needs the manager of a running transaction');
  // Knex's transaction client hands out the connection the transaction holds.
  const connection = await transaction.client.acquireConnection();
  await services.boss.send(queue, data, { ...options, db: { executeSql: (text: string, values: unknown[]) => connection.query(text, values) } } as PgBoss.SendOptions);
}

/**
 * Tells every worker process that `queue` has work (jobs/runner.ts wakes its pollers on it), so a job
 * starts in milliseconds rather than at the next poll; the poll remains the fallback if this is lost.
 */
export function wakeWorkers(services: AppServices, queue: QueueName): void {
  services.pubsub.publish('jobQueued', { queue });
}
