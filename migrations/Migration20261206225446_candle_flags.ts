import { Migration } from '@mikro-orm/migrations';

export class Migration20261206225446_candle_flags extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "candle_flag" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "open_time" bigint not null, "reason" varchar(16) not null, "problem" text not null, "flagged_at" timestamptz not null default now(), constraint "candle_flag_pkey" primary key ("symbol", "interval", "open_time"));`);
    // Candles stored before imports refused them (engine/candles.ts, market-data/candle-grid.ts as of
    // this migration): flagged, not deleted; dataQuality lists them. The interval grid is written out
    // here so that this migration means the same thing whatever the code becomes.
    this.addSql(`insert into "candle_flag" ("symbol", "interval", "open_time", "reason", "problem")
      select "symbol", "interval", "open_time", "reason", "problem" from (
        select c."symbol", c."interval", c."open_time",
          case
            when greatest(abs(c."open"), abs(c."high"), abs(c."low"), abs(c."close"), abs(c."volume")) >= 'Infinity'::float8 then 'NON_FINITE'
            when least(c."open", c."high", c."low", c."close") < 2.2250738585072014e-308 then 'PRICE'
            when c."high" < c."low" or c."high" < greatest(c."open", c."close") or c."low" > least(c."open", c."close") then 'OHLC'
            when c."volume" < 0 then 'VOLUME'
            when (g."ms" is not null and (c."open_time" - g."offset") % g."ms" <> 0)
              or (c."interval" = '1M' and c."open_time" <> (extract(epoch from date_trunc('month', to_timestamp(c."open_time" / 1000.0) at time zone 'UTC')) * 1000)::bigint) then 'MISALIGNED'
          end as "reason",
          format('open %s, high %s, low %s, close %s, volume %s', c."open", c."high", c."low", c."close", c."volume") as "problem"
        from "candle" c
        left join (values ('1m', 60000, 0), ('3m', 180000, 0), ('5m', 300000, 0), ('15m', 900000, 0), ('30m', 1800000, 0), ('1h', 3600000, 0), ('2h', 7200000, 0),
                          ('4h', 14400000, 0), ('6h', 21600000, 0), ('8h', 28800000, 0), ('12h', 43200000, 0), ('1d', 86400000, 0), ('3d', 259200000, 0),
                          ('1w', 604800000, 345600000)) as g("interval", "ms", "offset") on g."interval" = c."interval"
      ) as found
      where "reason" is not null;`);
    this.addSql(`update "candle_flag" set "problem" = case "reason"
        when 'NON_FINITE' then 'a value is not a finite number (' || "problem" || ')'
        when 'PRICE' then 'a price is not positive (' || "problem" || ')'
        when 'OHLC' then 'high and low do not bound open and close (' || "problem" || ')'
        when 'VOLUME' then 'the volume is negative (' || "problem" || ')'
        else 'the open time is not on a ' || "interval" || ' boundary'
      end;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "candle_flag" cascade;`);
  }

}
