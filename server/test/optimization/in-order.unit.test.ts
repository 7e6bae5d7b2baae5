import { describe, expect, it } from 'vitest';
import { inOrder } from '../../threads/in-order.ts';

/** A stand-in for the pool's run: each task waits until the test settles it, and the order tasks reach it is recorded. */
function controlledRun() {
  const started: string[] = [];
  const settle = new Map<string, { resolve: (value: string) => void; reject: (error: Error) => void }>();
  const run = (task: string) =>
    new Promise<string>((resolve, reject) => {
      started.push(task);
      settle.set(task, { resolve, reject });
    });
  return { run, started, settle };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('inOrder: tasks reach the pool in the order they were asked for, a few at a time', () => {
  it('hands over at most inFlight tasks, the next one each time one settles, in asking order', async () => {
    const { run, started, settle } = controlledRun();
    const submit = inOrder(run, 2);
    const outcomes = Promise.allSettled(['a1', 'a2', 'a3', 'b1', 'b2'].map((task) => submit(task)));
    await tick();
    expect(started).toEqual(['a1', 'a2']);
    settle.get('a2')!.resolve('A2');
    await tick();
    expect(started).toEqual(['a1', 'a2', 'a3']);
    settle.get('a1')!.reject(new Error('a1 failed'));
    await tick();
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1']);
    settle.get('a3')!.resolve('A3');
    settle.get('b1')!.resolve('B1');
    await tick();
    settle.get('b2')!.resolve('B2');
    expect((await outcomes).map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['a1 failed', 'A2', 'A3', 'B1', 'B2']);
  });

  it('refuses a waiting task whose signal aborts, at once and with an AbortError, and never runs it', async () => {
    const { run, started, settle } = controlledRun();
    const submit = inOrder(run, 1);
    const controller = new AbortController();
    const first = submit('first');
    const waiting = submit('waiting', controller.signal);
    const after = submit('after');
    controller.abort('cancelled');
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError', cause: 'cancelled' });
    settle.get('first')!.resolve('FIRST');
    await expect(first).resolves.toBe('FIRST');
    await tick();
    expect(started).toEqual(['first', 'after']);
    settle.get('after')!.resolve('AFTER');
    await expect(after).resolves.toBe('AFTER');
  });

  it('refuses a task asked for with a signal that has already aborted, without running it', async () => {
    const { run, started } = controlledRun();
    const submit = inOrder(run, 4);
    await expect(submit('late', AbortSignal.abort('gone'))).rejects.toMatchObject({ name: 'AbortError', cause: 'gone' });
    expect(started).toEqual([]);
  });
});
