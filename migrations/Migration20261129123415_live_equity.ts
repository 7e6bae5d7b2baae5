import { Migration } from '@mikro-orm/migrations';

export class Migration20261129123415_live_equity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_run" add column "live_equity" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_run" drop column "live_equity";`);
  }

}
