import { Migration } from '@mikro-orm/migrations';

export class Migration20261125203025_optimization_sweep extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "optimization_sweep" ("id" uuid not null, "name" varchar(200) not null, "status" text check ("status" in ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')) not null, "strategy" varchar(64) not null, "symbols" text[] not null, "timeframe" varchar(8) not null, "start_date" timestamptz not null, "end_date" timestamptz not null, "parameter_ranges" jsonb not null, "base_params" jsonb not null, "settings" jsonb not null, "gap_policy" varchar(8) not null, "fetch_missing_data" boolean not null default true, "total_combinations" int not null, "skipped_by_constraint" int not null default 0, "completed_combinations" int not null default 0, "progress" double precision not null default 0, "attempts" int not null default 0, "error" text null, "error_code" varchar(64) null, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "completed_at" timestamptz null, constraint "optimization_sweep_pkey" primary key ("id"));`);
    this.addSql(`create index "optimization_sweep_status_created_at_index" on "optimization_sweep" ("status", "created_at");`);
    this.addSql(`create index "optimization_sweep_created_at_index" on "optimization_sweep" ("created_at");`);

    this.addSql(`alter table "strategy_optimization" add constraint "strategy_optimization_sweep_id_foreign" foreign key ("sweep_id") references "optimization_sweep" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "strategy_optimization" drop constraint "strategy_optimization_sweep_id_foreign";`);

    this.addSql(`drop table if exists "optimization_sweep" cascade;`);
  }

}
