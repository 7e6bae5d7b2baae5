import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATIONS_IN_PROGRESS_PER_PRINCIPAL } from '../../access/operation-turns.ts';
import { freePort } from '../../db/cluster.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient, type GraphQLClient, type GraphQLResult } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, startProcess, type RunningProcess } from '../../harness/processes.ts';
import { MAX_ECHOED_CHARACTERS } from '../../graphql/error-policy.ts';
import { MAX_JSON_NESTING, MAX_VARIABLE_VALUES, REQUEST_BYTES } from '../../graphql/request-body.ts';
import { OPERATION_WORK_UNITS } from '../../graphql/work-budget.ts';
import { sendRaw, type RawRequest } from '../../reliability/http-fuzz.ts';
import { countOpenTimes } from '../../../domain/intervals.ts';
import { SAMPLE_FROM_MS, SAMPLE_INTERVAL, SAMPLE_SYMBOLS, SAMPLE_TO_MS } from '../../market-data/sample-data.ts';
import { JAN_2024, seedSyntheticCandles } from '../helpers/candles.ts';
import { createMigratedDatabase } from '../helpers/database.ts';

const TOKENS = { write: 'hostile-writer-0123456789abcdef', read: 'hostile-reader-0123456789abcdef' };
const RUN = 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id name } }';

/** A raw request as a browser or a script would write it, with the headers it needs. */
const raw = (target: string, headers: Array<[string, string]>, method = 'GET', body = ''): RawRequest => ({ method, target, headers, body, chunked: false, garbage: null });

/**
 * Status and body of a POST with `body` written as it is (no re-encoding). A kept-alive connection the
 * server closes as idle just as the request starts on it (HTTP/1.1's keep-alive race, which a crowded
 * machine's timer lag widens past the client's one-second margin) is sent again once on a fresh one.
 */
async function post(url: string, token: string, body: string, headers: Record<string, string> = {}) {
  const send = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
  const response = await send().catch((error: unknown) => {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return send();
  });
  const text = await response.text();
  return { status: response.status, requestId: response.headers.get('x-request-id'), text, body: JSON.parse(text) as GraphQLResult };
}

/**
 * What a stranger sent that once ended or stalled the server, sent again to `npm start` as a process
 * of its own (so that dying shows): each must now be answered with a code, and the process must live.
 */
describe('hostile requests', () => {
  let app: RunningProcess;
  let port: number;
  let url: string;
  let writer: GraphQLClient;
  beforeAll(async () => {
    const databaseUrl = await createMigratedDatabase('hostile_requests');
    await seedSyntheticCandles(databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '1h', count: 24 * 365 });
    port = await freePort();
    app = startProcess('server/main.ts', {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      CANDLELAB_SERVE_WEB: 'true',
      CANDLELAB_SAMPLE_DATA: 'false',
      CANDLELAB_INTROSPECTION: 'false',
      CANDLELAB_API_TOKENS: `writer:write:${TOKENS.write},reader:read:${TOKENS.read}`,
      LOG_FORMAT: 'json',
      // Seeding the sample takes seconds on a quiet machine and can take more than the default 30 s on a crowded one.
      CANDLELAB_REQUEST_TIMEOUT_SECONDS: '300',
    });
    await app.waitForLine(/Candlelab is running at/);
    url = `http://127.0.0.1:${port}/graphql`;
    writer = graphqlClient(url, TOKENS.write);
  }, PROCESS_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await app?.kill('SIGTERM');
  });

  const ownHost = (): [string, string] => ['Host', `127.0.0.1:${port}`];

  it('answers GET /% with a coded 400, and lives', async () => {
    const answer = await sendRaw('127.0.0.1', port, raw('/%', [ownHost()]));
    expect(answer.problem, answer.text).toBeNull();
    expect(answer.status).toBe('400');
    expect(await gqlData(writer, '{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('answers malformed Host headers with a coded 400 naming nothing internal', async () => {
    for (const value of ['a b', '127.0.0.1:99999', '[::1']) {
      for (const target of ['/graphql?query=%7B__typename%7D', '/', '/index.html']) {
        const answer = await sendRaw('127.0.0.1', port, raw(target, [['Host', value], ['Authorization', `Bearer ${TOKENS.read}`]]));
        expect(answer.problem, `${value} ${target}: ${answer.text}`).toBeNull();
        expect(answer.status, `${value} ${target}`).toBe('400');
      }
    }
  });

  it('refuses an Origin that differs from the server’s only by its scheme, on GraphQL and static paths', async () => {
    const origin: [string, string] = ['Origin', `https://127.0.0.1:${port}`];
    for (const request of [raw('/', [ownHost(), origin]), raw('/graphql', [ownHost(), origin, ['Content-Type', 'application/json'], ['Authorization', `Bearer ${TOKENS.write}`]], 'POST', '{"query":"{ __typename }"}')]) {
      const answer = await sendRaw('127.0.0.1', port, request);
      expect(answer.problem, answer.text).toBeNull();
      expect(answer.status, request.target).toBe('403');
      expect(answer.text).toContain('"FORBIDDEN"');
    }
  });

  it('suggests no field names when introspection is off', async () => {
    const { errors } = await writer('{ backtestz { totalCount } }');
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('answers 200,000 unknown input keys (3.2 MB) briefly, and echoes at most 200 characters of input', async () => {
    const input = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`unknownKey${i}`, 1]));
    const body = JSON.stringify({ query: RUN, variables: { input } });
    expect(body.length).toBeGreaterThan(3_000_000);
    const flood = await post(url, TOKENS.write, body);
    expect(flood.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'values', max: MAX_VARIABLE_VALUES });
    expect(flood.text.length).toBeLessThan(2_000);

    const echoed = await post(url, TOKENS.write, JSON.stringify({ query: 'query Q($n: Int!) { backtests(first: $n) { totalCount } }', variables: { n: 'x'.repeat(100_000) } }));
    expect(echoed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(echoed.body.errors!.every((error) => error.message.length <= MAX_ECHOED_CHARACTERS)).toBe(true);
  });

  it('refuses 50,000-deep strategyParams before anything recurses over them, in variables and in the document', async () => {
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const input = `{"symbols":["SYNTH-BTCUSDT"],"timeframe":"1h","startDate":"2024-01-01T00:00:00Z","endDate":"2024-02-01T00:00:00Z","strategy":"sma_cross","strategyParams":${deep}}`;
    const inVariables = await post(url, TOKENS.write, `{"query":${JSON.stringify(RUN)},"variables":{"input":${input}}}`);
    expect(inVariables.status).toBe(400);
    expect(inVariables.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'jsonNesting', max: MAX_JSON_NESTING });
    const literal = `mutation { runBacktest(input: { symbols: ["SYNTH-BTCUSDT"], timeframe: "1h", startDate: "2024-01-01T00:00:00Z", endDate: "2024-02-01T00:00:00Z", strategy: "sma_cross", strategyParams: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)} }) { id } }`;
    const inDocument = await post(url, TOKENS.write, JSON.stringify({ query: literal }));
    expect(inDocument.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('gives each of repeated invalid documents a request id of its own, and logs each', async () => {
    const body = JSON.stringify({ query: '{ backtests { nope } }' });
    const first = await post(url, TOKENS.read, body);
    const second = await post(url, TOKENS.read, body);
    for (const answer of [first, second]) expect(answer.body.errors?.[0]?.extensions?.requestId).toBe(answer.requestId);
    expect(first.requestId).not.toBe(second.requestId);
    await app.waitForLine(new RegExp(`"requestId":"${second.requestId}"`));
    expect(app.output()).toContain(`"requestId":"${first.requestId}"`);
  });

  it('stores and answers a name with lone surrogates the same way (U+FFFD)', async () => {
    const input = { symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-15T00:00:00Z', strategy: 'sma_cross', initialCapital: 10_000, name: 'lone \uD800 high, lone \uDC00 low' };
    const { runBacktest } = await gqlData(writer, RUN, { input });
    expect(runBacktest.name).toBe('lone \uFFFD high, lone \uFFFD low');
    const { backtest } = await gqlData(writer, 'query B($id: ID!) { backtest(id: $id) { name } }', { id: runBacktest.id });
    expect(backtest.name).toBe(runBacktest.name);
  });

  it('answers loadSampleData aliased 20 times, every alias, seeding once', async () => {
    const { errors, data } = await writer(`mutation { ${Array.from({ length: 20 }, (_, i) => `s${i}: loadSampleData { seeded candlesInserted }`).join(' ')} }`);
    expect(errors).toBeUndefined();
    // Mutation fields run one after another: the first seeds, the others find the sample stored whole.
    const sample = SAMPLE_SYMBOLS.length * countOpenTimes(SAMPLE_INTERVAL, SAMPLE_FROM_MS, SAMPLE_TO_MS);
    expect(Object.values(data ?? {})).toEqual([{ seeded: true, candlesInserted: sample }, ...Array.from({ length: 19 }, () => ({ seeded: false, candlesInserted: 0 }))]);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('charges aliased Monte Carlo by its real work (iterations × trades): ten aliases each within the budget are refused together (QUERY_TOO_COMPLEX)', async () => {
    const input = { symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: new Date(JAN_2024).toISOString(), endDate: new Date(JAN_2024 + 365 * 86_400_000).toISOString(), strategy: 'sma_cross', initialCapital: 10_000, strategyParams: { fast: 3, slow: 8 } };
    const { runBacktest } = await gqlData(writer, RUN, { input });
    const streams = wsClient(url, TOKENS.write);
    try {
      await collectSubscription(streams, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id }).done;
    } finally {
      await streams.dispose();
    }
    const { backtest } = await gqlData(writer, 'query B($id: ID!) { backtest(id: $id) { status metrics { totalTrades } } }', { id: runBacktest.id });
    expect(backtest.status).toBe('COMPLETED');
    const trades = backtest.metrics.totalTrades as number;
    const iterations = Math.min(100_000, Math.floor(OPERATION_WORK_UNITS / trades));
    // Each alias alone fits the budget; together they are 10 times it.
    const aliases = Array.from({ length: 10 }, (_, i) => `m${i}: monteCarlo(backtestId: "${runBacktest.id}", iterations: ${iterations}, seed: ${i}) { probabilityOfLoss }`).join(' ');
    const { data, errors } = await graphqlClient(url, TOKENS.read)(`{ ${aliases} }`);
    // The first alias to be charged fits; the next one is refused, which (a non-null field) ends the operation.
    expect(errors?.[0]?.extensions, JSON.stringify(errors)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'work', max: OPERATION_WORK_UNITS });
    expect(data).toBeNull();
  }, PROCESS_TEST_TIMEOUT_MS);

  it('refuses an unused 12 MB variable from a read-only token before parsing it (413), and parses a read-write one’s within its cap', async () => {
    const body = JSON.stringify({ query: 'query Q($unused: String) { __typename }', variables: { unused: 'x'.repeat(12_000_000) } });
    const readOnly = await post(url, TOKENS.read, body);
    expect(readOnly.status).toBe(413);
    expect(readOnly.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', max: REQUEST_BYTES.readOnly });
    const readWrite = await post(url, TOKENS.write, body);
    expect(readWrite.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it(`lets a token have ${MAX_OPERATIONS_IN_PROGRESS_PER_PRINCIPAL} operations in progress: its next one waits its turn, another token’s does not`, async () => {
    const body = '{"query":"{ __typename }"}';
    // Requests whose bodies have not all arrived are in progress: they hold the read-only token's turns.
    const holders = Array.from({ length: MAX_OPERATIONS_IN_PROGRESS_PER_PRINCIPAL }, () => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TOKENS.read}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
      const answered = new Promise<string>((resolve) => socket.on('data', (chunk) => resolve(chunk.toString())));
      return { socket, answered };
    });
    // A round trip of another token's: the holders' heads, sent before it, have been read by now.
    expect(await gqlData(writer, '{ __typename }')).toEqual({ __typename: 'Query' });
    let waitingAnswered = false;
    const waiting = graphqlClient(url, TOKENS.read)('{ __typename }').then((result) => ((waitingAnswered = true), result));
    expect(await gqlData(writer, '{ __typename }')).toEqual({ __typename: 'Query' });
    expect(waitingAnswered).toBe(false);
    holders[0].socket.write(body.slice(5));
    expect(await holders[0].answered).toMatch(/^HTTP\/1\.1 200/);
    expect(await waiting).toEqual({ data: { __typename: 'Query' } });
    for (const holder of holders) holder.socket.destroy();
    // A holder that went away gave its turn back.
    expect(await graphqlClient(url, TOKENS.read)('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('lived through all of it', async () => {
    expect(app.child.exitCode).toBeNull();
    expect(await gqlData(writer, '{ __typename }')).toEqual({ __typename: 'Query' });
    expect(app.output()).not.toMatch(/Uncaught exception|Unhandled promise rejection/);
  });
});
