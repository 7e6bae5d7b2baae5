import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../db/cluster.ts';
import { percentile } from '../engine/index.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient } from '../harness/graphql-client.ts';
import { startProcess } from '../harness/processes.ts';
import { createThreadPool } from '../threads/thread-pool.ts';
import type { FigureContext, ReliabilityFigure } from './figure.ts';
import type { HostileLoad } from './hostile-load.ts';

const TOKENS = { writer: 'hostile-writer-0123456789abcdef', reader: 'hostile-reader-0123456789abcdef', observer: 'hostile-observer-0123456789abcdef' };
const HOSTILE_CONNECTIONS = 8;
const MEASURE_MS = 20_000;
const PROBE_EVERY_MS = 25;
const P99_LIMIT_MS = 100;
const YEAR = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };

/** What the hostile read-only client asks for, over and over: the most each of the read limits lets through. */
function hostileOperations(runId: string, trades: number, sweepId: string): Array<{ name: string; query: string; variables?: Record<string, unknown> }> {
  const atBudget = Math.floor(50_000_000 / Math.max(1, trades));
  return [
    { name: 'monteCarlo at the work budget', query: `{ monteCarlo(backtestId: "${runId}", iterations: ${atBudget}) { probabilityOfLoss } }` },
    { name: '10 × monteCarlo 6,300 iterations', query: `{ ${Array.from({ length: 10 }, (_, i) => `m${i}: monteCarlo(backtestId: "${runId}", iterations: 6300, seed: ${i}) { probabilityOfLoss }`).join(' ')} }` },
    { name: '9 × dataQuality of a year of 5m', query: `{ ${Array.from({ length: 9 }, (_, i) => `q${i}: dataQuality(symbol: "SYNTH-BTCUSDT", interval: "5m", from: "${YEAR.from}", to: "${YEAR.to}") { missingCandles }`).join(' ')} }` },
    { name: '10 × heatmap and sensitivity', query: `{ optimizationSweep(id: "${sweepId}") { ${Array.from({ length: 10 }, (_, i) => `h${i}: heatmap(paramX: "fast", paramY: "slow") { cells { value } } s${i}: sensitivity(param: "fast") { mean }`).join(' ')} } }` },
    { name: 'an unused 1 MB variable', query: 'query Q($unused: String) { __typename }', variables: { unused: 'x'.repeat(1_000_000) } },
    { name: 'a document 10,000 brackets deep', query: `{ ${'a { '.repeat(10_000)} }` },
  ];
}

async function seed(url: string): Promise<{ runId: string; trades: number; sweepId: string }> {
  const writer = graphqlClient(url, TOKENS.writer);
  await gqlData(writer, 'mutation { loadSampleData { seeded } }');
  const market = { symbols: ['SYNTH-BTCUSDT'], timeframe: '5m', startDate: YEAR.from, endDate: YEAR.to, initialCapital: 10_000 };
  const { runBacktest } = await gqlData(writer, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input: { ...market, name: 'hostile reader', strategy: 'confluence' } });
  const { optimizeStrategy } = await gqlData(writer, 'mutation S($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }', {
    input: { ...market, timeframe: '1h', name: 'hostile reader', strategy: 'sma_cross', parameterRanges: { fast: { min: 5, max: 25, step: 2 }, slow: { min: 40, max: 160, step: 20 } } },
  });
  const streams = wsClient(url, TOKENS.writer);
  try {
    await collectSubscription(streams, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id }).done;
    await collectSubscription(streams, 'subscription P($id: ID!) { optimizationProgress(id: $id) { status } }', { id: optimizeStrategy.id }).done;
  } finally {
    await streams.dispose();
  }
  const { backtest } = await gqlData(writer, 'query B($id: ID!) { backtest(id: $id) { metrics { totalTrades } } }', { id: runBacktest.id });
  return { runId: runBacktest.id, trades: backtest.metrics.totalTrades, sweepId: optimizeStrategy.id };
}

/** `{ __typename }` every PROBE_EVERY_MS for `ms`, one at a time: each answer's latency. */
async function probe(url: string, ms: number): Promise<number[]> {
  const observer = graphqlClient(url, TOKENS.observer);
  const latencies: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sent = performance.now();
    const { data } = await observer('{ __typename }');
    if (data?.__typename !== 'Query') throw new Error('the probe was not answered');
    latencies.push(performance.now() - sent);
    await sleep(Math.max(0, PROBE_EVERY_MS - (performance.now() - sent)));
  }
  return latencies.sort((a, b) => a - b);
}

const summary = (latencies: number[]) =>
  `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms over ${latencies.length} probes`;

/**
 * `npm start` as a process of its own (API and in-process worker): a read-only token asks, on 8
 * connections at once and for 20 s, for everything heavy its limits allow (Monte Carlo at the work
 * budget, aliases over the budget, year-long data-quality reports, heatmaps, a 1 MB unused variable,
 * a 10,000-deep document), from a thread of its own (hostile-load.ts), while another client's
 * `{ __typename }` is timed, against the same probe with no load first. The machine's load average
 * is printed with it: other work on the machine takes the cores from the server too.
 */
export const hostileReaderFigure: ReliabilityFigure = {
  name: 'The event loop under a hostile read-only client',
  async run(context: FigureContext) {
    const port = await freePort();
    const app = startProcess('server/main.ts', {
      DATABASE_URL: await context.createDatabase('hostile_reader'),
      PORT: String(port),
      CANDLELAB_SERVE_WEB: 'false',
      CANDLELAB_SAMPLE_DATA: 'false',
      CANDLELAB_API_TOKENS: `writer:write:${TOKENS.writer},reader:read:${TOKENS.reader},observer:read:${TOKENS.observer}`,
      // Thousands of refusals would each log a line: warnings only (the start is awaited by asking).
      LOG_LEVEL: 'warn',
    });
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitUntilAnswering(url);
      const { runId, trades, sweepId } = await seed(url);
      const baseline = await probe(url, MEASURE_MS / 2);
      const operations = hostileOperations(runId, trades, sweepId).map(({ name, query, variables }) => ({ name, body: JSON.stringify({ query, variables }) }));
      const attacker = createThreadPool(new URL('./hostile-load.ts', import.meta.url), { threads: 1, onThreadError: () => undefined });
      let answers: Array<[string, string, number]>;
      let underLoad: number[];
      let loadAverage = '';
      try {
        const load: HostileLoad = { url, token: TOKENS.reader, operations, connections: HOSTILE_CONNECTIONS, durationMs: MEASURE_MS };
        loadAverage = loadavg()[0].toFixed(1);
        [answers, underLoad] = await Promise.all([attacker.run(load) as Promise<Array<[string, string, number]>>, probe(url, MEASURE_MS)]);
      } finally {
        await attacker.destroy();
      }
      const p99 = percentile(underLoad, 0.99);
      return {
        lines: [
          `a read-only token on ${HOSTILE_CONNECTIONS} connections for ${MEASURE_MS / 1000} s, each asking again as soon as answered (run with ${trades} trades, a 77-row sweep, a year of 5m):`,
          ...operations.map(({ name }) => `  ${name}: ${answers.filter(([operation]) => operation === name).map(([, code, n]) => `${code} ${n}`).join(', ')}`),
          `{ __typename } from another client, no load: ${summary(baseline)}`,
          `other work on this machine: load average ${loadAverage} over ${availableParallelism()} cores when the load began`,
          `{ __typename } p99 under the hostile read-only client: ${p99.toFixed(1)} ms (limit ${P99_LIMIT_MS} ms); ${summary(underLoad)}`,
        ],
        held: p99 <= P99_LIMIT_MS,
      };
    } finally {
      await app.kill('SIGTERM');
    }
  },
};

async function waitUntilAnswering(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const answered = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.observer}` }, body: '{"query":"{ __typename }"}' }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await sleep(100);
  }
  throw new Error('the app never answered');
}
