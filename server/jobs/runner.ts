import type { EntityManager } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import type { AppServices } from '../services.ts';
import { isDatabaseWeather } from '../db/outages.ts';
import { isDatabaseUnavailable, isStorageFull } from '../graphql/error-policy.ts';
import { deadLetterQueue } from './boss.ts';
import { backOff, handBack, renewLease } from './lease.ts';
import { PermanentJobError } from './permanent-error.ts';
import type { QueueName } from './queues.ts';

/**
 * The one job lifecycle every queue shares (pg-boss's manager.ts is the model: one place owns claim,
 * retry, expiry and dead letters; a handler holds only its own work). Jobs are fetched with pg-boss's
 * fetch (SKIP LOCKED) by pollers of our own rather than boss.work, because pg-boss completes or fails
 * a job by id alone: only here can an attempt that lost its lease be kept from ending a job that
 * another worker now runs.
 *
 *   claim        the lifecycle marks its record RUNNING and numbers the attempt, or says the job is moot
 *   work         the handler runs with a context whose `signal` aborts on cancel, shutdown or lost lease
 *   heartbeat    while it works, the job's lease (pg-boss expiry) is renewed; cancellation is polled
 *   success      the handler's output completes the job
 *   permanent    a PermanentJobError fails the record with its code at once; no retry can fix it
 *   transient    any other error: the record goes back to PENDING and pg-boss retries with backoff,
 *                or, on the last attempt, the record is FAILED with the error
 *   abandoned    a job whose retries all expired (workers kept dying) reaches the queue's dead-letter
 *                queue, whose handler FAILs the record, so nothing stays RUNNING forever
 *   shutdown     stop() stops fetching, lets running jobs finish within a grace period, then aborts the
 *                rest and hands each back for an immediate retry that does not count as an attempt
 *   lease lost   another worker owns the job now (this one stalled past its lease): the attempt stops
 *                and writes nothing; record writes are fenced by the attempt number as well
 *   weather      the attempt met a database outage or a full disk (db/outages.ts): no attempt is spent;
 *                once the database takes writes again the record goes back to PENDING and the job back
 *                to the queue, and this process (or any) picks it up at once. Every write the runner
 *                itself makes (claim, end, hand-back) waits out the weather the same way, so a database
 *                restart never ends a poller, a job, or the process
 */

export type StopReason = 'cancelled' | 'shutdown' | 'lease-lost';

export class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
  }
}

export interface JobContext<TData> {
  readonly services: AppServices;
  readonly job: PgBoss.JobWithMetadata<TData>;
  /** A fresh EntityManager for this job. */
  readonly em: EntityManager;
  /** This attempt's number as the lifecycle recorded it (1 for the first). */
  readonly attempt: number;
  readonly isLastAttempt: boolean;
  /** Aborted (reason: a StopReason) when the job is cancelled, the process shuts down, or the lease is lost. */
  readonly signal: AbortSignal;
  /** Throws JobStopped when the signal has fired: call it between slices of work. */
  throwIfStopped(): void;
}

/** How a job's record (or, without one, its events) follows the job through its life. */
export interface JobLifecycle<TData> {
  /** Marks the record RUNNING and returns the attempt number, or null when there is nothing to do (gone, finished, cancelled). */
  claim(services: AppServices, em: EntityManager, job: PgBoss.JobWithMetadata<TData>): Promise<number | null>;
  /**
   * Whether the work should stop: 'cancelled' when its record was cancelled or deleted, 'lease-lost' when
   * a later attempt took the record over (this one stalled past its lease); null to go on.
   */
  isCancelled(services: AppServices, em: EntityManager, job: PgBoss.JobWithMetadata<TData>, attempt: number): Promise<StopReason | null>;
  /**
   * Final failure (permanent error, last attempt, or abandoned in the dead-letter queue, which knows
   * no attempt); returns the job's output. With an attempt, only that attempt's record is failed.
   */
  fail(services: AppServices, data: TData, failure: JobFailure, attempt?: number): Promise<unknown>;
  /** A transient failure of this attempt that will be retried. */
  retrying(services: AppServices, data: TData, message: string, attempt: number): Promise<void>;
  /** This attempt was handed back at shutdown; the next worker resumes it. */
  interrupted(services: AppServices, data: TData, attempt: number): Promise<void>;
  /**
   * The job's end (its output) is recorded in pg-boss. A lifecycle whose state is the job itself tells
   * subscribers the outcome here, so a client reading the job after the event never sees it still active.
   */
  settled?(services: AppServices, data: TData, output: unknown): void;
}

export interface JobFailure {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown> | null;
}

export interface JobDefinition<TData> {
  readonly queue: QueueName;
  readonly lifecycle: JobLifecycle<TData>;
  /** The job's own work; its return value becomes the job's output. */
  run(ctx: JobContext<TData>): Promise<unknown>;
}

export const defineJob = <TData>(definition: JobDefinition<TData>) => definition;

/** How often a running job renews its lease and looks for cancellation. */
const HEARTBEAT_FRACTION = 1 / 3;
const CANCEL_POLL_MS = 500;
/** How long an aborted handler gets to reach its next slice before the runner hands its job back itself. */
const ABORT_WAIT_MS = 3000;

/** A final failure's `output` is what the lifecycle made of it, told to `settled` once the job is failed. */
type Outcome = { kind: 'complete'; output: unknown } | { kind: 'fail'; error: unknown; output?: unknown } | { kind: 'let-go' } | { kind: 'weather'; error: unknown; attempt: number | null };

/** How long an idle or failed poller pauses after an error it did not expect. */
const POLLER_PAUSE_MS = 1000;

export class JobRunner {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<Outcome>; handBack: () => Promise<void> }>();
  private readonly loops: Promise<void>[] = [];
  /** Wakes the idle pollers of a queue: a job was queued somewhere (enqueue.ts wakeWorkers), or we are stopping. */
  private readonly idleWaits = new Map<string, Set<() => void>>();
  private readonly wakeups: AsyncIterator<{ queue: string }>;
  private stopping = false;
  /** Aborted by stop(): waits for the database to come back end there. */
  private readonly stoppingSignal = new AbortController();
  private readonly lifecycles = new Map<string, JobLifecycle<object>>();

  constructor(private readonly services: AppServices) {
    this.wakeups = services.pubsub.subscribe('jobQueued')[Symbol.asyncIterator]();
    void this.wakeOnNewJobs();
  }

  private async wakeOnNewJobs(): Promise<void> {
    while (true) {
      const { value, done } = await this.wakeups.next();
      if (done || this.stopping) return;
      this.wake(value.queue);
    }
  }

  private wake(queue: string): void {
    for (const resume of this.idleWaits.get(queue) ?? []) resume();
  }

  /** Starts `concurrency` pollers for the job's queue and one for its dead-letter queue. */
  async register<TData extends object>(definition: JobDefinition<TData>, concurrency = this.services.config.workerConcurrency): Promise<void> {
    const { lifecycle } = definition;
    this.lifecycles.set(definition.queue, lifecycle as JobLifecycle<object>);
    this.lifecycles.set(deadLetterQueue(definition.queue), lifecycle as JobLifecycle<object>);
    const settled = lifecycle.settled && ((data: object, output: unknown) => lifecycle.settled!(this.services, data as TData, output));
    for (let i = 0; i < concurrency; i++) this.loops.push(this.poll(definition.queue, (job) => this.execute(definition, job as PgBoss.JobWithMetadata<TData>), settled));
    this.loops.push(
      this.poll(deadLetterQueue(definition.queue), async (job) => {
        try {
          const output = await definition.lifecycle.fail(this.services, job.data as TData, {
            code: 'JOB_ABANDONED',
            message: 'Abandoned after every attempt ended without finishing (workers stopped or lost their lease while running it)',
          });
          return { kind: 'complete', output };
        } catch (error) {
          return isDatabaseWeather(error) ? { kind: 'weather', error, attempt: null } : { kind: 'fail', error };
        }
      }, settled),
    );
  }

  /**
   * One poller: fetch a job (pg-boss, SKIP LOCKED), run it, then complete or fail it only while this
   * attempt still holds its lease. Idle, it waits for the polling interval or a wake-up. Nothing ends
   * a poller but stop(): an error it did not expect is logged and it carries on.
   */
  private async poll(queue: string, run: (job: PgBoss.JobWithMetadata<object>) => Promise<Outcome>, settled?: (data: object, output: unknown) => void): Promise<void> {
    const { boss, config, log } = this.services;
    while (!this.stopping) {
      try {
        let job: PgBoss.JobWithMetadata<object> | undefined;
        try {
          [job] = await boss.fetch<object>(queue, { batchSize: 1, includeMetadata: true });
        } catch (error) {
          if (this.stopping) continue;
          if (isDatabaseWeather(error)) log.debug(`Could not fetch ${queue} jobs: ${String(error)}`);
          else log.warn(`Could not fetch ${queue} jobs: ${String(error)}`);
        }
        if (!job) {
          await this.idle(queue, config.jobs.pollingIntervalSeconds * 1000);
          continue;
        }
        // Which process held which job when, for operators and for the reliability figures' kills.
        log.debug(`Started ${queue} job ${job.id}`, { queue, jobId: job.id, held: true });
        const outcome = await run(job);
        try {
          await this.end(queue, job, outcome, settled);
        } catch (error) {
          log.warn(`Could not record the end of ${queue} job ${job.id}: ${String(error)}`);
        } finally {
          log.debug(`Let go of ${queue} job ${job.id} (${outcome.kind})`, { queue, jobId: job.id, held: false });
        }
      } catch (error) {
        log.error(`The ${queue} poller met an unexpected error; it carries on`, error);
        await this.idle(queue, POLLER_PAUSE_MS);
      }
    }
  }

  /** Records how an attempt ended, waiting out database weather; an attempt that lost its lease records nothing. */
  private async end(queue: string, job: PgBoss.JobWithMetadata<object>, outcome: Outcome, settled?: (data: object, output: unknown) => void): Promise<void> {
    const { boss, pool, queueSettings, outages, log } = this.services;
    if (outcome.kind === 'let-go') return;
    const stopping = this.stoppingSignal.signal;
    if (outcome.kind === 'weather') {
      log.warn(`${queue} job ${job.id} met ${describeWeather(outcome.error)}; it goes back to the queue once the database takes writes again`);
      await outages.retry(async () => {
        if (outcome.attempt !== null) await this.lifecycles.get(queue)!.interrupted(this.services, job.data, outcome.attempt);
        await handBack(pool, queue, job.id);
      }, stopping);
      log.info(`${queue} job ${job.id} is back in the queue after the database weather`);
      this.wake(queue);
      return;
    }
    await outages.retry(async () => {
      if (!(await renewLease(pool, queue, job.id, job.startedOn, queueSettings.leaseSeconds))) return;
      if (outcome.kind === 'complete') await boss.complete(queue, job.id, outcome.output === undefined ? undefined : (outcome.output as object));
      else {
        await boss.fail(queue, job.id, { message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
        await backOff(pool, queue, job.id, queueSettings.retryDelaySeconds, job.retryCount);
      }
      if (outcome.output !== undefined) settled?.(job.data, outcome.output);
    }, stopping);
  }

  private idle(queue: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waits = this.idleWaits.get(queue) ?? new Set();
      this.idleWaits.set(queue, waits);
      const resume = () => {
        clearTimeout(timer);
        waits.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, ms);
      waits.add(resume);
    });
  }

  private async execute<TData>(definition: JobDefinition<TData>, job: PgBoss.JobWithMetadata<TData>): Promise<Outcome> {
    const { services } = this;
    const { lifecycle } = definition;
    const em = services.orm.em.fork();
    const outagesBefore = services.outages.count();
    let attempt: number | null;
    try {
      attempt = await lifecycle.claim(services, em, job);
      if (attempt === null) return { kind: 'complete', output: undefined };
      // A retried job inherits the expiry its last attempt had grown to; start this attempt's lease afresh.
      await renewLease(services.pool, definition.queue, job.id, job.startedOn, services.queueSettings.leaseSeconds);
    } catch (error) {
      // A claim that may have been stored is undone by the hand-back's `interrupted` (fenced by attempt; a lost one is a no-op).
      if (isDatabaseWeather(error) || services.outages.count() !== outagesBefore) return { kind: 'weather', error, attempt: null };
      return { kind: 'fail', error };
    }

    const controller = new AbortController();
    const stop = (reason: StopReason) => {
      if (!controller.signal.aborted) controller.abort(reason);
    };
    const heartbeat = this.startHeartbeat(definition, job, attempt, stop);
    const ctx: JobContext<TData> = {
      services,
      job,
      em,
      attempt,
      isLastAttempt: job.retryCount >= job.retryLimit,
      signal: controller.signal,
      throwIfStopped: () => {
        if (controller.signal.aborted) throw new JobStopped(controller.signal.reason as StopReason);
      },
    };
    const work = this.settle(definition, ctx, outagesBefore);
    const handBackNow = async () => {
      await lifecycle.interrupted(services, job.data, attempt);
      await handBack(services.pool, definition.queue, job.id);
    };
    this.active.set(job.id, { controller, done: work, handBack: handBackNow });
    try {
      return await work;
    } finally {
      heartbeat();
      this.active.delete(job.id);
    }
  }

  /** Runs the handler and turns every way it can end into the lifecycle's outcome. */
  private async settle<TData>(definition: JobDefinition<TData>, ctx: JobContext<TData>, outagesBefore: number): Promise<Outcome> {
    try {
      const output = await definition.run(ctx);
      ctx.throwIfStopped();
      return { kind: 'complete', output };
    } catch (error) {
      try {
        return await this.afterError(definition, ctx, error, outagesBefore);
      } catch (lifecycleError) {
        // Recording the failure met the weather (or failed itself): the attempt is handed back instead.
        if (isDatabaseWeather(lifecycleError)) return { kind: 'weather', error: lifecycleError, attempt: ctx.attempt };
        this.services.log.error(`Job ${definition.queue}/${ctx.job.id} attempt ${ctx.attempt} could not record its failure`, lifecycleError);
        return { kind: 'fail', error };
      }
    }
  }

  private async afterError<TData>(definition: JobDefinition<TData>, ctx: JobContext<TData>, error: unknown, outagesBefore: number): Promise<Outcome> {
    const { services } = this;
    const { lifecycle, queue } = definition;
    const { job } = ctx;
    const reason = ctx.signal.aborted ? (ctx.signal.reason as StopReason) : null;
    if (reason === 'cancelled') return { kind: 'complete', output: undefined };
    if (reason === 'lease-lost') {
      // Another attempt owns the job and its record now: this one writes nothing, not even the job's end.
      services.log.warn(`Job ${queue}/${job.id} attempt ${ctx.attempt} lost its lease; stopped without writing`);
      return { kind: 'let-go' };
    }
    if (reason === 'shutdown') {
      await lifecycle.interrupted(services, job.data, ctx.attempt);
      await handBack(services.pool, queue, job.id);
      services.log.debug(`Handed ${queue} job ${job.id} back to the queue for the next worker`);
      return { kind: 'let-go' };
    }
    if (isDatabaseWeather(error) || services.outages.count() !== outagesBefore) return { kind: 'weather', error, attempt: ctx.attempt };
    if (error instanceof PermanentJobError) {
      return { kind: 'complete', output: await lifecycle.fail(services, job.data, { code: error.code, message: error.message, details: error.details }, ctx.attempt) };
    }
    const message = recordableMessage(error, job.id);
    services.log.error(`Job ${queue}/${job.id} attempt ${ctx.attempt} failed${ctx.isLastAttempt ? '' : '; it will be retried'}`, error);
    if (ctx.isLastAttempt) return { kind: 'fail', error, output: await lifecycle.fail(services, job.data, { code: 'INTERNAL_SERVER_ERROR', message }, ctx.attempt) };
    await lifecycle.retrying(services, job.data, message, ctx.attempt);
    return { kind: 'fail', error };
  }

  /** Renews the lease and polls for cancellation until the returned function is called. */
  private startHeartbeat<TData>(definition: JobDefinition<TData>, job: PgBoss.JobWithMetadata<TData>, attempt: number, stop: (reason: StopReason) => void) {
    const { services } = this;
    const em = services.orm.em.fork();
    const leaseSeconds = services.queueSettings.leaseSeconds;
    const renew = setInterval(() => {
      renewLease(services.pool, definition.queue, job.id, job.startedOn, leaseSeconds)
        .then((held) => held || stop('lease-lost'))
        .catch((error: unknown) => services.log.warn(`Could not renew the lease of ${definition.queue} job ${job.id}: ${String(error)}`));
    }, leaseSeconds * 1000 * HEARTBEAT_FRACTION);
    const poll = setInterval(() => {
      definition.lifecycle
        .isCancelled(services, em, job, attempt)
        .then((reason) => reason && stop(reason))
        .catch(() => {});
    }, CANCEL_POLL_MS);
    renew.unref();
    poll.unref();
    return () => {
      clearInterval(renew);
      clearInterval(poll);
    };
  }

  /**
   * Stops fetching jobs, gives running ones graceMs to finish, then aborts the rest: a handler stops at
   * its next slice and hands its job back (settle). One that does not stop within ABORT_WAIT_MS (stuck in
   * IO) is handed back from here; its record writes are fenced, so a late finish cannot land.
   */
  async stop(graceMs: number): Promise<{ finished: number; handedBack: number }> {
    const running = this.active.size;
    if (this.stopping) return { finished: 0, handedBack: 0 };
    this.stopping = true;
    this.stoppingSignal.abort();
    await this.wakeups.return?.();
    for (const queue of this.idleWaits.keys()) this.wake(queue);
    if (running === 0 || (await this.settledWithin(graceMs)) === 'settled') {
      await Promise.allSettled(this.loops);
      return { finished: running, handedBack: 0 };
    }
    const aborted = this.active.size;
    for (const entry of this.active.values()) entry.controller.abort('shutdown' satisfies StopReason);
    if ((await this.settledWithin(ABORT_WAIT_MS)) === 'timeout') {
      for (const entry of this.active.values()) await entry.handBack().catch(() => {});
      return { finished: running - aborted, handedBack: aborted };
    }
    await Promise.allSettled(this.loops);
    return { finished: running - aborted, handedBack: aborted };
  }

  private async settledWithin(ms: number): Promise<'settled' | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    const settled = Promise.allSettled([...this.active.values()].map((entry) => entry.done)).then(() => 'settled' as const);
    const outcome = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return outcome;
  }
}

const describeWeather = (error: unknown): string =>
  isStorageFull(error) ? 'a full disk' : isDatabaseUnavailable(error) ? 'a database outage' : `an error during a database outage (${error instanceof Error ? error.message : String(error)})`;

/**
 * What a record may say about an error (its `error` column is served to clients): a database error's
 * message carries the statement and its values, so it is replaced by a pointer to the log.
 */
function recordableMessage(error: unknown, jobId: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const fromDatabase = (candidate: unknown): boolean => {
    for (let current = candidate, depth = 0; current && depth < 5; depth++) {
      const { code, name, cause, previous } = current as { code?: unknown; name?: unknown; cause?: unknown; previous?: unknown };
      if ((typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || (typeof name === 'string' && name.endsWith('Exception'))) return true;
      current = cause ?? previous;
    }
    return false;
  };
  return fromDatabase(error) ? `An internal database error stopped this attempt; it is logged with job ${jobId}` : message;
}
