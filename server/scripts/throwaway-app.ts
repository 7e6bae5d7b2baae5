import pg from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { startThrowawayPostgres } from '../db/throwaway-postgres.ts';
import { migrate, openOrm } from '../db/orm.ts';
import type { OhlcvColumns } from '../engine/index.ts';
import { createLogger } from '../logger.ts';
import { insertCandles } from '../market-data/candle-store.ts';
import type { Interval } from '../../domain/intervals.ts';

export interface StoredMarket {
  readonly symbol: string;
  readonly interval: Interval;
  readonly columns: OhlcvColumns;
}

export interface ThrowawayApp {
  readonly graphqlUrl: string;
  readonly ws: Client;
}

/**
 * Runs `work` against the real app (API and worker) on a throwaway PostgreSQL, migrated and holding
 * `markets`' candles; the client, the app and the database are stopped afterwards, whatever `work` did.
 */
export async function withThrowawayApp<T>(logName: string, markets: readonly StoredMarket[], work: (app: ThrowawayApp) => Promise<T>): Promise<T> {
  const quiet = createLogger('error', logName);
  const server = await startThrowawayPostgres(quiet);
  try {
    const orm = await openOrm(server.url);
    await migrate(orm, server.url);
    await orm.close();
    const pool = new pg.Pool({ connectionString: server.url, max: 2 });
    for (const m of markets) await insertCandles(pool, m.symbol, m.interval, m.columns);
    await pool.end();
    const env = { DATABASE_URL: server.url, PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', LOG_LEVEL: 'error' };
    const app = await startApp(loadConfig(env), { api: true, worker: true, log: quiet });
    const graphqlUrl = app.graphqlUrl!;
    const ws = createClient({ url: graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket });
    try {
      return await work({ graphqlUrl, ws });
    } finally {
      await ws.dispose();
      await app.stop();
    }
  } finally {
    await server.stop();
  }
}
