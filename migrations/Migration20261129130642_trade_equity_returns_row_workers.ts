import { Migration } from '@mikro-orm/migrations';

export class Migration20261129130642_trade_equity_returns_row_workers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_trade" add column "equity_return_pct" double precision null;`);

    this.addSql(`alter table "strategy_optimization" add column "evaluated_by" varchar(120) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_trade" drop column "equity_return_pct";`);

    this.addSql(`alter table "strategy_optimization" drop column "evaluated_by";`);
  }

}
