import { Migration } from '@mikro-orm/migrations';

export class Migration20261207001951_strategy_documents extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "user_strategy" ("id" uuid not null, "name" varchar(100) not null, "latest_version" int not null, "deleted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "user_strategy_pkey" primary key ("id"));`);

    this.addSql(`create table "user_strategy_version" ("id" uuid not null, "strategy_id" uuid not null, "version" int not null, "document" jsonb not null, "checks" jsonb not null, "created_at" timestamptz not null default now(), constraint "user_strategy_version_pkey" primary key ("id"));`);
    this.addSql(`alter table "user_strategy_version" add constraint "user_strategy_version_strategy_id_version_unique" unique ("strategy_id", "version");`);

    this.addSql(`alter table "user_strategy_version" add constraint "user_strategy_version_strategy_id_foreign" foreign key ("strategy_id") references "user_strategy" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "user_strategy_version" drop constraint "user_strategy_version_strategy_id_foreign";`);

    this.addSql(`drop table if exists "user_strategy" cascade;`);

    this.addSql(`drop table if exists "user_strategy_version" cascade;`);
  }

}
