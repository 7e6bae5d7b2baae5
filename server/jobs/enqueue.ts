import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import type { AppServices } from '../services.ts';
import type { QueueName } from './queues.ts';

/**
 * Stores a new record and queues the job that works on it. The record's id doubles as the job id,
 * so the same record can never be queued twice; if queuing fails, the record is removed again, so
 * no record is ever left waiting for a job that does not exist.
 */
export async function storeAndEnqueue<T extends { id: string }>(
  services: AppServices,
  em: EntityManager,
  entity: EntityName<T>,
  record: T,
  queue: QueueName,
  data: object,
): Promise<T> {
  await em.flush();
  try {
    await services.boss.send(queue, data, { id: record.id });
  } catch (error) {
    await em.nativeDelete(entity, { id: record.id } as never);
    throw error;
  }
  wakeWorkers(services, queue);
  return record;
}

/**
 * Tells every worker process that `queue` has work (jobs/runner.ts wakes its pollers on it), so a job
 * starts in milliseconds rather than at the next poll; the poll remains the fallback if this is lost.
 */
export function wakeWorkers(services: AppServices, queue: QueueName): void {
  services.pubsub.publish('jobQueued', { queue });
}
