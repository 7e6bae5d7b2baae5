import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { JAN_2024, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData, wsClient } from '../../harness/graphql-client.ts';

type Body = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown };

async function send(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Body | null = null;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    // asserted below
  }
  return { status: response.status, headers: response.headers, text, body };
}

const postJson = (url: string, query: string, variables?: unknown) =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query, variables }) });

/** One error, coded, with the request id of its response and nothing internal. */
function expectCodedError(result: { status: number; headers: Headers; text: string; body: Body | null }, code: string) {
  expect(result.body?.errors?.[0]?.extensions?.code, result.text).toBe(code);
  expect(result.body?.errors?.[0]?.extensions?.requestId).toBe(result.headers.get('x-request-id'));
  expect(result.text).not.toMatch(/originalError|stack|at [A-Za-z]+ \(|SELECT |node_modules/);
}

async function wsFirstError(url: string, query: string, variables?: Record<string, unknown>) {
  const client = wsClient(url);
  try {
    return await new Promise<{ message?: string; extensions?: Record<string, unknown> } | string>((resolve) => {
      client.subscribe(
        { query, variables },
        {
          next: (value) => resolve((value.errors?.[0] as never) ?? 'data'),
          error: (error) => resolve(Array.isArray(error) ? (error[0] as never) : `closed ${(error as { code?: number }).code}`),
          complete: () => resolve('complete'),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe('limits and errors', () => {
  let app: TestApp;
  let url: string;
  let runId: string;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    url = app.graphqlUrl!;
    await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 105_120 });
    const { runBacktest } = await gqlData(app.gql, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', {
      input: { symbols: ['SYNTH-BTCUSDT'], timeframe: '5m', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 },
    });
    runId = runBacktest.id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses out-of-range maxPoints with BAD_USER_INPUT over HTTP and WebSocket', async () => {
    for (const maxPoints of [2, 3, 0, -1, 5001]) {
      const result = await postJson(url, `query Q($id: ID!, $n: Int) { backtest(id: $id) { equityCurve(maxPoints: $n) { equity } } }`, { id: runId, n: maxPoints });
      expectCodedError(result, 'BAD_USER_INPUT');
    }
    for (const maxPoints of [-1, 0, 3]) {
      const error = await wsFirstError(url, `subscription S($id: ID!, $n: Int) { backtestEquity(id: $id, maxPoints: $n) { done } }`, { id: runId, n: maxPoints });
      expect(typeof error === 'object' && error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses forged cursors (negative, huge, garbage offsets) with BAD_USER_INPUT', async () => {
    for (const raw of ['OffsetConnection:-5', 'OffsetConnection:99999999999', 'OffsetConnection:1e3', 'OffsetConnection:abc', 'nonsense', '']) {
      const cursor = Buffer.from(raw).toString('base64');
      const result = await postJson(url, `query Q($after: String) { backtests(first: 5, after: $after) { totalCount } }`, { after: cursor });
      expectCodedError(result, 'BAD_USER_INPUT');
    }
  });

  it('answers malformed HTTP with coded 4xx GraphQL-over-HTTP bodies', async () => {
    expectCodedError(await send(`${url}?query=${encodeURIComponent('{ __typename }')}&variables={bad`, { headers: { accept: 'application/json' } }), 'BAD_REQUEST');
    const badJson = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"query": "{ __typename }"' });
    expect(badJson.status).toBe(400);
    expectCodedError(badJson, 'BAD_REQUEST');
    const empty = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(empty.status).toBe(400);
    expectCodedError(empty, 'BAD_REQUEST');
    const short = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(short.status).toBe(400);
    expectCodedError(short, 'BAD_REQUEST');
    const unsupported = await send(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<q/>' });
    expect(unsupported.status).toBe(415);
    expectCodedError(unsupported, 'UNSUPPORTED_MEDIA_TYPE');
    const notAcceptable = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'image/png' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(notAcceptable.status).toBe(406);
    expectCodedError(notAcceptable, 'NOT_ACCEPTABLE');
    const method = await send(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(method.status).toBeGreaterThanOrEqual(400);
    expect(method.body?.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
  });

  it('refuses 10,000-deep documents before parsing, over HTTP and WebSocket', async () => {
    const deepSelection = `${'{ a '.repeat(10_000)}${'}'.repeat(10_000)}`;
    const deepValue = `query { backtest(id: ${'['.repeat(10_000)}"x"${']'.repeat(10_000)}) { id } }`;
    for (const document of [deepSelection, deepValue]) {
      const result = await postJson(url, document);
      expect(result.status).toBe(400);
      expectCodedError(result, 'QUERY_TOO_COMPLEX');
      // The nesting limit is the check made before parsing (document-limits.ts); a parser would have answered otherwise.
      expect(result.body?.errors?.[0]?.extensions).toMatchObject({ limit: 'nesting' });
      const overWs = await wsFirstError(url, document);
      expect(typeof overWs === 'object' && overWs.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
  });

  it('codes breadth, depth and cost refusals over WebSocket too', async () => {
    const wide = `subscription { ${Array.from({ length: 250 }, (_, i) => `a${i}: backtestProgress(id: "x") { status }`).join(' ')} }`;
    const error = await wsFirstError(url, wide);
    expect(typeof error === 'object' && error.extensions?.code).toEqual(expect.stringMatching(/QUERY_TOO_COMPLEX|GRAPHQL_VALIDATION_FAILED/));
  });

  it('charges dataQuality and candles by the candles they scan: 99 aliases over a year of 5m are refused before running', async () => {
    const year = { from: new Date(JAN_2024).toISOString(), to: new Date(JAN_2024 + 365 * 86_400_000).toISOString() };
    const aliases = Array.from({ length: 99 }, (_, i) => `q${i}: dataQuality(symbol: "SYNTH-BTCUSDT", interval: "5m", from: "${year.from}", to: "${year.to}") { missingCandles }`).join(' ');
    const refused = await postJson(url, `{ ${aliases} }`);
    // Refused by the cost limit, which is judged before anything executes: no candle is scanned.
    expectCodedError(refused, 'QUERY_TOO_COMPLEX');
    expect(refused.body?.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', max: 20_000 });
    expect(refused.body?.errors?.[0]?.message).toMatch(/CANDLELAB_MAX_QUERY_COST/);

    const one = await postJson(url, `{ dataQuality(symbol: "SYNTH-BTCUSDT", interval: "5m", from: "${year.from}", to: "${year.to}") { actualCandles } }`);
    expect(one.body).toEqual({ data: { dataQuality: { actualCandles: 105_120 } } });

    const chart = await postJson(url, `{ ${Array.from({ length: 20 }, (_, i) => `c${i}: candles(symbol: "SYNTH-BTCUSDT", interval: "5m", from: "${year.from}", to: "${year.to}", maxPoints: 500) { totalCount }`).join(' ')} }`);
    expectCodedError(chart, 'QUERY_TOO_COMPLEX');
  });

  it('never overflows Int or fails internally on ranges of years of 1m, or of millennia', async () => {
    for (const [from, to] of [
      ['2017-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
      ['0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z'],
    ]) {
      const result = await postJson(url, `{ dataQuality(symbol: "SYNTH-BTCUSDT", interval: "1m", from: "${from}", to: "${to}") { expectedCandles missingCandles } }`);
      expect(result.body?.errors?.[0]?.extensions?.code, result.text).toEqual(expect.stringMatching(/QUERY_TOO_COMPLEX|BAD_USER_INPUT|INVALID_DATE_RANGE/));
    }
  });

  it('charges connections for their page size', async () => {
    const nested = `{ backtests(first: 500) { edges { node { trades(first: 500) { edges { node { id symbol entryPrice exitPrice } } } } } } }`;
    expectCodedError(await postJson(url, nested), 'QUERY_TOO_COMPLEX');
    const modest = await postJson(url, `{ backtests(first: 20) { edges { node { trades(first: 20) { totalCount } } } } }`);
    expect(modest.body?.errors).toBeUndefined();
  });

  it('returns a request id on every response', async () => {
    const ok = await postJson(url, '{ __typename }');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('structured logs', () => {
  it('records every coded error under the request id the client got back', async () => {
    const { startProcess } = await import('../../harness/processes.ts');
    const { createTestDatabase } = await import('../helpers/database.ts');
    const { freePort } = await import('../../db/cluster.ts');
    const port = await freePort();
    const api = startProcess('server/main.ts', { DATABASE_URL: await createTestDatabase('logs'), PORT: String(port), LOG_FORMAT: 'json', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', CANDLELAB_INPROCESS_WORKER: 'false' });
    try {
      await api.waitForLine(/Candlelab is running at/);
      const url = `http://127.0.0.1:${port}/graphql`;
      const refused = await send(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      const invalid = await postJson(url, '{ nope }');
      for (const result of [refused, invalid]) {
        const requestId = result.headers.get('x-request-id')!;
        expect(result.body?.errors?.[0]?.extensions?.requestId).toBe(requestId);
        const line = await api.waitForLine(new RegExp(`"requestId":"${requestId}"`));
        expect(JSON.parse(line)).toMatchObject({ level: 30, requestId, code: result.body?.errors?.[0]?.extensions?.code, msg: 'Answered with an error' });
      }
    } finally {
      await api.kill('SIGTERM');
    }
  });
});
