import { Migration } from '@mikro-orm/migrations';

export class Migration20261207002544_execution_fills_funding extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backtest_fill" ("id" bigserial primary key, "run_id" uuid not null, "trade_seq" int not null, "seq" int not null, "symbol" varchar(40) not null, "time" timestamptz not null, "side" varchar(4) not null, "price" double precision not null, "quantity" double precision not null, "fee" double precision not null, "reason" varchar(20) not null);`);
    this.addSql(`alter table "backtest_fill" add constraint "backtest_fill_run_id_trade_seq_seq_unique" unique ("run_id", "trade_seq", "seq");`);

    this.addSql(`create table "funding_rate" ("symbol" varchar(40) not null, "funding_time" bigint not null, "rate" double precision not null, constraint "funding_rate_pkey" primary key ("symbol", "funding_time"));`);

    this.addSql(`alter table "backtest_fill" add constraint "backtest_fill_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "backtest_run" add column "execution" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backtest_fill" cascade;`);

    this.addSql(`drop table if exists "funding_rate" cascade;`);

    this.addSql(`alter table "backtest_run" drop column "execution";`);
  }

}
