import { Migration } from '@mikro-orm/migrations';

export class Migration20261207164646_trade_fills_in_the_trade extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_trade" add column "entry_fee" double precision null, add column "exit_fee" double precision null, add column "entry_fill_reason" varchar(20) null;`);
  }

  override async down(): Promise<void> {
    // The fills kept in their trades become rows again before the columns go.
    this.addSql(`insert into "backtest_fill" ("run_id", "trade_seq", "seq", "symbol", "time", "side", "price", "quantity", "fee", "reason")
      select "run_id", "seq", 0, "symbol", "entry_time", case "direction" when 'LONG' then 'BUY' else 'SELL' end, "entry_price", "quantity", "entry_fee", "entry_fill_reason"
        from "backtest_trade" where "entry_fee" is not null
      union all
      select "run_id", "seq", 1, "symbol", "exit_time", case "direction" when 'LONG' then 'SELL' else 'BUY' end, "exit_price", "quantity", "exit_fee", "exit_reason"
        from "backtest_trade" where "entry_fee" is not null;`);
    this.addSql(`alter table "backtest_trade" drop column "entry_fee", drop column "exit_fee", drop column "entry_fill_reason";`);
  }

}
