import { freePort } from '../db/cluster.ts';
import { startProcess, type RunningProcess } from '../harness/processes.ts';

/** The read-only token the fuzzed server knows (it requires one: nothing anonymous may mutate). */
export const FUZZ_TOKEN = 'fuzz-reader-0123456789abcdef';

/** The fuzz server (fuzz-server.ts) as its own process, serving the web client and GraphQL, no worker, tokens required. */
export async function startFuzzTarget(databaseUrl: string): Promise<{ app: RunningProcess; port: number }> {
  const port = await freePort();
  const app = startProcess('server/reliability/fuzz-server.ts', {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    CANDLELAB_SERVE_WEB: 'true',
    CANDLELAB_SAMPLE_DATA: 'false',
    CANDLELAB_API_TOKENS: `fuzz:read:${FUZZ_TOKEN}`,
  });
  await app.waitForLine(/Candlelab is running at/);
  return { app, port };
}
