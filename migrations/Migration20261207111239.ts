import { Migration } from '@mikro-orm/migrations';

export class Migration20261207111239 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_fill" drop constraint "backtest_fill_run_id_foreign";`);

    this.addSql(`alter table "backtest_equity_point" drop constraint "backtest_equity_point_run_id_foreign";`);

    this.addSql(`alter table "backtest_trade" drop constraint "backtest_trade_run_id_foreign";`);

    // The cascade the foreign keys gave, once per DELETE statement rather than a check per inserted row.
    this.addSql(`create function "backtest_run_delete_rows"() returns trigger language plpgsql as $$
      begin
        delete from "backtest_fill" where "run_id" in (select "id" from "gone");
        delete from "backtest_trade" where "run_id" in (select "id" from "gone");
        delete from "backtest_equity_point" where "run_id" in (select "id" from "gone");
        return null;
      end $$;`);
    this.addSql(`create trigger "backtest_run_delete_rows" after delete on "backtest_run" referencing old table as "gone" for each statement execute function "backtest_run_delete_rows"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "backtest_run_delete_rows" on "backtest_run";`);
    this.addSql(`drop function if exists "backtest_run_delete_rows"();`);

    this.addSql(`alter table "backtest_equity_point" add constraint "backtest_equity_point_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "backtest_fill" add constraint "backtest_fill_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "backtest_trade" add constraint "backtest_trade_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);
  }

}
