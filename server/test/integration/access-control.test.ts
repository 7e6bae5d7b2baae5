import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema.ts';
import { sampleOperations } from '../../reliability/schema-operations.ts';
import { writeFingerprint } from '../../reliability/write-fingerprint.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { collectSubscription, gqlData, graphqlClient, wsClient } from '../../harness/graphql-client.ts';
import { startProcess } from '../../harness/processes.ts';

const WRITER = 'writer-secret-0123456789';
const READER = 'reader-secret-0123456789';
const TOKENS_ENV = { CANDLELAB_API_TOKENS: `writer:write:${WRITER},reader:read:${READER}` };

const mutations = sampleOperations(schema, 'mutation');
const subscriptions = sampleOperations(schema, 'subscription');

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }>; data?: unknown } };
}

/** Opens a raw graphql-ws socket, sends connection_init with these params and resolves with the close code (or 'ack'). */
function wsHandshake(graphqlUrl: string, connectionParams?: Record<string, unknown>, then?: (socket: WebSocket) => void): Promise<number | 'ack'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type !== 'connection_ack') return;
      if (then) then(socket);
      else {
        socket.close();
        resolve('ack');
      }
    });
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

describe('access control with API tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { ...TOKENS_ENV, CANDLELAB_MAX_QUEUED_WORK: '2', CANDLELAB_MUTATIONS_PER_MINUTE: '1000' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('covers every mutation and subscription of the schema', () => {
    expect(mutations.map((m) => m.field)).toEqual(expect.arrayContaining(['runBacktest', 'deleteBacktest', 'optimizeStrategy', 'loadSampleData']));
    expect(subscriptions.map((s) => s.field)).toEqual(expect.arrayContaining(['backtestProgress', 'optimizationProgress']));
  });

  it('refuses every mutation without a valid token (401) or with a read-only one (403), and writes nothing', async () => {
    const before = await writeFingerprint(app.databaseUrl);
    for (const { field, query } of mutations) {
      for (const token of [undefined, 'not-a-token-at-all', WRITER.toUpperCase()]) {
        const { status, headers, body } = await post(app.graphqlUrl!, query, token);
        expect({ field, token, status, code: body.errors?.[0]?.extensions?.code }).toEqual({ field, token, status: 401, code: 'UNAUTHENTICATED' });
        expect(headers.get('www-authenticate')).toBe('Bearer');
        expect(body.errors?.[0]?.extensions?.requestId).toBe(headers.get('x-request-id'));
      }
      const readOnly = await post(app.graphqlUrl!, query, READER);
      expect({ field, status: readOnly.status, code: readOnly.body.errors?.[0]?.extensions?.code }).toEqual({ field, status: 403, code: 'FORBIDDEN' });
    }
    expect(await writeFingerprint(app.databaseUrl)).toEqual(before);
  });

  it('lets a read-only token query and a read-write token mutate, recording who queued the work', async () => {
    const query = await post(app.graphqlUrl!, '{ backtests { totalCount } }', READER);
    expect(query.body).toEqual({ data: { backtests: { totalCount: 0 } } });
    const input = { name: 'mine', symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 };
    const { runBacktest } = await gqlData(graphqlClient(app.graphqlUrl!, WRITER), 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input });
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT created_by FROM backtest_run WHERE id = $1', [runBacktest.id]);
      expect(rows).toEqual([{ created_by: 'env:writer' }]);
    } finally {
      await client.end();
    }
  });

  it('caps queued work per token with QUOTA_EXCEEDED naming the limit, writing nothing for the refused run', async () => {
    const writer = graphqlClient(app.graphqlUrl!, WRITER);
    const run = (name: string) =>
      writer('mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', {
        input: { name, symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 },
      });
    // One run is queued already (previous test); the limit is 2.
    expect((await run('second')).errors).toBeUndefined();
    const before = await writeFingerprint(app.databaseUrl);
    const refused = await run('third');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'CANDLELAB_MAX_QUEUED_WORK', max: 2, queued: 2 });
    expect(refused.errors?.[0]?.message).toMatch(/CANDLELAB_MAX_QUEUED_WORK/);
    expect(await writeFingerprint(app.databaseUrl)).toEqual(before);
  });

  it('over graphql-ws: closes 4401 without a valid token, 4403 for a read-only mutation, and serves every subscription to a valid token', async () => {
    expect(await wsHandshake(app.graphqlUrl!)).toBe(4401);
    expect(await wsHandshake(app.graphqlUrl!, { authorization: 'Bearer wrong-token-0123456789' })).toBe(4401);
    expect(await wsHandshake(app.graphqlUrl!, { authorization: `Bearer ${READER}` })).toBe('ack');

    const before = await writeFingerprint(app.databaseUrl);
    for (const { field, query } of mutations) {
      const code = await wsHandshake(app.graphqlUrl!, { authorization: `Bearer ${READER}` }, (socket) =>
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } })),
      );
      expect({ field, code }).toEqual({ field, code: 4403 });
    }
    expect(await writeFingerprint(app.databaseUrl)).toEqual(before);

    for (const { field, query } of subscriptions) {
      const client = wsClient(app.graphqlUrl!, READER);
      try {
        // Accepted means: answered (NOT_FOUND for the unknown ids used here), or still open while a
        // query sent after it on the same socket is answered. Refused would close the socket.
        const outcome = await new Promise<unknown>((resolve) => {
          const closed = (error: unknown) => resolve(`closed ${(error as { code?: number }).code ?? String(error)}`);
          client.subscribe({ query }, { next: (value) => resolve(value.errors?.[0]?.extensions?.code ?? 'event'), error: closed, complete: () => resolve('complete') });
          client.subscribe({ query: '{ strategies { name } }' }, { next: () => resolve('open'), error: closed, complete: () => undefined });
        });
        expect({ field, accepted: ['NOT_FOUND', 'open', 'event'].includes(outcome as string) }).toEqual({ field, accepted: true });
      } finally {
        await client.dispose();
      }
    }
  });
});

describe('binding beyond loopback', () => {
  it('refuses to start without a token, in one line with exit status 1', async () => {
    const databaseUrl = await createTestDatabase('public_bind');
    const server = startProcess('server/main.ts', { DATABASE_URL: databaseUrl, HOST: '0.0.0.0', PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', CANDLELAB_INPROCESS_WORKER: 'false' });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n').filter((line) => line.includes('could not start'));
    expect(lines).toEqual([expect.stringMatching(/^Candlelab could not start: HOST=0\.0\.0\.0 is reachable from other machines, so API tokens are required/)]);
  });

  it('npm run token creates a stored token (only its hash kept) that a public server then requires; revoke ends it, its open sockets at once (4401)', async () => {
    const databaseUrl = await createTestDatabase('stored_tokens');
    const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const create = startProcess('server/scripts/token.ts', env, ['create', 'ci', '--role', 'read']);
    expect(await create.exited).toBe(0);
    const token = create.output().trim().split('\n').at(-1)!;
    expect(token).toMatch(/^clt_[A-Za-z0-9_-]{43}$/);

    const hashes = new pg.Client({ connectionString: databaseUrl });
    await hashes.connect();
    const { rows } = await hashes.query('SELECT name, role, token_hash FROM api_token');
    await hashes.end();
    expect(rows).toEqual([{ name: 'ci', role: 'READ', token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const app = await startTestApp({ databaseUrl, worker: false, env: { HOST: '0.0.0.0' } });
    try {
      const url = app.graphqlUrl!.replace('0.0.0.0', '127.0.0.1');
      expect((await post(url, '{ backtests { totalCount } }')).status).toBe(401);
      expect((await post(url, '{ backtests { totalCount } }', token)).body).toEqual({ data: { backtests: { totalCount: 0 } } });
      expect((await post(url, 'mutation { loadSampleData { seeded } }', token)).status).toBe(403);
      // A subscriber that stays silent: revocation must reach its socket without waiting for a message from it.
      const socket = wsClient(url, token);
      const connected = new Promise((resolve) => socket.on('connected', resolve));
      const listening = collectSubscription(socket, 'subscription { backtestChanges { kind } }', {});
      await connected;
      const revoke = startProcess('server/scripts/token.ts', env, ['revoke', 'ci']);
      expect(await revoke.exited).toBe(0);
      await expect(listening.done).rejects.toThrow(/socket closed 4401/);
      await socket.dispose();
      const after = await post(url, '{ backtests { totalCount } }', token);
      expect([after.status, after.body.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    } finally {
      await app.stop();
    }
  });
});

describe('rate limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { ...TOKENS_ENV, CANDLELAB_MUTATIONS_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('limits root mutation fields per token per minute, aliases counted, with RATE_LIMITED naming the limit', async () => {
    const cancel = (alias: string) => `${alias}: cancelBacktest(id: "00000000-0000-4000-8000-000000000000") { id }`;
    const twice = await post(app.graphqlUrl!, `mutation { ${cancel('a')} ${cancel('b')} }`, WRITER);
    // Two root fields take two of the three; the first's NOT_FOUND ends the (serial) mutation.
    expect(twice.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const aliased = await post(app.graphqlUrl!, `mutation { ${cancel('a')} ${cancel('b')} }`, WRITER);
    expect(aliased.status).toBe(429);
    expect(aliased.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(aliased.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'CANDLELAB_MUTATIONS_PER_MINUTE', max: 3 });
    const single = await post(app.graphqlUrl!, `mutation { ${cancel('a')} }`, WRITER);
    expect(single.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Queries are not rate-limited.
    expect((await post(app.graphqlUrl!, '{ backtests { totalCount } }', WRITER)).status).toBe(200);
  });
});
