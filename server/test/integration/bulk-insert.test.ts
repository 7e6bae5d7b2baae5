import type { EntityMetadata } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert, copyInsert, withTransaction } from '../../db/bulk-insert.ts';
import { createTestDatabase } from '../helpers/database.ts';

/** The metadata bulkInsert and copyInsert read: each property's name, column, column type and kind. */
const column = (name: string, field: string, type: string) => ({ name, fieldNames: [field], columnTypes: [type], kind: 'scalar' });
const meta = (table: string) =>
  ({
    tableName: table,
    props: [
      column('label', 'label', 'varchar(40)'),
      column('amount', 'amount', 'double precision'),
      column('count', 'count', 'bigint'),
      column('flag', 'flag', 'boolean'),
      column('at', 'at', 'timestamptz'),
      column('details', 'details', 'jsonb'),
      column('small', 'small', 'int'),
      column('ref', 'ref', 'uuid'),
    ],
  }) as unknown as EntityMetadata;

/** Values whose text form COPY must escape or that must keep every bit. */
const ROWS = [
  { label: 'tab\there', amount: 0.1 + 0.2, count: 1, flag: true, at: new Date(Date.UTC(2025, 0, 1, 12, 30, 15, 123)), details: { a: 1.0000000000000002, s: 'line\nbreak' }, small: 2_147_483_647, ref: '0f8e5c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b' },
  { label: 'back\\slash \\N', amount: 5e-324, count: 9_007_199_254_740_991, flag: false, at: new Date(0), details: { quote: '"\t\r\\', nested: [1, null, 'x'] }, small: -2_147_483_648, ref: null },
  { label: 'carriage\rreturn and ünïcødé ✓', amount: -1.7976931348623157e308, count: -3, flag: null, at: null, details: null, small: 0, ref: 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF' },
  { label: '\\N', amount: Number.NaN, count: 0, flag: true, at: new Date(Date.UTC(2030, 5, 30)), details: {}, small: null, ref: '00000000-0000-0000-0000-000000000000' },
  { label: null, amount: Number.POSITIVE_INFINITY, count: null, flag: false, at: new Date(1), details: [], small: 1, ref: null },
];

let pool: pg.Pool;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await createTestDatabase('bulk_insert') });
  for (const table of ['by_copy', 'by_unnest']) {
    await pool.query(`CREATE TABLE ${table} (seq serial PRIMARY KEY, label varchar(40), amount double precision, count bigint, flag boolean, at timestamptz, details jsonb, small int, ref uuid)`);
  }
});
afterAll(async () => {
  await pool?.end();
});

const stored = async (table: string) => (await pool.query(`SELECT label, amount, count, flag, at, details, small, ref FROM ${table} ORDER BY seq`)).rows;

describe('copyInsert', () => {
  it('stores exactly what the INSERT path stores: escapes, NULLs, non-finite numbers as NULL, every bit of a double', async () => {
    expect(await withTransaction(pool, (client) => copyInsert(client, meta('by_copy'), ROWS))).toBe(ROWS.length);
    await bulkInsert(pool, meta('by_unnest'), ROWS);
    const copied = await stored('by_copy');
    expect(copied).toEqual(await stored('by_unnest'));
    expect(copied.map((row) => row.label)).toEqual(ROWS.map((row) => row.label));
    expect(copied.map((row) => row.amount)).toEqual([0.1 + 0.2, 5e-324, -1.7976931348623157e308, null, null]);
    expect(copied[1].count).toBe('9007199254740991');
    expect(copied.map((row) => row.details)).toEqual(ROWS.map((row) => row.details));
    expect(copied[0].at.getTime()).toBe(ROWS[0].at!.getTime());
    expect(copied[3].at.getTime()).toBe(ROWS[3].at!.getTime());
    expect(copied.map((row) => row.small)).toEqual(ROWS.map((row) => row.small));
    expect(copied.map((row) => row.ref)).toEqual(ROWS.map((row) => row.ref?.toLowerCase() ?? null));
  });

  it('keeps a value larger than its buffers whole, and the rows before and after it', async () => {
    await pool.query('CREATE TABLE by_copy_large (seq serial PRIMARY KEY, label varchar(40), amount double precision, count bigint, flag boolean, at timestamptz, details jsonb, small int, ref uuid)');
    const large = { text: 'ü✓'.repeat(600_000) };
    const rows = [ROWS[0], { ...ROWS[1], details: large }, ROWS[2]];
    expect(await withTransaction(pool, (client) => copyInsert(client, meta('by_copy_large'), rows))).toBe(3);
    const copied = (await pool.query('SELECT label, details, ref FROM by_copy_large ORDER BY seq')).rows;
    expect(copied.map((row) => row.label)).toEqual(rows.map((row) => row.label));
    expect(copied[1].details).toEqual(large);
    expect(copied[2].ref).toBe(ROWS[2].ref!.toLowerCase());
  });

  it('writes nothing when the transaction it runs in rolls back', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await copyInsert(client, meta('by_copy'), ROWS);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await stored('by_copy')).toHaveLength(ROWS.length);
  });
});
