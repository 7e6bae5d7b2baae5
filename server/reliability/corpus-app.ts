import { insertCandles } from '../market-data/candle-store.ts';
import { generateSyntheticCandles } from '../market-data/synthetic.ts';
import pg from 'pg';
import type { CorpusTokens } from './hostile-corpus.ts';

/** Tokens the corpus runs with: the server requires them, so access cases are real refusals. */
export const CORPUS_TOKENS: CorpusTokens = { write: 'corpus-writer-0123456789abcdef', read: 'corpus-reader-0123456789abcdef' };

/**
 * The app the corpus runs against: tokens configured, no worker (queued work stays put, so "nothing
 * written" is exact), a rate limit the corpus cannot reach, and what the cases refer to: a year of
 * 5m candles (cost cases) and one backtest (field-argument cases need a run to resolve on).
 */
export const prepareCorpusApp = {
  env: {
    CANDLELAB_API_TOKENS: `corpus-writer:write:${CORPUS_TOKENS.write},corpus-reader:read:${CORPUS_TOKENS.read}`,
    CANDLELAB_MUTATIONS_PER_MINUTE: '1000000',
  },
  async seed(graphqlUrl: string, databaseUrl: string): Promise<void> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const columns = generateSyntheticCandles({ symbol: 'SYNTH-BTCUSDT', interval: '5m', startMs: Date.UTC(2024, 0, 1), count: 105_120, seed: 7 });
      await insertCandles(pool, 'SYNTH-BTCUSDT', '5m', columns);
    } finally {
      await pool.end();
    }
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CORPUS_TOKENS.write}` },
      body: JSON.stringify({
        query: 'mutation Seed($input: RunBacktestInput!) { runBacktest(input: $input) { id } }',
        variables: { input: { name: 'corpus', symbols: ['SYNTH-BTCUSDT'], timeframe: '1h', startDate: '2024-01-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z', strategy: 'sma_cross', initialCapital: 1000 } },
      }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`Seeding the corpus app failed: ${JSON.stringify(body.errors)}`);
  },
};
