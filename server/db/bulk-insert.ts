import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityMetadata } from '@mikro-orm/core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryCopyWriter, binaryEncoderOf } from './binary-copy.ts';

/** Rows per statement: keeps the parameters to a few MB. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts many rows of an entity in a few statements through plain pg. The ORM's insertMany binds
 * every value as its own parameter (≈ 20k rows/s for a trade row here), and its raw execute formats
 * each query with its parameters inlined for the logger, which for a multi-megabyte parameter costs
 * more than the insert. Here each statement carries one array per column, expanded by unnest (cheaper
 * than one JSON text through json_to_recordset, which remains for entities with array columns, as
 * unnest would flatten them); it can skip conflicts, which copyInsert cannot. Column names and types come from the
 * entity's metadata, so it follows the entity. Numbers keep every bit (both carry doubles' shortest
 * round-trip text); a non-finite number is stored as NULL, as JSON would have it. Returns the rows inserted.
 */
export async function bulkInsert(
  db: pg.Pool | pg.PoolClient,
  meta: EntityMetadata,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const { props, columns, types } = columnsOf(meta, rows[0]);
  const byColumn = !types.some((type) => type.endsWith('[]'));
  const source = byColumn
    ? `unnest(${types.map((type, i) => `$${i + 1}::${type.replace(/\(.*\)$/, '')}[]`).join(', ')})`
    : `json_to_recordset($1::json) AS r(${props.map((prop, i) => `"${prop.fieldNames[0]}" ${types[i]}`).join(', ')})`;
  const sql = `INSERT INTO "${meta.tableName}" (${columns}) SELECT * FROM ${source}${options.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : ''}`;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params = byColumn
      ? props.map((prop, i) =>
          chunk.map((row) => {
            const value = stored(prop, row[prop.name]);
            if (value === null || value === undefined) return null;
            if (types[i] === 'jsonb' || types[i] === 'json') return JSON.stringify(value);
            return value instanceof Date ? value.toISOString() : value;
          }),
        )
      : [JSON.stringify(chunk.map((row) => Object.fromEntries(props.map((prop) => [prop.fieldNames[0], stored(prop, row[prop.name])]))))];
    inserted += (await db.query(sql, params as unknown[])).rowCount ?? 0;
  }
  return inserted;
}

/**
 * Inserts many rows of an entity with one COPY … FROM STDIN in PostgreSQL's binary format: no statement
 * to parse, no array to expand, and no value turned into text here and parsed back there (a double's
 * shortest round-trip text and its parse cost more than the row's insert). Inside the caller's
 * transaction it is as atomic as an INSERT; unlike bulkInsert it cannot skip conflicts (COPY has no ON
 * CONFLICT), so it is for rows the caller knows are new. Values are stored as bulkInsert stores them
 * (every bit of a double, a non-finite number as NULL). Column types are those of the entity's
 * metadata; one without a binary form here (arrays) is refused. Returns the rows copied.
 */
export async function copyInsert(client: pg.PoolClient, meta: EntityMetadata, rows: ReadonlyArray<Record<string, unknown>>): Promise<number> {
  if (rows.length === 0) return 0;
  const { props, columns, types } = columnsOf(meta, rows[0]);
  const encoders = types.map((type, i) => {
    const encoder = binaryEncoderOf(type);
    if (encoder === undefined) throw new Error(`copyInsert cannot send column ${props[i].fieldNames[0]} of type ${type} (use bulkInsert)`);
    return encoder;
  });
  const chunks = function* () {
    const out = new BinaryCopyWriter();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      out.row(props.length);
      for (let i = 0; i < props.length; i++) {
        const value = stored(props[i], row[props[i].name]);
        if (value === null || value === undefined) out.nullField();
        else encoders[i](out, value);
      }
      if (out.full()) yield out.take();
    }
    out.end();
    yield out.take();
  };
  const sink = client.query(copyFrom(`COPY "${meta.tableName}" (${columns}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(chunks()), sink);
  return Number(sink.rowCount);
}

type ColumnProp = EntityMetadata['props'][number];

/** The scalar and many-to-one properties a row sets, in metadata order, with their column names and types. */
function columnsOf(meta: EntityMetadata, row: Record<string, unknown>): { props: ColumnProp[]; columns: string; types: string[] } {
  const props = meta.props.filter((prop) => Object.hasOwn(row, prop.name) && (prop.kind === 'scalar' || prop.kind === 'm:1'));
  return { props, columns: props.map((prop) => `"${prop.fieldNames[0]}"`).join(', '), types: props.map((prop) => prop.columnTypes[0]) };
}

/** A property's value as it is stored: a referenced entity by its id, a non-finite number as NULL (as JSON would have it). */
function stored(prop: ColumnProp, value: unknown): unknown {
  if (prop.kind === 'm:1' && value !== null && typeof value === 'object') return (value as { id: unknown }).id;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Sets the given properties of one row by primary key `id`, columns named from the metadata. */
export async function updateById(db: pg.Pool | pg.PoolClient, meta: EntityMetadata, id: string, values: Record<string, unknown>): Promise<void> {
  const props = meta.props.filter((prop) => Object.hasOwn(values, prop.name));
  const sets = props.map((prop, i) => `"${prop.fieldNames[0]}" = $${i + 2}${prop.columnTypes[0] === 'jsonb' ? '::jsonb' : ''}`);
  const params = props.map((prop) => {
    const value = values[prop.name];
    return prop.columnTypes[0] === 'jsonb' && value !== null ? JSON.stringify(value) : value;
  });
  await db.query(`UPDATE "${meta.tableName}" SET ${sets.join(', ')} WHERE id = $1`, [id, ...params]);
}

/** Runs fn in one transaction on one pooled connection. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection that dies while checked out (the database restarted) emits 'error' on the client
  // itself; heard here, the next query fails instead of the event ending the process.
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  let failure: unknown;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    // A client whose transaction failed may be broken: the pool discards it rather than lend it again.
    client.release(broken ?? (failure === undefined ? undefined : true));
  }
}
