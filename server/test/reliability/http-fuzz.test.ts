import { afterAll, describe, expect, it } from 'vitest';
import { graphqlClient } from '../../harness/graphql-client.ts';
import { PROCESS_TEST_TIMEOUT_MS, type RunningProcess } from '../../harness/processes.ts';
import { FUZZ_TOKEN, startFuzzTarget } from '../../reliability/fuzz-target.ts';
import { fuzzHttp } from '../../reliability/http-fuzz.ts';
import { createTestDatabase } from '../helpers/database.ts';

/** No request can end the process: 10,000 generated raw HTTP requests, each answered with a code and no internals. */
describe('HTTP fuzz', () => {
  let app: RunningProcess | undefined;
  afterAll(async () => {
    await app?.kill('SIGTERM');
  });

  it('answers 10,000 generated raw requests (paths, methods, Host/Origin, bodies, upgrades) coded, shows no stack, and lives', async () => {
    const target = await startFuzzTarget(await createTestDatabase('http_fuzz'));
    app = target.app;
    const report = await fuzzHttp({ host: '127.0.0.1', port: target.port, token: FUZZ_TOKEN, runs: 10_000, seed: 20261206 });
    expect(report.sent).toBe(10_000);
    expect(report.failures.slice(0, 10), `${report.failures.length} failures; answers by status ${JSON.stringify(report.byStatus)}`).toEqual([]);
    expect(app.child.exitCode).toBeNull();
    const health = await graphqlClient(`http://127.0.0.1:${target.port}/graphql`, FUZZ_TOKEN)('{ __typename }');
    expect(health).toEqual({ data: { __typename: 'Query' } });
    expect(app.output()).not.toMatch(/Uncaught exception|Unhandled promise rejection/);
  }, PROCESS_TEST_TIMEOUT_MS);
});
