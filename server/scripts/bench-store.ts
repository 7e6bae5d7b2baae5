/**
 * A large candle store on the real app: a year of 1m for 100 pairs (50 M candles by default;
 * BENCH_STORE_CANDLES picks another total for a quick run), generated inside PostgreSQL with
 * generate_series into a throwaway embedded cluster of its own under the OS temp folder, deleted after.
 * Reports bytes per candle (pg_total_relation_size), the coverage queries over GraphQL, and a 30-pair
 * universe run's load time (the job's own lap) against one pair's in the same run.
 * Run alone with `npx tsx server/scripts/bench-store.ts`, or through `npm run bench`.
 */
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { startApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { backtestJobTimings, describeTimings, gql, median, migratedThrowawayPostgres } from './bench-jobs.ts';
import { RUN, runToCompletion } from './bench-universes.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';
import { chunkSpanMs } from '../market-data/candle-chunks.ts';

const PAIRS = 100;
const UNIVERSE_PAIRS = 30;
const DEFAULT_CANDLES = 50_000_000;
const START = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const HOUR = 3_600_000;
/** A generous allowance per candle for the free-space check (heap, primary key, WAL while loading). */
const DISK_BYTES_PER_CANDLE = 400;

const symbolOf = (k: number) => `SYNTH-STORE${String(k).padStart(3, '0')}USDT`;

/**
 * One pair's candles from a smooth, seeded price path (a slow swing and a fast ripple around a level
 * of its own), valid as the engine requires: positive, high above and low below open and close; packed
 * into the store's chunks ($6 is the chunk span) as its candle-chunks.ts layout says.
 */
const GENERATE = `INSERT INTO candle_chunk (symbol, interval, chunk_start, first_open_time, last_open_time, count, "columns")
  SELECT $1, '1m', chunk_start, min(t), max(t), count(*),
    ${['t::float8', 'o', 'h', 'l', 'c', 'v'].map((column) => `string_agg(float8send(${column}), ''::bytea ORDER BY t)`).join(' || ')}
  FROM (SELECT t, t / $6::bigint * $6::bigint AS chunk_start, p0 AS o, greatest(p0, p1) * 1.0005 AS h, least(p0, p1) * 0.9995 AS l, p1 AS c, (10 + (i % 97))::float8 AS v
        FROM (SELECT i, $2::bigint + i::bigint * ${MINUTE} AS t,
                     $4 * exp(0.2 * sin(i / 5000.0 + $5) + 0.01 * sin(i / 13.0)) AS p0,
                     $4 * exp(0.2 * sin((i + 1) / 5000.0 + $5) + 0.01 * sin((i + 1) / 13.0)) AS p1
              FROM generate_series(0, $3::int - 1) AS i) AS path) AS candles
  GROUP BY chunk_start`;

export async function benchStore(): Promise<void> {
  const total = Number(process.env.BENCH_STORE_CANDLES ?? DEFAULT_CANDLES);
  const perPair = Math.floor(total / PAIRS);
  const hours = Math.floor((perPair * MINUTE) / HOUR);
  if (!Number.isInteger(total) || hours < 48) throw new Error(`BENCH_STORE_CANDLES=${process.env.BENCH_STORE_CANDLES}: give at least ${PAIRS * 48 * 60} candles`);
  const disk = await statfs(os.tmpdir());
  const free = disk.bavail * disk.bsize;
  console.log(`Candle store of ${(perPair * PAIRS).toLocaleString('en')} candles (${PAIRS} pairs × ${perPair.toLocaleString('en')} 1m), embedded PostgreSQL in ${os.tmpdir()}:`);
  if (free < perPair * PAIRS * DISK_BYTES_PER_CANDLE) {
    console.log(`  skipped: ${(free / 1e9).toFixed(1)} GB free, ${((perPair * PAIRS * DISK_BYTES_PER_CANDLE) / 1e9).toFixed(1)} GB wanted (set BENCH_STORE_CANDLES lower)`);
    return;
  }
  const log = createLogger('error', 'bench');
  const server = await migratedThrowawayPostgres(log);
  try {
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    const buildStarted = performance.now();
    let next = 0;
    const builder = async () => {
      for (let k = next++; k < PAIRS; k = next++) {
        const symbol = symbolOf(k);
        await pool.query(GENERATE, [symbol, String(START), perPair, 50 + 10 * k, k, String(chunkSpanMs('1m'))]);
        await pool.query(`INSERT INTO candle_coverage (symbol, interval, first_open_time, last_open_time, count) VALUES ($1, '1m', $2, $3, $4)`, [
          symbol,
          String(START),
          String(START + (perPair - 1) * MINUTE),
          perPair,
        ]);
      }
    };
    await Promise.all([builder(), builder()]);
    const buildS = (performance.now() - buildStarted) / 1000;
    const vacuumStarted = performance.now();
    await pool.query('VACUUM (ANALYZE) candle_chunk');
    const vacuumS = (performance.now() - vacuumStarted) / 1000;
    const { rows } = await pool.query<{ total: string; heap: string; indexes: string }>(
      `SELECT pg_total_relation_size('candle_chunk') AS total, pg_relation_size('candle_chunk') AS heap, pg_indexes_size('candle_chunk') AS indexes`,
    );
    const candles = perPair * PAIRS;
    const [bytes, heap, indexes] = [Number(rows[0].total), Number(rows[0].heap), Number(rows[0].indexes)];
    const toast = bytes - heap - indexes;
    await pool.end();
    console.log(`  built in ${buildS.toFixed(0)} s (generate_series, 2 connections), VACUUM ANALYZE ${vacuumS.toFixed(0)} s`);
    console.log(
      `  size ${(bytes / 1e9).toFixed(2)} GB = ${(bytes / candles).toFixed(1)} bytes per candle (chunk rows ${(heap / candles).toFixed(1)}, their blobs out of line ${(toast / candles).toFixed(1)}, primary key ${(indexes / candles).toFixed(1)})`,
    );

    const env = { DATABASE_URL: server.url, PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', LOG_LEVEL: 'error' };
    const app = await startApp(loadConfig(env), { api: true, worker: true, log });
    try {
      const url = app.graphqlUrl!;
      const timedQuery = async (query: string) => {
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          const t0 = performance.now();
          await gql(url, query, {});
          times.push(performance.now() - t0);
        }
        return `${Math.min(...times.slice(1)).toFixed(1)} ms best, ${median(times.slice(1)).toFixed(1)} ms median of 5`;
      };
      console.log(`  coverage of all ${PAIRS} markets (marketData, over HTTP): ${await timedQuery('{ marketData { symbol interval first last count missingCandles } }')}`);
      console.log(`  coverage of one market (marketData(symbol)):          ${await timedQuery(`{ marketData(symbol: "${symbolOf(0)}") { symbol interval first last count missingCandles } }`)}`);

      const pairs = Array.from({ length: UNIVERSE_PAIRS }, (_, k) => symbolOf(k));
      const created = await gql(url, 'mutation C($input: CreateUniverseInput!) { createUniverse(input: $input) { id } }', { input: { name: 'bench store 30', symbols: pairs } });
      const universe = (created.createUniverse as { id: string }).id;
      const span = { startDate: new Date(START).toISOString(), endDate: new Date(START + hours * HOUR).toISOString() };
      const loadOf = async (input: Record<string, unknown>) => {
        const { id, ms } = await runToCompletion(url, input);
        const { timings } = await backtestJobTimings(app.services.boss, id);
        return { ms, timings };
      };
      console.log(`  runs at 1h over the whole span (${hours.toLocaleString('en')} bars a pair, resampled on load from 1m), mutation → COMPLETED; first run, then a second:`);
      for (const [label, input] of [
        ['one pair (baseline)', { ...RUN, ...span, symbols: [pairs[0]] }],
        [`${UNIVERSE_PAIRS}-pair universe`, { ...RUN, ...span, universe }],
      ] as const) {
        for (const attempt of ['first', 'second']) {
          const { ms, timings } = await loadOf(input);
          console.log(`  ${label.padEnd(20)} ${attempt.padEnd(6)} ${ms.toFixed(0).padStart(6)} ms — ${describeTimings(timings)}`);
        }
      }
    } finally {
      await app.stop();
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  tuneV8ForTheEngine();
  await benchStore();
}
