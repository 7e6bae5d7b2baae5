// The entry of every worker thread (thread-pool.ts), in plain JavaScript so that it loads without a
// TypeScript loader. It registers tsx's ESM hooks itself, then imports the TypeScript module the pool
// names (workerData.module) as an ES module. Given a .ts file with tsx on the thread's command line,
// Piscina require()s it first, which tsx serves as CommonJS: every engine call then goes through an
// export getter, and sweeps ran 2× slower than on the main thread (bench: 1.9 against 0.9 ms per
// year-of-5m evaluation). A `--import tsx/esm` flag alone races the first import
// (ERR_UNKNOWN_FILE_EXTENSION), which registering here cannot.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: work } = await import(workerData.module);

export default work;
