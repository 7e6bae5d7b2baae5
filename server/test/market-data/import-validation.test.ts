import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_FILES, BAD_IMPORTS, importBadFiles, importSound, NAMES_FIRST_BAD_ROW, REFUSED_SYMBOL, sendBadImports } from '../../reliability/bad-imports.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

/** Imports that lie are refused before anything is stored, each with its reason and the first bad row named. */
describe('import validation', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const storedRows = async () => {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query('SELECT coalesce(sum(count), 0) AS count FROM candle_chunk WHERE symbol = $1', [REFUSED_SYMBOL])).rows[0].count);
    } finally {
      await client.end();
    }
  };

  it('refuses misaligned and mis-spaced rows, non-positive and non-finite prices, contradictory OHLC, negative volume, a damaged zip and a wrong checksum, over the API and from disk (npm run import), storing nothing', async () => {
    const outcomes = await sendBadImports(app.gql);
    expect(outcomes.map((o) => [o.case.name, o.code, o.reason])).toEqual(BAD_IMPORTS.map((bad) => [bad.name, 'BAD_USER_INPUT', bad.reason]));
    for (const outcome of outcomes) {
      // The first bad row is named: by candle (time order), by line, or by the damaged entry.
      expect(outcome.message, outcome.case.name).toMatch(NAMES_FIRST_BAD_ROW);
    }
    expect(outcomes.find((o) => o.case.name === 'a :30 row in a 1h series')!.message).toMatch(/candle #3: open time 2024-01-01T02:30:00.000Z is not on a 1h boundary/);
    expect(outcomes.find((o) => o.case.name === '1h rows imported as 5m')!.message).toMatch(/most are 12 × 5m apart/);
    expect(outcomes.find((o) => o.case.name === 'a zero price')!.message).toMatch(/candle #5 \(2024-01-01T05:00:00.000Z\): open 0 is not a positive price/);
    expect(await storedRows()).toBe(0);

    const fromDisk = await importBadFiles(app.databaseUrl);
    expect(fromDisk.map((o) => [o.case.name, o.code, o.reason])).toEqual(BAD_FILES.map((bad) => [bad.name, 'exit 1', bad.reason]));
    for (const outcome of fromDisk) expect(outcome.message, outcome.case.name).toMatch(NAMES_FIRST_BAD_ROW);
    // The sound file beside them was held back too: an import from disk is refused whole.
    expect(await storedRows()).toBe(0);

    const sound = await importSound(app.gql);
    expect(sound.data?.importCandles.rowsInserted).toBe(24);
  });
});
