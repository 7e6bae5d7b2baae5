import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunSettings } from '../../backtest/run-settings.ts';
import { openOrm } from '../../db/orm.ts';
import type { RunSettings } from '../../engine/index.ts';
import { createTestDatabase } from '../helpers/database.ts';

const BEFORE = 'Migration20261129153355_candle_coverage';

/** Settings as runs stored them before oppositeSignal replaced closeOnOppositeSignal and reverse. */
const LEGACY_BASE = {
  initialCapital: 10_000, sizingMode: 'FIXED_QUOTE', positionSize: 100, feeRate: 0.001, slippageBps: 0, quantityStep: 0,
  minNotional: 0, maxOpenPositions: 10, allowShort: true, trailingStopPct: null, maxDrawdownStopPct: null,
};

describe('stored settings from before oppositeSignal', () => {
  let databaseUrl: string;
  let client: pg.Client;
  const runs = {
    closes: { closeOnOppositeSignal: true, reverse: false },
    reverses: { closeOnOppositeSignal: true, reverse: true },
    ignores: { closeOnOppositeSignal: false, reverse: false },
    olderThanEither: {},
  } as const;
  const expected = { closes: 'CLOSE', reverses: 'REVERSE', ignores: 'IGNORE', olderThanEither: 'CLOSE' } as const;
  const ids = Object.fromEntries(Object.keys(runs).map((name) => [name, randomUUID()])) as Record<keyof typeof runs, string>;
  const presetIds = { sizingOnly: randomUUID(), ignores: randomUUID() };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('settings_migration');
    const orm = await openOrm(databaseUrl);
    try {
      await orm.getMigrator().up({ to: BEFORE });
      client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      for (const [name, settings] of Object.entries(runs)) {
        await client.query(
          `INSERT INTO backtest_run (id, name, status, strategy, strategy_params, legs, symbols, timeframe, start_date, end_date, settings, gap_policy)
           VALUES ($1, $2, 'COMPLETED', 'ema_cross', '{}', '[]', '{BTCUSDT}', '1h', now(), now(), $3, 'FAIL')`,
          [ids[name as keyof typeof runs], name, { ...LEGACY_BASE, ...settings }],
        );
      }
      await client.query(`INSERT INTO strategy_preset (id, strategy, symbol, timeframe, params, settings) VALUES ($1, 'ema_cross', 'A', '1h', '{}', $2), ($3, 'ema_cross', 'B', '1h', '{}', $4)`, [
        presetIds.sizingOnly,
        { positionSize: 5, sizingMode: 'PERCENT_EQUITY' },
        presetIds.ignores,
        { closeOnOppositeSignal: false },
      ]);
      await orm.getMigrator().up();
    } finally {
      await orm.close();
    }
  });

  afterAll(async () => {
    await client?.end();
  });

  it('read back with what they ran with: closeOnOppositeSignal false → IGNORE, reverse → REVERSE, otherwise CLOSE', async () => {
    const { rows } = await client.query<{ name: keyof typeof runs; settings: RunSettings }>('SELECT name, settings FROM backtest_run');
    for (const row of rows) {
      expect(row.settings, row.name).not.toHaveProperty('closeOnOppositeSignal');
      expect(row.settings, row.name).not.toHaveProperty('reverse');
      expect(readRunSettings(row.settings).oppositeSignal, row.name).toBe(expected[row.name]);
    }
    expect(rows).toHaveLength(4);
  });

  it('partial settings change only where they named the old keys', async () => {
    const { rows } = await client.query<{ id: string; settings: Record<string, unknown> }>('SELECT id, settings FROM strategy_preset');
    const byId = new Map(rows.map((row) => [row.id, row.settings]));
    expect(byId.get(presetIds.sizingOnly)).toEqual({ positionSize: 5, sizingMode: 'PERCENT_EQUITY' });
    expect(byId.get(presetIds.ignores)).toEqual({ oppositeSignal: 'IGNORE' });
  });
});
