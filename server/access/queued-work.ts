import type { EntityMetadata, EventArgs, EventSubscriber } from '@mikro-orm/core';
import { ACTIVE_STATUSES } from '../../domain/statuses.ts';
import { AppError } from '../graphql/errors.ts';
import { currentPrincipal } from './principal-scope.ts';


/**
 * Records who queued what, and caps it. Every entity with a `createdBy` property (backtests and
 * sweeps) gets the current principal's id when it is inserted during a GraphQL operation; if it is
 * inserted as PENDING, the principal's PENDING+RUNNING records across all such entities must stay
 * within CANDLELAB_MAX_QUEUED_WORK, or the insert (and so the mutation) fails with QUOTA_EXCEEDED
 * and nothing is written. A transaction-scoped advisory lock per principal makes concurrent
 * requests of one token count one after the other.
 *
 * A new kind of queued record joins by declaring `createdBy` (and `status`); nothing else to change.
 */
export class QueuedWorkQuota implements EventSubscriber {
  constructor(private readonly maxQueuedWork: number) {}

  async beforeCreate(args: EventArgs<Record<string, unknown>>): Promise<void> {
    const principal = currentPrincipal();
    if (!principal || !args.meta.properties.createdBy) return;
    args.entity.createdBy = principal.id;
    if (args.entity.status !== 'PENDING') return;
    const ctx = args.em.getTransactionContext();
    const connection = args.em.getConnection();
    await connection.execute('SELECT pg_advisory_xact_lock(727002, hashtext(?))', [principal.id], 'all', ctx);
    const owners = Object.values(args.em.getMetadata().getAll()).filter(isQueuedWork);
    const counts = owners.map((meta) => `(SELECT count(*) FROM ${quoted(meta.tableName)} WHERE ${column(meta, 'createdBy')} = ? AND ${column(meta, 'status')} IN (${ACTIVE_STATUSES.map(() => '?').join(', ')}))`);
    const [row] = await connection.execute<Array<{ queued: string }>>(
      `SELECT ${counts.join(' + ')} AS queued`,
      owners.flatMap(() => [principal.id, ...ACTIVE_STATUSES]),
      'all',
      ctx,
    );
    const queued = Number(row.queued);
    if (queued >= this.maxQueuedWork) {
      throw new AppError('QUOTA_EXCEEDED', `${principal.name} already has ${queued} backtests and sweeps pending or running; the limit is ${this.maxQueuedWork} (CANDLELAB_MAX_QUEUED_WORK). Wait for some to finish or cancel them.`, {
        limit: 'CANDLELAB_MAX_QUEUED_WORK',
        max: this.maxQueuedWork,
        queued,
      });
    }
  }
}

const isQueuedWork = (meta: EntityMetadata) => Boolean(meta.properties.createdBy && meta.properties.status && meta.tableName);
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const column = (meta: EntityMetadata, property: string) => quoted(meta.properties[property].fieldNames[0]);
