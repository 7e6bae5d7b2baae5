import { Migration } from '@mikro-orm/migrations';

export class Migration20261206212442_sweep_learning extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" add column "market_features" jsonb null, add column "learned_start" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" drop column "market_features", drop column "learned_start";`);
  }

}
