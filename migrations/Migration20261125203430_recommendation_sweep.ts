import { Migration } from '@mikro-orm/migrations';

export class Migration20261125203430_recommendation_sweep extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_recommendation" add column "sweep_id" uuid null;`);
    this.addSql(`alter table "optimization_recommendation" add constraint "optimization_recommendation_sweep_id_foreign" foreign key ("sweep_id") references "optimization_sweep" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "optimization_recommendation" add constraint "optimization_recommendation_sweep_id_unique" unique ("sweep_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "optimization_recommendation" drop constraint "optimization_recommendation_sweep_id_foreign";`);

    this.addSql(`alter table "optimization_recommendation" drop constraint "optimization_recommendation_sweep_id_unique";`);
    this.addSql(`alter table "optimization_recommendation" drop column "sweep_id";`);
  }

}
