import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunSettings } from '../../backtest/run-settings.ts';
import { openOrm } from '../../db/orm.ts';
import type { RunSettings } from '../../engine/index.ts';
import { createTestDatabase } from '../helpers/database.ts';

const BEFORE = 'Migration20261129153355_candle_coverage';

/** A completed run with these stored settings, written as the migrations before the one under test left the table. */
const insertRun = (client: pg.Client, id: string, name: string, settings: Record<string, unknown>) =>
  client.query(
    `INSERT INTO backtest_run (id, name, status, strategy, strategy_params, legs, symbols, timeframe, start_date, end_date, settings, gap_policy)
     VALUES ($1, $2, 'COMPLETED', 'ema_cross', '{}', '[]', '{BTCUSDT}', '1h', now(), now(), $3, 'FAIL')`,
    [id, name, settings],
  );

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
        await insertRun(client, ids[name as keyof typeof runs], name, { ...LEGACY_BASE, ...settings });
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

describe('stored settings from before scaleOutTargets', () => {
  const BEFORE_LIST = 'Migration20261207010323';
  let databaseUrl: string;
  let client: pg.Client;
  const runs = {
    off: { scaleOutTarget1R: null, scaleOutFraction1Pct: 50, scaleOutTarget2R: null, scaleOutFraction2Pct: 25 },
    one: { scaleOutTarget1R: 1, scaleOutFraction1Pct: 60, scaleOutTarget2R: null, scaleOutFraction2Pct: 25 },
    two: { scaleOutTarget1R: 1, scaleOutFraction1Pct: 50, scaleOutTarget2R: 2.5, scaleOutFraction2Pct: 30 },
    olderThanScaling: {},
  } as const;
  const expected = {
    off: [],
    one: [{ levelR: 1, fraction: 0.6 }],
    two: [{ levelR: 1, fraction: 0.5 }, { levelR: 2.5, fraction: 0.3 }],
    olderThanScaling: [],
  };
  const ids = Object.fromEntries(Object.keys(runs).map((name) => [name, randomUUID()])) as Record<keyof typeof runs, string>;
  const presetId = randomUUID();

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('scale_out_migration');
    const orm = await openOrm(databaseUrl);
    try {
      await orm.getMigrator().up({ to: BEFORE_LIST });
      client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      for (const [name, settings] of Object.entries(runs)) {
        await insertRun(client, ids[name as keyof typeof runs], name, { ...LEGACY_BASE, oppositeSignal: 'CLOSE', ...settings });
      }
      await client.query(`INSERT INTO strategy_preset (id, strategy, symbol, timeframe, params, settings) VALUES ($1, 'ema_cross', 'A', '1h', '{}', $2)`, [presetId, { positionSize: 5, sizingMode: 'PERCENT_EQUITY' }]);
      await orm.getMigrator().up();
    } finally {
      await orm.close();
    }
  });

  afterAll(async () => {
    await client?.end();
  });

  it('read back as the list they ran with: the first slot, then the second only with a first, fractions in (0, 1]', async () => {
    const { rows } = await client.query<{ name: keyof typeof runs; settings: RunSettings }>('SELECT name, settings FROM backtest_run');
    for (const row of rows) {
      for (const key of ['scaleOutTarget1R', 'scaleOutFraction1Pct', 'scaleOutTarget2R', 'scaleOutFraction2Pct']) expect(row.settings, row.name).not.toHaveProperty(key);
      expect(readRunSettings(row.settings).scaleOutTargets, row.name).toEqual(expected[row.name]);
    }
    expect(rows).toHaveLength(4);
  });

  it('migrates back down to the two slots it came from, and up again', async () => {
    const orm = await openOrm(databaseUrl);
    try {
      await orm.getMigrator().down({ to: BEFORE_LIST });
      const { rows } = await client.query<{ name: keyof typeof runs; settings: Record<string, unknown> }>('SELECT name, settings FROM backtest_run');
      const byName = new Map(rows.map((row) => [row.name, row.settings]));
      expect(byName.get('two')).toMatchObject(runs.two);
      expect(byName.get('one')).toMatchObject(runs.one);
      expect(byName.get('two')).not.toHaveProperty('scaleOutTargets');
      await orm.getMigrator().up();
    } finally {
      await orm.close();
    }
    const { rows } = await client.query<{ name: keyof typeof runs; settings: RunSettings }>('SELECT name, settings FROM backtest_run');
    for (const row of rows) expect(readRunSettings(row.settings).scaleOutTargets, row.name).toEqual(expected[row.name]);
  });

  it('leaves partial settings that named no slot alone', async () => {
    const { rows } = await client.query<{ settings: Record<string, unknown> }>('SELECT settings FROM strategy_preset WHERE id = $1', [presetId]);
    expect(rows[0].settings).toEqual({ positionSize: 5, sizingMode: 'PERCENT_EQUITY' });
  });
});
