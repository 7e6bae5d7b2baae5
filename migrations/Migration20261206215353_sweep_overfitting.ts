import { Migration } from '@mikro-orm/migrations';

export class Migration20261206215353_sweep_overfitting extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" add column "pbo_blocks" int not null default 16, add column "significance_level" double precision not null default 0.05;`);

    this.addSql(`alter table "strategy_optimization" add column "block_returns" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" drop column "pbo_blocks", drop column "significance_level";`);

    this.addSql(`alter table "strategy_optimization" drop column "block_returns";`);
  }

}
