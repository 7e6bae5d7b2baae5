/**
 * Completion → subscriber latency under fan-out on the real app: the reliability scenario of 50 backtests
 * queued at once with 200 graphql-ws subscribers and 2 worker processes (reliability/job-figures.ts),
 * measured here against its target. Run alone with `npx tsx server/scripts/bench-subscribers.ts`, or
 * through `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { createLogger } from '../logger.ts';
import { figureContext } from '../reliability/figures.ts';
import { FAN_OUT_P95_TARGET_MS, measureConcurrentRuns } from '../reliability/job-figures.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';

export async function benchSubscribers(): Promise<void> {
  const postgres = await startThrowawayPostgres(createLogger('error', 'bench'));
  try {
    const admin = new URL(postgres.url);
    admin.pathname = '/postgres';
    const result = await measureConcurrentRuns(figureContext(admin.toString()));
    console.log('Fan-out, 50 runs with 200 subscribers, completion (stored completed_at) → COMPLETED event at the subscriber:');
    for (const line of result.lines) console.log(`  ${line}`);
    console.log(`  target p95 <= ${FAN_OUT_P95_TARGET_MS} ms: ${result.held && result.p95Ms <= FAN_OUT_P95_TARGET_MS ? 'PASS' : 'FAIL'}`);
  } finally {
    await postgres.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  tuneV8ForTheEngine();
  await benchSubscribers();
}
