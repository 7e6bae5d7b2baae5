import { Migration } from '@mikro-orm/migrations';

export class Migration20261206205310_warmup_history extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_run" add column "warmup_history" boolean not null default true;`);

    this.addSql(`alter table "optimization_sweep" add column "warmup_history" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_run" drop column "warmup_history";`);

    this.addSql(`alter table "optimization_sweep" drop column "warmup_history";`);
  }

}
