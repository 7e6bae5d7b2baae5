import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openOrm } from '../../db/orm.ts';
import { collectSubscription, gqlData, wsClient } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday
const BEFORE_FLAGS = 'Migration20261129153355_candle_coverage';

/**
 * Candles stored before imports checked them: the migration that introduced candle_flag finds those
 * the rules now refuse and flags them, deleting nothing; dataQuality lists them, and a backtest over
 * them fails at once naming the candle, instead of retrying for minutes and storing raw SQL as its error.
 */
describe('candles stored before the import rules', () => {
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it('are flagged by the migration, listed by dataQuality and refused by backtests (BAD_DATA), none deleted', async () => {
    const databaseUrl = await createTestDatabase('candle_flags');
    const orm = await openOrm(databaseUrl);
    await orm.getMigrator().up({ to: BEFORE_FLAGS });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const rows: Array<[string, number, number, number, number, number, number | string]> = [
      ['1h', T0, 100, 101, 99, 100.5, 10],
      ['1h', T0 + HOUR, 0, 0, 0, 0, 10],
      ['1h', T0 + 2 * HOUR, 100, 101, 99, 102, 10],
      ['1h', T0 + 3 * HOUR, 98, 101, 99, 100, 10],
      ['1h', T0 + 4 * HOUR, 100, 101, 99, 100.5, -1],
      ['1h', T0 + 4.5 * HOUR, 100, 101, 99, 100.5, 10],
      ['1h', T0 + 5 * HOUR, 100, 101, 99, 100.5, 'NaN'],
      ['1h', T0 + 6 * HOUR, 100, 101, 99, 100.5, 10],
      ['1M', T0 + 3 * HOUR, 100, 101, 99, 100.5, 10],
      ['1w', T0, 100, 101, 99, 100.5, 10],
      ['1w', T0 + 3 * 24 * HOUR, 100, 101, 99, 100.5, 10],
    ];
    try {
      for (const [interval, t, o, h, l, c, v] of rows) {
        await client.query('INSERT INTO candle (symbol, interval, open_time, open, high, low, close, volume) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', ['OLDUSDT', interval, t, o, h, l, c, v]);
      }
      await client.query('INSERT INTO candle_coverage SELECT symbol, interval, min(open_time), max(open_time), count(*) FROM candle GROUP BY symbol, interval');
      await orm.getMigrator().up();
      const flags = await client.query<{ interval: string; open_time: string; reason: string; problem: string }>('SELECT interval, open_time, reason, problem FROM candle_flag ORDER BY interval, open_time');
      expect(flags.rows.map((f) => [f.interval, Number(f.open_time) - T0, f.reason])).toEqual([
        ['1M', 3 * HOUR, 'MISALIGNED'],
        ['1h', HOUR, 'PRICE'],
        ['1h', 2 * HOUR, 'OHLC'],
        ['1h', 3 * HOUR, 'OHLC'],
        ['1h', 4 * HOUR, 'VOLUME'],
        ['1h', 4.5 * HOUR, 'MISALIGNED'],
        ['1h', 5 * HOUR, 'NON_FINITE'],
        ['1w', 3 * 24 * HOUR, 'MISALIGNED'],
      ]);
      expect(flags.rows[1].problem).toMatch(/^a price is not positive \(open 0, high 0, low 0, close 0, volume 10\)$/);
      expect(Number((await client.query('SELECT sum(count) AS count FROM candle_chunk')).rows[0].count)).toBe(rows.length);
    } finally {
      await client.end();
      await orm.close();
    }

    app = await startTestApp({ databaseUrl });
    const { dataQuality } = await gqlData(
      app.gql,
      `{ dataQuality(symbol: "OLDUSDT", interval: "1h", from: "2024-01-01T00:00:00Z", to: "2024-01-01T08:00:00Z") { ok flaggedCandles { openTime reason } gridIssues { openTime problem } ohlcIssues { problem } } }`,
    );
    expect(dataQuality.ok).toBe(false);
    expect(dataQuality.flaggedCandles.map((f: { reason: string }) => f.reason)).toEqual(['PRICE', 'OHLC', 'OHLC', 'VOLUME', 'MISALIGNED', 'NON_FINITE']);
    expect(dataQuality.gridIssues).toEqual([{ openTime: '2024-01-01T04:30:00.000Z', problem: 'open time is not on a 1h boundary' }]);

    const { runBacktest } = await gqlData(app.gql, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', {
      input: { name: 'over old rows', symbols: ['OLDUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-01-01T07:00:00Z', strategy: 'sma_cross', initialCapital: 1000, fetchMissingData: false, gapPolicy: 'SKIP' },
    });
    const ws = wsClient(app.graphqlUrl!);
    await collectSubscription(ws, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runBacktest.id }).done;
    await ws.dispose();
    const { backtest } = await gqlData(app.gql, 'query B($id: ID!) { backtest(id: $id) { status errorCode error attempts } }', { id: runBacktest.id });
    expect(backtest).toEqual({ status: 'FAILED', errorCode: 'BAD_DATA', attempts: 1, error: expect.stringMatching(/OLDUSDT candle #1 \(2024-01-01T01:00:00.000Z\): open 0 is not a positive price/) });
  });
});
