import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema.ts';
import { buildHostileCorpus } from '../../reliability/hostile-corpus.ts';
import { runCorpus, summarise } from '../../reliability/run-corpus.ts';
import { CORPUS_TOKENS, prepareCorpusApp } from '../../reliability/corpus-app.ts';
import { writeFingerprint } from '../../reliability/write-fingerprint.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlData, graphqlClient } from '../../harness/graphql-client.ts';

/** Every SAMPLE_EVERY-th case of the corpus, and every input-bound case; `npm run reliability` runs all of them. */
const SAMPLE_EVERY = Number(process.env.CORPUS_SAMPLE_EVERY ?? 4);

describe('hostile corpus (sample)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: prepareCorpusApp.env });
    await prepareCorpusApp.seed(app.graphqlUrl!, app.databaseUrl);
  });
  afterAll(async () => {
    await app?.stop();
  });

  // The answer, not the clock: this suite shares the machine with anything, so `npm run reliability` holds the 1 s deadline.
  it('answers each case with a coded error, writes nothing, and stays healthy', async () => {
    const corpus = buildHostileCorpus(schema, CORPUS_TOKENS);
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    const sample = corpus.filter((c, i) => i % SAMPLE_EVERY === 0 || c.family === 'input-bounds');
    const before = await writeFingerprint(app.databaseUrl);
    const outcomes = await runCorpus(app.graphqlUrl!, sample, { deadlineMs: null });
    const failures = outcomes.filter((o) => !o.refused).map((o) => `${o.case.family}/${o.case.name}: ${o.answer}`);
    expect(failures).toEqual([]);
    expect(await writeFingerprint(app.databaseUrl)).toEqual(before);
    const all = summarise(outcomes).at(-1)!;
    expect(all.http).toBeGreaterThan(50);
    expect(all.ws).toBeGreaterThan(50);
    const healthy = await gqlData(graphqlClient(app.graphqlUrl!, CORPUS_TOKENS.read), '{ backtests { totalCount } }');
    expect(healthy.backtests.totalCount).toBe(1);
  });
});
