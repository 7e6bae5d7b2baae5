import { Migration } from '@mikro-orm/migrations';

export class Migration20261129111619_access_control extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_token" ("id" uuid not null, "name" varchar(64) not null, "role" varchar(8) not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "backtest_run" add column "created_by" varchar(100) null;`);
    this.addSql(`create index "backtest_run_created_by_status_index" on "backtest_run" ("created_by", "status");`);

    this.addSql(`alter table "optimization_sweep" add column "created_by" varchar(100) null;`);
    this.addSql(`create index "optimization_sweep_created_by_status_index" on "optimization_sweep" ("created_by", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop index "backtest_run_created_by_status_index";`);
    this.addSql(`alter table "backtest_run" drop column "created_by";`);

    this.addSql(`drop index "optimization_sweep_created_by_status_index";`);
    this.addSql(`alter table "optimization_sweep" drop column "created_by";`);
  }

}
