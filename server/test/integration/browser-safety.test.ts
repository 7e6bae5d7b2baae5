import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFingerprint } from '../../reliability/write-fingerprint.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const FRIEND = 'http://localhost:5173';
const EVIL = 'http://evil.example';
const MUTATION = 'mutation { loadSampleData { seeded } }';

type Body = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown };

async function send(url: string, init: RequestInit & { headers?: Record<string, string> }) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : null) as Body | null };
}

/** Resolves with the HTTP status the server answered a WebSocket upgrade with (101 when it was accepted). */
function upgradeStatus(graphqlUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

/**
 * What a hostile page in the user's browser can send to a Candlelab on localhost: simple
 * (preflight-free) form posts, cross-origin fetches and WebSocket upgrades. None may run an
 * operation; every refusal is a coded GraphQL-over-HTTP error.
 */
describe('browser safety on a loopback server with no tokens', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { CANDLELAB_ALLOWED_ORIGINS: FRIEND } });
    url = app.graphqlUrl!;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('runs no mutation from form-urlencoded, multipart or text/plain POSTs (CSRF), nor over GET', async () => {
    const before = await writeFingerprint(app.databaseUrl);
    const form = new URLSearchParams({ query: MUTATION });
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: MUTATION }));
    multipart.set('map', '{}');
    const attempts: Array<{ body: BodyInit; headers: Record<string, string> }> = [
      { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { body: multipart, headers: {} },
      { body: JSON.stringify({ query: MUTATION }), headers: { 'content-type': 'text/plain' } },
      { body: JSON.stringify({ query: MUTATION }), headers: {} },
    ];
    for (const [i, attempt] of attempts.entries()) {
      for (const origin of [EVIL, null]) {
        const result = await send(url, { method: 'POST', body: attempt.body, headers: { ...attempt.headers, ...(origin ? { origin } : {}) } });
        const expected = origin ? [403, 'FORBIDDEN'] : [415, 'UNSUPPORTED_MEDIA_TYPE'];
        expect({ i, origin, status: result.status, code: result.body?.errors?.[0]?.extensions?.code }).toEqual({ i, origin, status: expected[0], code: expected[1] });
        expect(result.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
    const viaGet = await send(`${url}?query=${encodeURIComponent(MUTATION)}`, { headers: { accept: 'application/json' } });
    expect([viaGet.status, viaGet.body?.errors?.[0]?.extensions?.code, viaGet.headers.get('allow')]).toEqual([405, 'BAD_REQUEST', 'POST']);
    expect(await writeFingerprint(app.databaseUrl)).toEqual(before);
  });

  it('answers CORS only for listed origins, never with credentials, and refuses other origins and foreign Host names', async () => {
    const json = { method: 'POST', body: JSON.stringify({ query: '{ backtests { totalCount } }' }) };
    const evil = await send(url, { ...json, headers: { 'content-type': 'application/json', origin: EVIL } });
    expect([evil.status, evil.body?.errors?.[0]?.extensions?.code, evil.body?.errors?.[0]?.extensions?.reason]).toEqual([403, 'FORBIDDEN', 'ORIGIN']);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const friend = await send(url, { ...json, headers: { 'content-type': 'application/json', origin: FRIEND } });
    expect(friend.body).toEqual({ data: { backtests: { totalCount: 0 } } });
    expect(friend.headers.get('access-control-allow-origin')).toBe(FRIEND);
    expect(friend.headers.get('access-control-allow-credentials')).toBeNull();

    const preflight = (origin: string) =>
      send(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    expect((await preflight(EVIL)).headers.get('access-control-allow-origin')).toBeNull();
    const friendly = await preflight(FRIEND);
    expect(friendly.headers.get('access-control-allow-origin')).toBe(FRIEND);
    expect(friendly.headers.get('access-control-allow-headers')).toContain('authorization');

    const sameOrigin = new URL(url).origin;
    const own = await send(url, { ...json, headers: { 'content-type': 'application/json', origin: sameOrigin } });
    expect(own.status).toBe(200);

    // DNS rebinding: evil.example resolved to 127.0.0.1 is same-origin by Origin, but not by Host.
    const port = new URL(url).port;
    const rebound = await send(url, { ...json, headers: { 'content-type': 'application/json', host: `evil.example:${port}`, origin: `http://evil.example:${port}` } });
    expect([rebound.status, rebound.body?.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses cross-origin and rebound WebSocket upgrades before any message is read', async () => {
    expect(await upgradeStatus(url, { origin: EVIL })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, { host: `evil.example:${new URL(url).port}` })).toBe(403);
    expect(await upgradeStatus(url, { origin: FRIEND })).toBe(101);
    expect(await upgradeStatus(url, { origin: new URL(url).origin })).toBe(101);
    expect(await upgradeStatus(url, {})).toBe(101);
  });

  it('serves GraphiQL and introspection by default', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/GraphiQL/i);
    const introspection = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('production switches', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { CANDLELAB_GRAPHIQL: 'false', CANDLELAB_INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('turns GraphiQL and introspection off', async () => {
    const page = await send(app.graphqlUrl!, { headers: { accept: 'text/html' } });
    expect(page.text).not.toMatch(/GraphiQL/i);
    expect(page.body?.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    const introspection = await send(app.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
    expect(introspection.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typename = await send(app.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(typename.body).toEqual({ data: { __typename: 'Query' } });
  });
});
