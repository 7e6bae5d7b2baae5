import { type RunStatus, TERMINAL_STATUSES } from '../../domain/statuses.ts';
import { LockMode, type EntityManager, type EntityName } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import type { AppServices } from '../services.ts';
import type { JobLifecycle } from './runner.ts';

/** The lifecycle columns a job's record has (backtest runs and sweeps). */
export interface LifecycleRecord {
  id: string;
  status: RunStatus;
  attempts: number;
  error: string | null | undefined;
  errorCode: string | null | undefined;
  startedAt: Date | null | undefined;
  completedAt: Date | null | undefined;
}

export interface RecordLifecycleOptions<TData, TRecord extends LifecycleRecord> {
  readonly entity: EntityName<TRecord>;
  readonly idOf: (data: TData) => string;
  /** Tells live subscribers the record's state (status changes only; progress is the handler's). */
  readonly publish: (services: AppServices, record: TRecord, message: string | null) => void;
  /** Fields reset when an attempt starts (e.g. progress), besides the lifecycle columns. */
  readonly onClaim?: (record: TRecord) => void;
  /** Fields a failure's details set on the record (e.g. the data report of a data error). */
  readonly onFail?: (record: TRecord, details: Record<string, unknown> | null | undefined) => void;
}

/**
 * The job lifecycle of a record with status, attempts and error columns. Every change is a locked
 * read-modify-write, so a cancel, a finishing attempt and a dead-letter handler never interleave;
 * a record already in a terminal state is never changed again.
 */
export function recordLifecycle<TData, TRecord extends LifecycleRecord>(options: RecordLifecycleOptions<TData, TRecord>): JobLifecycle<TData> {
  const { entity, idOf, publish } = options;

  /** Applies `change` to the record under a row lock unless `applies` says no; publishes after. */
  async function update(services: AppServices, id: string, applies: (record: TRecord) => boolean, change: (record: TRecord) => void, message: string | null) {
    const em = services.orm.em.fork();
    const record = await em.transactional(async (tx) => {
      const locked = await tx.findOne(entity, { id } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!locked || !applies(locked as TRecord)) return null;
      change(locked as TRecord);
      return locked as TRecord;
    });
    if (record) publish(services, record, message);
    return record;
  }

  /** The attempt ended without a result and the job will run again: the record waits as PENDING. */
  async function backToPending(services: AppServices, data: TData, attempt: number, message: string, keepAsError: boolean) {
    await update(
      services,
      idOf(data),
      (r) => r.status === 'RUNNING' && r.attempts === attempt,
      (r) => {
        r.status = 'PENDING';
        if (keepAsError) r.error = message;
      },
      message,
    );
  }

  return {
    async claim(services: AppServices, _em: EntityManager, job: PgBoss.JobWithMetadata<TData>) {
      const record = await update(
        services,
        idOf(job.data),
        (r) => !TERMINAL_STATUSES.has(r.status),
        (r) => {
          r.status = 'RUNNING';
          r.attempts += 1;
          r.startedAt = new Date();
          r.error = null;
          r.errorCode = null;
          options.onClaim?.(r);
        },
        job.retryCount > 0 ? `Attempt ${job.retryCount + 1}` : null,
      );
      return record ? record.attempts : null;
    },

    async isCancelled(_services: AppServices, em: EntityManager, job: PgBoss.JobWithMetadata<TData>, attempt: number) {
      const current = await em.findOne(entity, { id: idOf(job.data) } as never, { fields: ['status', 'attempts'] as never, disableIdentityMap: true });
      const record = current as Pick<TRecord, 'status' | 'attempts'> | null;
      if (!record) return 'cancelled';
      if (record.attempts !== attempt) return 'lease-lost';
      return record.status === 'RUNNING' ? null : 'cancelled';
    },

    async fail(services: AppServices, data: TData, failure, attempt) {
      await update(
        services,
        idOf(data),
        (r) => !TERMINAL_STATUSES.has(r.status) && (attempt === undefined || r.attempts === attempt),
        (r) => {
          r.status = 'FAILED';
          r.error = failure.message;
          r.errorCode = failure.code;
          r.completedAt = new Date();
          options.onFail?.(r, failure.details);
        },
        failure.message,
      );
      return { status: 'FAILED', code: failure.code, message: failure.message };
    },

    async retrying(services: AppServices, data: TData, message: string, attempt: number) {
      await backToPending(services, data, attempt, `Retrying after: ${message}`, true);
    },

    async interrupted(services: AppServices, data: TData, attempt: number) {
      await backToPending(services, data, attempt, 'Interrupted by a worker shutting down; the next worker resumes it', false);
    },
  };
}
