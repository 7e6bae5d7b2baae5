import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Failpoints for crash tests (the technique FoundationDB and TiKV use). A process started with
 * CANDLELAB_FAILPOINTS=name[,name…] stops dead at each named point, announcing it on stdout, so a
 * test can SIGKILL it at an exact place (e.g. inside the result transaction) instead of racing a
 * timer; `name=delay:MS` instead waits MS at every pass, to stretch work long enough to interrupt.
 * Unset, a failpoint costs one Map lookup.
 */
const actions = new Map(
  (process.env.CANDLELAB_FAILPOINTS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, action] = entry.split('=');
      const delay = /^delay:(\d+)$/.exec(action ?? '');
      return [name, delay ? Number(delay[1]) : 'hang'] as const;
    }),
);

export type FailpointName = 'backtest.simulate.midway' | 'backtest.simulate.slice' | 'backtest.persist.afterTrades' | 'optimize.coordinator.started' | 'optimize.chunk.evaluated';

export async function failpoint(name: FailpointName): Promise<void> {
  const action = actions.get(name);
  if (action === undefined) return;
  if (action !== 'hang') return void (await sleep(action));
  console.log(`failpoint ${name} reached`);
  await new Promise(() => {});
}
