import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id status } }`;

const valid = {
  symbols: ['SYNTH-BTCUSDT'],
  timeframe: '5m',
  startDate: '2024-01-01T00:00:00Z',
  endDate: '2024-02-01T00:00:00Z',
  strategy: 'ema_cross',
  strategyParams: {},
  initialCapital: 10_000,
};

const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['unknown strategy', { strategy: 'moon_shot' }, 'UNKNOWN_STRATEGY', /moon_shot/],
  ['end before start', { startDate: '2024-03-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z' }, 'INVALID_DATE_RANGE', /endDate.*after startDate/],
  ['end equal to start', { endDate: '2024-01-01T00:00:00Z' }, 'INVALID_DATE_RANGE', /after startDate/],
  ['empty symbols', { symbols: [] }, 'BAD_USER_INPUT', /at least one symbol/],
  ['malformed symbol', { symbols: ['btc usdt'] }, 'BAD_USER_INPUT', /not a valid symbol/],
  ['negative capital', { initialCapital: -5 }, 'BAD_USER_INPUT', /initialCapital must be a number in \[1, 1000000000000\]/],
  ['zero capital', { initialCapital: 0 }, 'BAD_USER_INPUT', /initialCapital must be a number in \[1, 1000000000000\]/],
  ['malformed JSON params', { strategyParams: '{"fast": 12,' }, 'INVALID_JSON', /strategyParams is not valid JSON/],
  ['params not an object', { strategyParams: [1, 2] }, 'INVALID_JSON', /JSON object/],
  ['unknown timeframe', { timeframe: '7m' }, 'BAD_USER_INPUT', /not a Binance interval/],
  ['invalid date', { startDate: 'yesterday' }, 'BAD_USER_INPUT', /DateTime|startDate/],
];

describe('runBacktest rejects bad input with a code, enqueuing nothing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(cases)('%s', async (_label, override, code, message) => {
    const result = await app.gql(RUN, { input: { ...valid, ...override } });
    expect(result.data?.runBacktest ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe(code);
    expect(result.errors![0].message).toMatch(message);
  });

  it('rejects out-of-range and inconsistent strategy parameters with one message each', async () => {
    const result = await app.gql(RUN, { input: { ...valid, strategyParams: { fast: 50, slow: 20, bogus: 1 } } });
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_STRATEGY_PARAMS');
    expect(result.errors?.[0].message).toMatch(/bogus/);
    expect(result.errors?.[0].message).toMatch(/fast/);
  });

  it('answers an unparsable query and an unknown field with codes too', async () => {
    const syntax = await app.gql('query { backtests( }');
    expect(syntax.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await app.gql('query { nope }');
    expect(unknown.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const missing = await app.gql('query Q($id: ID!) { backtest(id: $id) { id } }', {});
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('left no run and no job behind', async () => {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const runs = await client.query('SELECT count(*)::int AS n FROM backtest_run');
      const jobs = await client.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'backtest'");
      expect(runs.rows[0].n).toBe(0);
      expect(jobs.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('a valid request is accepted and queued exactly once', async () => {
    const result = await app.gql(RUN, { input: valid });
    expect(result.errors).toBeUndefined();
    expect(result.data.runBacktest.status).toBe('PENDING');
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const jobs = await client.query("SELECT id::text FROM pgboss.job WHERE name = 'backtest'");
      expect(jobs.rows.map((r) => r.id)).toEqual([result.data.runBacktest.id]);
    } finally {
      await client.end();
    }
  });
});
