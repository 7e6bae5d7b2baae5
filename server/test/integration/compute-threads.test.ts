import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../graphql/error-policy.ts';
import { AppError } from '../../graphql/errors.ts';
import { computation, createComputePool, MAX_COMPUTATIONS_PER_PRINCIPAL, MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL } from '../../threads/compute.ts';
import { COMPUTE_THREAD_NICENESS } from '../../threads/thread-priority.ts';
import type * as fixtures from '../fixtures/computations/computations.ts';

const FIXTURES = new URL('../fixtures/computations/computations.ts', import.meta.url);
const failLikeAnOutage = computation<typeof fixtures.failLikeAnOutage>(FIXTURES, 'failLikeAnOutage');
const failWithACode = computation<typeof fixtures.failWithACode>(FIXTURES, 'failWithACode');
const spinForever = computation<typeof fixtures.spinForever>(FIXTURES, 'spinForever');
const add = computation<typeof fixtures.add>(FIXTURES, 'add');
const threadNiceness = computation<typeof fixtures.threadNiceness>(FIXTURES, 'threadNiceness');

/** Node 20 has it; TypeScript's lib (ES2022) does not describe it yet. */
const { waitAsync } = Atomics as typeof Atomics & { waitAsync(array: Int32Array, index: number, value: number): { value: string | Promise<string> } };

/** A flag a spinning computation raises once it runs, and a promise of that moment (no sleeps). */
function startFlag() {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const started = waitAsync(flag, 0, 0).value;
  return { flag, started: typeof started === 'string' ? Promise.resolve() : started.then(() => undefined) };
}

describe('compute threads', () => {
  const threadErrors: unknown[] = [];
  const pool = createComputePool(1, (error) => threadErrors.push(error));
  afterAll(() => pool.close());

  it('hands back a thread’s database error with its code and causes, so an outage is still DATABASE_UNAVAILABLE', async () => {
    const error = await pool.run(failLikeAnOutage, [], { principalId: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it.runIf(process.platform === 'linux')('runs its threads below the event loop’s priority', async () => {
    expect(await pool.run(threadNiceness, [], { principalId: 'a' })).toBe(COMPUTE_THREAD_NICENESS);
    expect(os.getPriority()).toBe(0);
  });

  it('hands back a thread’s coded error as a coded error', async () => {
    const error = await pool.run(failWithACode, ['x'], { principalId: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).extensions).toMatchObject({ code: 'NOT_FOUND', id: 'x' });
  });

  it('ends the thread of a computation whose request was cancelled (REQUEST_TIMEOUT), and carries on with a new one', async () => {
    const cancel = new AbortController();
    const { flag, started } = startFlag();
    const spinning = pool.run(spinForever, [flag], { principalId: 'a', signal: cancel.signal }).catch((e: unknown) => e);
    await started;
    cancel.abort(new Error('timed out'));
    expect(await spinning).toBeInstanceOf(Error);
    // One thread: this runs only once the spinning one is gone.
    expect(await pool.run(add, [2, 3], { principalId: 'a' })).toBe(5);
  });

  it(`runs at most ${MAX_COMPUTATIONS_PER_PRINCIPAL} computations of one token at once, the rest waiting in order without reading their inputs, RATE_LIMITED beyond ${MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL} waiting; others not held back`, async () => {
    const cancel = new AbortController();
    const { flag, started } = startFlag();
    const mine = Array.from({ length: MAX_COMPUTATIONS_PER_PRINCIPAL }, () => pool.run(spinForever, [flag], { principalId: 'greedy', signal: cancel.signal }).catch((e: unknown) => e));
    await started;
    const reads: number[] = [];
    const readInputs = (n: number) => async (): Promise<[number, number]> => (reads.push(n), [n, 1]);
    const waiting = Array.from({ length: MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL }, (_, n) => pool.run(add, readInputs(n), { principalId: 'greedy' }));
    // One waiting computation whose request is cancelled leaves the line having read nothing.
    const leaving = new AbortController();
    const left = pool.run(add, readInputs(-1), { principalId: 'greedy', signal: leaving.signal }).catch((e: unknown) => e);
    const refused = await pool.run(add, readInputs(-2), { principalId: 'greedy' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'computations', max: MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL });
    leaving.abort(new Error('timed out'));
    expect(await left).toBeInstanceOf(Error);
    expect(reads).toEqual([]);
    const someoneElse = pool.run(add, [1, 1], { principalId: 'polite' });
    cancel.abort(new Error('timed out'));
    for (const outcome of await Promise.all(mine)) expect(outcome).toBeInstanceOf(Error);
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL }, (_, n) => n + 1));
    expect(reads).toEqual(Array.from({ length: MAX_COMPUTATIONS_WAITING_PER_PRINCIPAL }, (_, n) => n));
    expect(await someoneElse).toBe(2);
    expect(threadErrors).toEqual([]);
  });
});
