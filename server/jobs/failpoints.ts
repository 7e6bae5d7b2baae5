import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Failpoints for crash tests (the technique FoundationDB and TiKV use). A process started with
 * CANDLELAB_FAILPOINTS=name[,name…] stops dead at each named point, announcing it on stdout, so a
 * test can SIGKILL it at an exact place (e.g. inside the result transaction) instead of racing a
 * timer; `name=delay:MS` instead waits MS at every pass (announcing "failpoint <name> delaying"), to stretch work long enough to interrupt;
 * `name=pause` stops at the first pass only (announcing "failpoint <name> paused") until the process
 * gets SIGUSR2, so a test can break something around the process (kill its database) at that exact
 * place and let the same process carry on. Unset, a failpoint costs one Map lookup.
 */
type Action = number | 'hang' | 'pause';

const actions = new Map<string, Action>(
  (process.env.CANDLELAB_FAILPOINTS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, action] = entry.split('=');
      const delay = /^delay:(\d+)$/.exec(action ?? '');
      return [name, delay ? Number(delay[1]) : action === 'pause' ? 'pause' : 'hang'] as const;
    }),
);

/**
 * Where a job can be stopped, by stage: pickup (claimed, nothing read), load (candles in memory),
 * simulate (mid-evaluation), store (inside the result's transaction), publish (stored; a backtest's progress
 * stream has heard it with the commit, its run lists and live curve not yet).
 */
export const JOB_STAGE_FAILPOINTS = {
  backtest: {
    pickup: 'backtest.pickup',
    load: 'backtest.load',
    simulate: 'backtest.simulate.midway',
    store: 'backtest.persist.afterTrades',
    publish: 'backtest.publish',
  },
  sweep: {
    pickup: 'optimize.coordinator.started',
    load: 'optimize.load',
    simulate: 'optimize.chunk.evaluated',
    store: 'optimize.store',
    publish: 'optimize.publish',
  },
} as const;

type StageFailpoint = (typeof JOB_STAGE_FAILPOINTS)[keyof typeof JOB_STAGE_FAILPOINTS][keyof (typeof JOB_STAGE_FAILPOINTS)['backtest']];
export type FailpointName = StageFailpoint | 'backtest.simulate.slice' | 'enqueue.afterRecord';

const paused = new Set<string>();
let resumeWaiting: Array<() => void> = [];
// Only a process with a pause failpoint listens; a SIGUSR2 with nothing paused is then ignored rather
// than ending the process (Node's default for it).
if ([...actions.values()].includes('pause')) {
  process.on('SIGUSR2', () => {
    const waiting = resumeWaiting;
    resumeWaiting = [];
    for (const resume of waiting) resume();
  });
}

export async function failpoint(name: FailpointName): Promise<void> {
  const action = actions.get(name);
  if (action === undefined) return;
  if (typeof action === 'number') {
    // Announced, so that a test can kill the process while it is inside the stretched stretch.
    console.log(`failpoint ${name} delaying ${action} ms`);
    return void (await sleep(action));
  }
  if (action === 'pause') {
    if (paused.has(name)) return;
    paused.add(name);
    const resumed = new Promise<void>((resolve) => resumeWaiting.push(resolve));
    console.log(`failpoint ${name} paused`);
    return resumed;
  }
  console.log(`failpoint ${name} reached`);
  await new Promise(() => {});
}
