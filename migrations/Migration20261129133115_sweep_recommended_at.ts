import { Migration } from '@mikro-orm/migrations';

export class Migration20261129133115_sweep_recommended_at extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" add column "recommended_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" drop column "recommended_at";`);
  }

}
