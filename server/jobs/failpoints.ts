/**
 * Failpoints for crash tests (the technique FoundationDB and TiKV use): a process started with
 * CANDLELAB_FAILPOINTS=name[,name…] stops dead at each named point, announcing it on stdout, so a
 * test can SIGKILL it at an exact place (e.g. inside the result transaction) instead of racing a
 * timer. Unset, a failpoint costs one Set lookup.
 */
const active = new Set((process.env.CANDLELAB_FAILPOINTS ?? '').split(',').map((name) => name.trim()).filter(Boolean));

export type FailpointName = 'backtest.simulate.midway' | 'backtest.persist.afterTrades';

export async function failpoint(name: FailpointName): Promise<void> {
  if (!active.has(name)) return;
  console.log(`failpoint ${name} reached`);
  await new Promise(() => {});
}
