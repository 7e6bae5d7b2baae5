import { Migration } from '@mikro-orm/migrations';

export class Migration20261129153355_candle_coverage extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "candle_coverage" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "first_open_time" bigint not null, "last_open_time" bigint not null, "count" bigint not null, constraint "candle_coverage_pkey" primary key ("symbol", "interval"));`);
    // Candles stored before the table existed.
    this.addSql(`insert into "candle_coverage" ("symbol", "interval", "first_open_time", "last_open_time", "count") select "symbol", "interval", min("open_time"), max("open_time"), count(*) from "candle" group by "symbol", "interval";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "candle_coverage" cascade;`);
  }

}
