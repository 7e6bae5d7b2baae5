import { Migration } from '@mikro-orm/migrations';

export class Migration20261207005744 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_run" add column "tail_ratio" double precision null;`);

    this.addSql(`alter table "strategy_optimization" add column "tail_ratio" double precision null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_run" drop column "tail_ratio";`);

    this.addSql(`alter table "strategy_optimization" drop column "tail_ratio";`);
  }

}
