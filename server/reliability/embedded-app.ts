import path from 'node:path';
import { startProcess, type RunningProcess } from '../harness/processes.ts';

/**
 * `npm start` as a process of its own on an embedded PostgreSQL in `dataDir` (its supervisor's state
 * beside it under `root`), serving only the API on `port`, with no sample: what a fault scenario breaks.
 */
export function startEmbeddedApp(root: string, dataDir: string, port: number, env: Record<string, string>): RunningProcess {
  return startProcess('server/main.ts', {
    CANDLELAB_DATA_DIR: dataDir,
    CANDLELAB_STATE_DIR: path.join(root, 'state'),
    DATABASE_URL: '',
    PORT: String(port),
    CANDLELAB_SERVE_WEB: 'false',
    CANDLELAB_SAMPLE_DATA: 'false',
    ...env,
  });
}
