import { describe, expect, it } from 'vitest';
import { AppError } from '../../graphql/errors.ts';
import { OperationTurns } from '../../access/operation-turns.ts';

/** Whether a promise has settled yet (after the microtasks already queued). */
const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);

describe('operation turns', () => {
  it('lets a principal have so many operations in progress, admits the next in order of arrival as each ends, and holds no one else back', async () => {
    const turns = new OperationTurns(2, 10);
    const first = turns.take('a');
    const second = turns.take('a');
    const third = turns.take('a');
    const fourth = turns.take('a');
    const someoneElse = turns.take('b');
    expect(await first.admitted).toBe(true);
    expect(await second.admitted).toBe(true);
    expect(await someoneElse.admitted).toBe(true);
    expect(await settled(third.admitted)).toBe(false);
    second.leave();
    second.leave();
    expect(await third.admitted).toBe(true);
    expect(await settled(fourth.admitted)).toBe(false);
    first.leave();
    expect(await fourth.admitted).toBe(true);
  });

  it('gives up a place in the line when a waiting operation leaves, and refuses beyond the line’s length (RATE_LIMITED)', async () => {
    const turns = new OperationTurns(1, 2);
    const running = turns.take('a');
    const gone = turns.take('a');
    const next = turns.take('a');
    let refused: unknown;
    try {
      turns.take('a');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'operations', max: 2 });
    gone.leave();
    expect(await gone.admitted).toBe(false);
    running.leave();
    expect(await next.admitted).toBe(true);
    next.leave();
    // Every turn given back: a new one is admitted at once.
    expect(await turns.take('a').admitted).toBe(true);
  });
});
