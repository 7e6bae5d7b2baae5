import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** The GraphQL-over-HTTP specification's own audit suite, run against the real server. */
describe('GraphQL over HTTP compliance', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('passes every MUST and SHOULD audit of graphql-http', async () => {
    const results = await auditServer({ url: app.graphqlUrl! });
    const failures = results.filter((result) => result.status !== 'ok').map((result) => `${result.name}: ${result.reason}`);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
  });
});
