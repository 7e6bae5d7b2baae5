import { Migration } from '@mikro-orm/migrations';

/**
 * Candles move from a row each to chunks of a market's time (server/market-data/candle-chunks.ts).
 * The chunk spans below are that module's CANDLES_PER_CHUNK bars of each interval as of this
 * migration, frozen here: a migration must mean the same thing whatever the code says later.
 */
const SPANS = `(values ('1m', 245760000::bigint), ('3m', 737280000), ('5m', 1228800000), ('15m', 3686400000), ('30m', 7372800000), ('1h', 14745600000),
  ('2h', 29491200000), ('4h', 58982400000), ('6h', 88473600000), ('8h', 117964800000), ('12h', 176947200000), ('1d', 353894400000),
  ('3d', 1061683200000), ('1w', 2477260800000), ('1M', 10616832000000)) as spans(interval, span)`;

const COLUMNS = ['open_time::float8', 'open', 'high', 'low', 'close', 'volume'];

/** A big-endian float8 (float8send's bytes) back to its value, exactly: SQL has no cast from bytes to float8. */
const float8Of = (bytes: string) => `(select case
    when e = 2047 then (case when m <> 0 then 'NaN' when bits < 0 then '-Infinity' else 'Infinity' end)::float8
    when e = 0 then (case when bits < 0 then -1 else 1 end) * (m::float8 * power(2::float8, -537) * power(2::float8, -537))
    else (case when bits < 0 then -1 else 1 end) * (1 + m::float8 / 4503599627370496) * power(2::float8, e - 1023) end
  from (select bits, (bits >> 52) & 2047 as e, bits & 4503599627370495 as m
        from (select ('x' || encode(${bytes}, 'hex'))::bit(64)::bigint as bits) b) parts)`;

export class Migration20261207162705_candle_chunks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "candle_chunk" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "chunk_start" bigint not null, "first_open_time" bigint not null, "last_open_time" bigint not null, "count" int not null, "columns" bytea not null, constraint "candle_chunk_pkey" primary key ("symbol", "interval", "chunk_start"));`);
    // Float columns barely compress; uncompressed, a query can read one column's slice of a blob alone.
    this.addSql(`alter table "candle_chunk" alter column "columns" set storage external;`);
    this.addSql(`insert into "candle_chunk" ("symbol", "interval", "chunk_start", "first_open_time", "last_open_time", "count", "columns")
      select symbol, interval, chunk_start, min(open_time), max(open_time), count(*),
        ${COLUMNS.map((column) => `string_agg(float8send(${column}), ''::bytea order by open_time)`).join(' || ')}
      from (select c.*, floor(c.open_time::numeric / coalesce(spans.span, 245760000))::bigint * coalesce(spans.span, 245760000) as chunk_start
            from "candle" c left join ${SPANS} using (interval)) candles
      group by symbol, interval, chunk_start;`);
    this.addSql(`drop table if exists "candle" cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table "candle" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "open_time" int8 not null, "open" float8 not null, "high" float8 not null, "low" float8 not null, "close" float8 not null, "volume" float8 not null);`);
    this.addSql(`CREATE UNIQUE INDEX candle_pkey ON public.candle USING btree (symbol, "interval", open_time);`);
    const field = (column: number) => float8Of(`substring(k."columns" from (${column} * k."count" + i) * 8 + 1 for 8)`);
    this.addSql(`insert into "candle" ("symbol", "interval", "open_time", "open", "high", "low", "close", "volume")
      select k."symbol", k."interval", ${field(0)}::bigint, ${[1, 2, 3, 4, 5].map(field).join(', ')}
      from "candle_chunk" k cross join lateral generate_series(0, k."count" - 1) as i;`);
    this.addSql(`drop table if exists "candle_chunk" cascade;`);
  }

}
