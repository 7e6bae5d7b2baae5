import { describe, expect, it } from 'vitest';
import { provideToken, tokenRequest } from '../src/lib/auth.ts';
import { authenticatedFetch, graphqlWsUrl } from '../src/lib/client.ts';

describe('client transport', () => {
  it('sends no token while the server needs none, asks once on a 401, then retries with the Bearer token', async () => {
    const seen: Array<string | null> = [];
    const server = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get('authorization');
      seen.push(authorization);
      return new Response('{}', { status: authorization === 'Bearer s3cret' ? 200 : 401 });
    };
    const send = authenticatedFetch(server as typeof fetch);
    const pending = Promise.all([send('/graphql', { method: 'POST' }), send('/graphql', { method: 'POST' })]);
    // Both refused requests wait on the one dialog.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tokenRequest()).toEqual({ rejected: false });
    provideToken('s3cret');
    const responses = await pending;
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(seen).toEqual([null, null, 'Bearer s3cret', 'Bearer s3cret']);
    expect(tokenRequest()).toBeNull();
  });

  it('derives the websocket URL from the page origin', () => {
    expect(graphqlWsUrl({ protocol: 'http:', host: 'localhost:4000' })).toBe('ws://localhost:4000/graphql');
    expect(graphqlWsUrl({ protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/graphql');
  });
});
