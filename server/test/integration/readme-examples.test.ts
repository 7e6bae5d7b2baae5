import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/cluster.ts';
import { schema } from '../../graphql/schema.ts';
import { gqlData, graphqlClient, streamToEnd, type GraphQLClient } from '../../harness/graphql-client.ts';
import { startProcess, type RunningProcess } from '../../harness/processes.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
const PLACEHOLDER = '"…"';

/** Every GraphQL block of the README. */
function graphqlBlocks(text: string): string[] {
  return text.split('```graphql').slice(1).map((part) => part.split('```')[0]);
}

/** The operations of the "API at a glance" section, in order, each as the exact text printed. */
function apiAtAGlance(): Array<{ name: string; kind: 'query' | 'mutation' | 'subscription'; text: string }> {
  const section = README.split('## API at a glance')[1].split('\n## ')[0];
  return graphqlBlocks(section).flatMap((block) =>
    parse(block)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => ({ name: d.name?.value ?? '(anonymous)', kind: d.operation, text: block.slice(d.loc!.start, d.loc!.end) })),
  );
}

/** Every `status` anywhere in a result, so a run or sweep that did not complete cannot pass unnoticed. */
function statuses(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(statuses);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'status' && typeof v === 'string' ? [v] : statuses(v)));
}

/** Sends a query as soon as the port accepts connections: the first answer a client can possibly get. */
async function firstAnswer(client: GraphQLClient, query: string, app: RunningProcess) {
  for (;;) {
    try {
      return await gqlData(client, query);
    } catch (error) {
      const code = ((error as Error).cause as { code?: string } | undefined)?.code;
      if (code !== 'ECONNREFUSED' || app.child.exitCode !== null) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe('README', () => {
  it('API examples are valid against the schema', () => {
    const blocks = graphqlBlocks(README);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const errors = validate(schema, parse(block.replaceAll(PLACEHOLDER, '"00000000-0000-0000-0000-000000000000"')));
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });

  describe('on a fresh start with no network (npm start, new data folder)', () => {
    let dataDir = '';
    let app: RunningProcess | null = null;
    afterAll(async () => {
      await app?.kill('SIGTERM');
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('answers only once the sample is stored, then runs every "API at a glance" example as printed to COMPLETED', async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'candlelab-readme-'));
      const port = await freePort();
      const offline = `http://127.0.0.1:${await freePort()}`;
      app = startProcess('server/main.ts', {
        CANDLELAB_DATA_DIR: dataDir,
        CANDLELAB_STATE_DIR: path.join(dataDir, 'state'),
        DATABASE_URL: '',
        PORT: String(port),
        CANDLELAB_SERVE_WEB: 'false',
        BINANCE_BASE_URL: offline,
        BINANCE_FUTURES_BASE_URL: offline,
      });
      const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
      const gql = graphqlClient(graphqlUrl);

      // Seeding starts; from here on, the very first answer /graphql gives must already show the whole sample.
      await app.waitForLine(/loading the synthetic sample markets/);
      const { marketData } = await firstAnswer(gql, '{ marketData { symbol interval count first } }', app);
      expect(marketData).toEqual([
        { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 105_120, first: '2025-01-01T00:00:00.000Z' },
        { symbol: 'SYNTH-ETHUSDT', interval: '5m', count: 105_120, first: '2025-01-01T00:00:00.000Z' },
      ]);
      await app.waitForLine(/Candlelab is running at/);

      const operations = apiAtAGlance();
      expect(operations.map((o) => o.name)).toEqual(['StartRun', 'WatchRun', 'Results', 'StartSweep', 'WatchSweep', 'SweepResults', 'WatchRecommendations']);
      let id: string | null = null;
      for (const operation of operations) {
        // The only edit allowed: the id an earlier example returned, in place of "…".
        const text: string = operation.text.includes(PLACEHOLDER) ? operation.text.replaceAll(PLACEHOLDER, JSON.stringify(id)) : operation.text;
        if (operation.kind === 'mutation') {
          const data: Record<string, { id: string }> = await gqlData(gql, text);
          id = Object.values(data)[0].id;
          expect(id, operation.name).toMatch(/^[0-9a-f-]{36}$/);
        } else if (operation.kind === 'subscription') {
          const events = await streamToEnd(graphqlUrl, text, {});
          expect(events.length, operation.name).toBeGreaterThan(0);
          expect(statuses(events.at(-1)).every((s) => s === 'COMPLETED'), `${operation.name}: ${JSON.stringify(events.at(-1))}`).toBe(true);
        } else {
          const data = await gqlData(gql, text);
          expect(statuses(data).every((s) => s === 'COMPLETED'), `${operation.name}: ${JSON.stringify(statuses(data))}`).toBe(true);
          if (operation.name === 'Results') {
            expect(data.backtest.metrics.totalTrades).toBeGreaterThan(0);
            expect(data.backtest.equityCurve.length).toBeGreaterThan(2);
            expect(data.backtests.totalCount).toBe(1);
            // A crossover strategy signals both ways, and an opposite signal reverses by default: both sides trade.
            const sides = await gqlData(gql, `query Sides($id: ID!) { backtest(id: $id) { long: trades(first: 1, filter: { direction: LONG }) { totalCount } short: trades(first: 1, filter: { direction: SHORT }) { totalCount } } }`, { id });
            expect(sides.backtest.long.totalCount).toBeGreaterThan(0);
            expect(sides.backtest.short.totalCount).toBeGreaterThan(0);
          }
          if (operation.name === 'SweepResults') expect(data.optimizationSweep.results.edges.length).toBe(20);
        }
      }
    });
  });
});
