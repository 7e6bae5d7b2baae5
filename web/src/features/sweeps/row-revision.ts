import { createEffect, createSignal, on, type Accessor } from 'solid-js';

/** While a sweep runs, its tables and maps are re-read at most this often (rows arrive in chunks). */
const LIVE_REFRESH_MS = 3000;

/**
 * A counter the row views re-read on: bumped now and then while rows arrive, and once more when the
 * sweep ends (after `onEnd`, which re-reads the sweep itself).
 */
export function createRowRevision(completed: Accessor<number | null | undefined>, finished: Accessor<boolean>, onEnd: () => void): Accessor<number> {
  const [revision, setRevision] = createSignal(0);
  let lastRefresh = 0;
  createEffect(
    on(
      completed,
      () => {
        if (finished() || Date.now() - lastRefresh < LIVE_REFRESH_MS) return;
        lastRefresh = Date.now();
        setRevision((n) => n + 1);
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      finished,
      (done, was) => {
        if (!done || was !== false) return;
        onEnd();
        setRevision((n) => n + 1);
      },
      { defer: true },
    ),
  );
  return revision;
}
