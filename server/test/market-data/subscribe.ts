import { wsClient } from '../helpers/graphql-client.ts';

/** Collects a subscription's events; `until` waits on a predicate, `done` for the end of the stream. */
export function subscribe(url: string, query: string, variables: Record<string, unknown>) {
  const ws = wsClient(url);
  const events: any[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const done = new Promise<void>((resolve, reject) => {
    ws.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors.push(...value.errors);
          if (value.data) events.push(value.data);
          for (const w of [...waiters]) w();
        },
        error: (error) => reject(new Error(`subscription failed: ${error instanceof Error ? error.message : JSON.stringify(error)} ${(error as { code?: number; reason?: string })?.code ?? ""} ${(error as { reason?: string })?.reason ?? ""}`)),
        complete: () => resolve(),
      },
    );
  }).finally(() => {
    for (const w of [...waiters]) w();
  });
  done.catch(() => {});
  let ended = false;
  void done.finally(() => (ended = true)).catch(() => {});
  return {
    events,
    errors,
    done: done.then(async () => {
      await ws.dispose();
    }),
    until(predicate: (events: any[]) => boolean): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) resolve();
          else if (ended) reject(new Error(`stream ended without the expected event: ${JSON.stringify(events)} ${JSON.stringify(errors)}`));
          else return;
          waiters.splice(waiters.indexOf(check), 1);
        };
        waiters.push(check);
        check();
      });
    },
    dispose: () => ws.dispose(),
  };
}

