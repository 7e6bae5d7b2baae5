import { Migration } from '@mikro-orm/migrations';

export class Migration20261206221022_recommendation_significance extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_recommendation" add column "realised_sharpe_improvement" double precision null, add column "preset_note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "optimization_recommendation" drop column "realised_sharpe_improvement", drop column "preset_note";`);
  }

}
