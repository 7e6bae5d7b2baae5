import { Migration } from '@mikro-orm/migrations';

export class Migration20261125195742_fetch_missing_data extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_run" add column "fetch_missing_data" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_run" drop column "fetch_missing_data";`);
  }

}
