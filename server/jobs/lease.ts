import type pg from 'pg';

/**
 * Job leases on top of pg-boss 10, which has no heartbeat of its own: a job is sent with a short
 * expiry (the lease), and a worker holding it pushes the expiry forward while it works. pg-boss's
 * maintenance then treats a job whose worker died (no more renewals) as expired within one lease,
 * whatever the job's length, and retries it elsewhere; a job that is merely long is never expired.
 * Completing or failing an attempt first renews its lease (fenced by its start time): an attempt
 * that lost its lease must not complete or fail the job another worker now runs, and pg-boss's own
 * complete/fail look only at the job id. A renewed lease cannot lapse in the milliseconds before the
 * completion lands.
 * These statements touch pg-boss's job table directly (pinned to pg-boss 10.x's schema, checked
 * by the lease tests); everything else goes through its API.
 */

/**
 * Extends the lease of the attempt that started at `startedOn` to `leaseSeconds` from now. False when
 * that attempt no longer holds the job (it expired and was retried, or was cancelled or failed).
 */
export async function renewLease(pool: pg.Pool, queue: string, jobId: string, startedOn: Date, leaseSeconds: number): Promise<boolean> {
  // started_on has microseconds; the Date pg-boss handed us has milliseconds.
  const result = await pool.query(
    `UPDATE pgboss.job SET expire_in = (now() - started_on) + make_interval(secs => $4)
      WHERE name = $1 AND id = $2 AND state = 'active' AND date_trunc('milliseconds', started_on) = $3`,
    [queue, jobId, startedOn, leaseSeconds],
  );
  return result.rowCount === 1;
}

/**
 * Gives an active job back to the queue for an immediate retry without spending one of its attempts
 * (the next fetch counts a retry, so the limit grows by one): what a worker does with the jobs it is
 * running when it is asked to shut down.
 */
export async function handBack(pool: pg.Pool, queue: string, jobId: string): Promise<void> {
  await pool.query(
    `UPDATE pgboss.job SET state = 'retry', start_after = now(), retry_limit = retry_limit + 1
      WHERE name = $1 AND id = $2 AND state = 'active'`,
    [queue, jobId],
  );
}

/** The longest a failed attempt waits for its retry (the backoff doubles up to this). */
export const MAX_RETRY_BACKOFF_SECONDS = 60;

/**
 * Pushes the retry of an attempt that failed with an error back exponentially (`delaySeconds` ×
 * 2^retryCount, at most MAX_RETRY_BACKOFF_SECONDS). Queues retry after a constant delay, so a job
 * whose worker died resumes within about a lease however often it happened; only errors back off.
 */
export async function backOff(pool: pg.Pool, queue: string, jobId: string, delaySeconds: number, retryCount: number): Promise<void> {
  const seconds = Math.min(MAX_RETRY_BACKOFF_SECONDS, delaySeconds * 2 ** retryCount);
  await pool.query(`UPDATE pgboss.job SET start_after = now() + make_interval(secs => $3) WHERE name = $1 AND id = $2 AND state = 'retry'`, [queue, jobId, seconds]);
}
