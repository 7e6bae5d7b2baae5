import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestProgressEvent } from '../../backtest/backtest.events.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const event = (backtestId: string, barsProcessed: number): BacktestProgressEvent => ({
  backtestId,
  status: 'RUNNING',
  progress: barsProcessed / 100,
  barsProcessed,
  totalBars: 100,
  currentEquity: 1000,
  tradesSoFar: 0,
  message: null,
});

/** The LISTEN/NOTIFY event bus between processes: fan-out, topic isolation and recovery of a lost connection. */
describe('PostgreSQL event bus', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ worker: false });
    b = await startTestApp({ databaseUrl: a.databaseUrl, api: false, worker: false });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  async function next<T>(iterator: AsyncIterator<T>): Promise<T> {
    const { value, done } = await iterator.next();
    if (done) throw new Error('stream ended');
    return value;
  }

  it('delivers an event published in one app to subscribers of its topic in another, in order, and only to them', async () => {
    const mine = a.services.pubsub.subscribe('backtestProgress', 'run-1')[Symbol.asyncIterator]();
    const other = a.services.pubsub.subscribe('backtestProgress', 'run-2')[Symbol.asyncIterator]();
    const first = next(mine);
    const otherFirst = next(other);
    for (let i = 1; i <= 3; i++) b.services.pubsub.publish('backtestProgress', 'run-1', event('run-1', i));
    b.services.pubsub.publish('backtestProgress', 'run-2', event('run-2', 42));
    expect((await first).barsProcessed).toBe(1);
    expect((await next(mine)).barsProcessed).toBe(2);
    expect((await next(mine)).barsProcessed).toBe(3);
    expect((await otherFirst).barsProcessed).toBe(42);
    await mine.return?.();
    await other.return?.();
  });

  it('sends the events published while a NOTIFY is in flight together in the next, complete and in order', async () => {
    const stream = a.services.pubsub.subscribe('backtestProgress', 'run-burst')[Symbol.asyncIterator]();
    const pool = b.services.pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    let notifyStatements = 0;
    pool.query = ((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('pg_notify')) notifyStatements++;
      return query(...args);
    }) as typeof pool.query;
    try {
      const EVENTS = 300;
      const first = next(stream);
      for (let i = 1; i <= EVENTS; i++) b.services.pubsub.publish('backtestProgress', 'run-burst', event('run-burst', i));
      const received = [(await first).barsProcessed];
      while (received.length < EVENTS) received.push((await next(stream)).barsProcessed);
      expect(received).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
      // The first alone and the rest behind it in one more (or all in one, when a statement of earlier
      // events was still in flight): not one round trip per event.
      expect(notifyStatements).toBeGreaterThanOrEqual(1);
      expect(notifyStatements).toBeLessThanOrEqual(2);
    } finally {
      pool.query = query as typeof pool.query;
      await stream.return?.();
    }
  });

  it('publishes on commit: after the events published before it, only once the transaction commits, never when it rolls back', async () => {
    const stream = a.services.pubsub.subscribe('backtestProgress', 'run-commit')[Symbol.asyncIterator]();
    const received: number[] = [];
    let arrived = next(stream);
    const take = async () => {
      received.push((await arrived).barsProcessed);
      arrived = next(stream);
    };
    const inTransaction = async (work: (client: pg.PoolClient) => Promise<void>, end: 'COMMIT' | 'ROLLBACK') => {
      const client = await b.services.pool.connect();
      try {
        await client.query('BEGIN');
        await work(client);
        await client.query(end);
      } finally {
        client.release();
      }
    };
    try {
      // Rolled back: never heard; the marker published next arrives first.
      await inTransaction((client) => b.services.pubsub.publishOnCommit(client, 'backtestProgress', 'run-commit', event('run-commit', 99)), 'ROLLBACK');
      b.services.pubsub.publish('backtestProgress', 'run-commit', event('run-commit', 1));
      await take();
      // Published before it, in a burst still being sent (each of the bus's NOTIFY statements held up, as on a slow
      // connection): they come first.
      const pool = b.services.pool;
      const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
      pool.query = (async (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].includes('pg_notify')) await new Promise((resolve) => setTimeout(resolve, 200));
        return query(...args);
      }) as typeof pool.query;
      try {
        for (let i = 2; i <= 50; i++) b.services.pubsub.publish('backtestProgress', 'run-commit', event('run-commit', i));
        await inTransaction((client) => b.services.pubsub.publishOnCommit(client, 'backtestProgress', 'run-commit', event('run-commit', 51)), 'COMMIT');
      } finally {
        pool.query = query as typeof pool.query;
      }
      while (received.length < 51) await take();
      expect(received).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    } finally {
      arrived.catch(() => {});
      await stream.return?.();
    }
  });

  it('reconnects after its LISTEN connection is killed and delivers again', async () => {
    const admin = new pg.Client({ connectionString: a.databaseUrl });
    await admin.connect();
    try {
      const reconnected = Promise.all([a.eventTarget.reconnected(), b.eventTarget.reconnected()]);
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
      );
      // Both apps listen; both connections are cut.
      expect(killed.rows.length).toBe(2);
      await reconnected;
      const stream = a.services.pubsub.subscribe('backtestProgress', 'run-3')[Symbol.asyncIterator]();
      const received = next(stream);
      b.services.pubsub.publish('backtestProgress', 'run-3', event('run-3', 7));
      expect((await received).barsProcessed).toBe(7);
      await stream.return?.();
    } finally {
      await admin.end();
    }
  });
});
