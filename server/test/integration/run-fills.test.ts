import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrm } from '../../db/orm.ts';
import type { FillRecord, TradeRecord } from '../../engine/index.ts';
import { placeFills } from '../../backtest/backtest-fills.ts';
import { BacktestTrade } from '../../backtest/backtest-trade.entity.ts';
import { copyInsert } from '../../db/bulk-insert.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';

const HOUR = 3_600_000;

const trade = (overrides: Partial<TradeRecord> = {}): TradeRecord => ({
  legIndex: 0,
  symbol: 'X',
  direction: 'LONG',
  entryTimeMs: 0,
  exitTimeMs: HOUR,
  entryBar: 0,
  exitBar: 1,
  entryPrice: 100,
  exitPrice: 110,
  quantity: 2,
  fees: 0.42,
  profitLoss: 19.58,
  profitLossPct: 9.79,
  exitReason: 'TAKE_PROFIT',
  confidence: 1,
  stopLoss: null,
  takeProfit: 110,
  signalIndicators: {},
  ...overrides,
});

const fill = (tradeIndex: number, timeMs: number, side: 'BUY' | 'SELL', price: number, quantity: number, fee: number, reason: string): FillRecord => ({ tradeIndex, symbol: 'X', timeMs, side, price, quantity, fee, reason });

describe('where fills are kept', () => {
  it('a plain entry and exit stays in its trade; adds, partial exits and anything the trade does not reproduce are rows', () => {
    const trades = [
      trade(),
      trade({ direction: 'SHORT', exitPrice: 90 }),
      trade({ exitTimeMs: HOUR }),
      trade({ exitPrice: 111 }),
      trade(),
    ];
    const fills = [
      fill(0, 0, 'BUY', 100, 2, 0.2, 'ENTRY_LIMIT'),
      fill(1, 0, 'SELL', 100, 2, 0.2, 'ENTRY_MARKET'),
      fill(2, 0, 'BUY', 100, 2, 0.2, 'ENTRY_MARKET'),
      fill(0, HOUR, 'SELL', 110, 2, 0.22, 'TAKE_PROFIT'),
      fill(1, HOUR, 'BUY', 90, 2, 0.18, 'TAKE_PROFIT'),
      fill(2, HOUR / 2, 'SELL', 105, 1, 0.1, 'TAKE_PROFIT_1'),
      fill(2, HOUR, 'SELL', 110, 1, 0.11, 'TAKE_PROFIT_2'),
      fill(3, 0, 'BUY', 100, 2, 0.2, 'ENTRY_MARKET'),
      fill(3, HOUR, 'SELL', 110, 2, 0.22, 'TAKE_PROFIT'),
      fill(4, 0, 'BUY', 100, 2, Number.NaN, 'ENTRY_MARKET'),
      fill(4, HOUR, 'SELL', 110, 2, 0.22, 'TAKE_PROFIT'),
    ];
    const { inTrades, rows } = placeFills(trades, fills);
    expect(inTrades).toEqual([
      { entryFee: 0.2, exitFee: 0.22, entryFillReason: 'ENTRY_LIMIT' },
      { entryFee: 0.2, exitFee: 0.18, entryFillReason: 'ENTRY_MARKET' },
      { entryFee: null, exitFee: null, entryFillReason: null },
      { entryFee: null, exitFee: null, entryFillReason: null },
      { entryFee: null, exitFee: null, entryFillReason: null },
    ]);
    expect(rows.map((r) => [r.tradeIndex, r.seq, r.reason])).toEqual([
      [2, 0, 'ENTRY_MARKET'],
      [2, 1, 'TAKE_PROFIT_1'],
      [2, 2, 'TAKE_PROFIT_2'],
      [3, 0, 'ENTRY_MARKET'],
      [3, 1, 'TAKE_PROFIT'],
      [4, 0, 'ENTRY_MARKET'],
      [4, 1, 'TAKE_PROFIT'],
    ]);
  });
});

interface ApiFill {
  tradeSeq: number;
  seq: number;
  time: string;
  side: string;
  price: number;
  quantity: number;
  fee: number;
  reason: string;
}

const FILL_FIELDS = 'tradeSeq seq time side price quantity fee reason';

/** A run with partial targets: some trades close in one fill, some in several. */
describe('a run whose trades close whole and in parts', () => {
  let app: TestApp;
  let runId: string;
  beforeAll(async () => {
    app = await startTestApp();
    const range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-FILLUSDT', interval: '1h', count: 3_000, seed: 11 });
    const input = marketInput(range, 'SYNTH-FILLUSDT', '1h', { strategyParams: { stopLossPct: 2, riskReward: 3 }, scaleOutTargets: [{ levelR: 1, fraction: 0.5 }] });
    const { runBacktest } = await gqlData(app.gql, 'mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }', { input });
    runId = runBacktest.id;
    await streamToEnd(app.graphqlUrl!, 'subscription P($id: ID!) { backtestProgress(id: $id) { status } }', { id: runId });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('serves every trade as the sum of its fills, and the run its fills in time order, whichever way they are kept', async () => {
    const { backtest } = await gqlData(
      app.gql,
      `query B($id: ID!) { backtest(id: $id) { status fills { ${FILL_FIELDS} } trades(first: 1000) { edges { node { seq direction entryTime exitTime entryPrice exitPrice quantity fees exitReason fills { ${FILL_FIELDS} } } } } } }`,
      { id: runId },
    );
    expect(backtest.status).toBe('COMPLETED');
    const trades = backtest.trades.edges.map((edge: { node: unknown }) => edge.node) as Array<{ seq: number; direction: string; entryTime: string; exitTime: string; entryPrice: number; exitPrice: number; quantity: number; fees: number; exitReason: string; fills: ApiFill[] }>;
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    const kept = new Map<number, boolean>();
    try {
      const { rows } = await client.query<{ seq: number; in_trade: boolean; rows: number }>(
        'SELECT t.seq, t.entry_fee IS NOT NULL AS in_trade, (SELECT count(*) FROM backtest_fill f WHERE f.run_id = t.run_id AND f.trade_seq = t.seq)::int AS rows FROM backtest_trade t WHERE t.run_id = $1',
        [runId],
      );
      for (const row of rows) {
        // A trade's fills are kept one way only.
        expect(row.rows === 0).toBe(row.in_trade);
        kept.set(row.seq, row.in_trade);
      }
    } finally {
      await client.end();
    }
    expect([...kept.values()].filter(Boolean).length).toBeGreaterThan(5);
    expect([...kept.values()].filter((inTrade) => !inTrade).length).toBeGreaterThan(5);

    for (const t of trades) {
      const [entry, ...exits] = t.fills;
      const [entrySide, exitSide] = t.direction === 'LONG' ? ['BUY', 'SELL'] : ['SELL', 'BUY'];
      expect(t.fills.map((f) => f.seq)).toEqual(t.fills.map((_, i) => i));
      expect(t.fills.every((f) => f.tradeSeq === t.seq)).toBe(true);
      expect([entry.time, entry.side, entry.price, entry.quantity]).toEqual([t.entryTime, entrySide, t.entryPrice, t.quantity]);
      expect(entry.reason).toMatch(/^ENTRY_/);
      expect(exits.every((f) => f.side === exitSide)).toBe(true);
      expect(exits.at(-1)!.time).toBe(t.exitTime);
      expect(exits.at(-1)!.reason).toBe(t.exitReason);
      expect(exits.reduce((sum, f) => sum + f.quantity, 0)).toBeCloseTo(t.quantity, 9);
      expect(t.fills.reduce((sum, f) => sum + f.fee, 0)).toBeCloseTo(t.fees, 9);
      if (kept.get(t.seq)) expect([exits.length, exits[0].price]).toEqual([1, t.exitPrice]);
    }
    const expected = trades.flatMap((t) => t.fills).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.tradeSeq - b.tradeSeq || a.seq - b.seq);
    expect(backtest.fills).toEqual(expected);
  });

  it("keeps a trade's indicator values bit for bit, stored as json and through a migration to jsonb and back", async () => {
    const values = { sum: 0.1 + 0.2, third: 1 / 3, smallest: 5e-324, subnormal: 1e-310, largest: Number.MAX_VALUE, negative: -123.45678901234567 };
    const orm = await openOrm(app.databaseUrl);
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    const SEQ = 1_000_000;
    const stored = async () => {
      const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { trades(first: 1000) { edges { node { seq signalIndicators { name value } } } } } }`, { id: runId });
      const node = backtest.trades.edges.map((edge: { node: { seq: number; signalIndicators: Array<{ name: string; value: number }> } }) => edge.node).find((t: { seq: number }) => t.seq === SEQ);
      return Object.fromEntries(node.signalIndicators.map((v: { name: string; value: number }) => [v.name, v.value]));
    };
    try {
      const row = { run: runId, seq: SEQ, legIndex: 0, symbol: 'SYNTH-FILLUSDT', direction: 'LONG', entryTime: new Date(0), exitTime: new Date(HOUR), entryPrice: 1, exitPrice: 1, quantity: 1, fees: 0, profitLoss: 0, profitLossPct: 0, exitReason: 'SIGNAL', confidence: 1, durationMs: HOUR, signalIndicators: values };
      await client.query('BEGIN');
      await copyInsert(client as unknown as pg.PoolClient, orm.getMetadata().get(BacktestTrade.meta.className), [row]);
      await client.query('COMMIT');
      const columnType = async () => (await client.query<{ t: string }>(`SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'backtest_trade' AND column_name = 'signal_indicators'`)).rows[0].t;
      expect(await columnType()).toBe('json');
      expect(await stored()).toEqual(values);
      await orm.getMigrator().down({ to: 'Migration20261207194500_strategy_titles_in_names' });
      expect(await columnType()).toBe('jsonb');
      expect(await stored()).toEqual(values);
      await orm.getMigrator().up();
      expect(await columnType()).toBe('json');
      expect(await stored()).toEqual(values);
    } finally {
      await client.query('DELETE FROM backtest_trade WHERE run_id = $1 AND seq = $2', [runId, SEQ]);
      await client.end();
      await orm.close();
    }
  });

  it('turns the fills kept in trades back into rows when migrated down, and keeps them when migrated up again', async () => {
    const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { fills { ${FILL_FIELDS} } } }`, { id: runId });
    const orm = await openOrm(app.databaseUrl);
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      await orm.getMigrator().down({ to: 'Migration20261207162705_candle_chunks' });
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM backtest_fill WHERE run_id = $1', [runId]);
      expect(rows[0].n).toBe(backtest.fills.length);
      await orm.getMigrator().up();
      const again = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { fills { ${FILL_FIELDS} } } }`, { id: runId });
      expect(again.backtest.fills).toEqual(backtest.fills);
    } finally {
      await client.end();
      await orm.close();
    }
  });
});
