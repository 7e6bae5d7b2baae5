import { Migration } from '@mikro-orm/migrations';

export class Migration20261207010323 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "universe" ("id" uuid not null, "name" varchar(200) not null, "symbols" text[] null, "rule" jsonb null, "created_by" varchar(100) null, "created_at" timestamptz not null default now(), constraint "universe_pkey" primary key ("id"));`);
    this.addSql(`alter table "universe" add constraint "universe_name_unique" unique ("name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "universe" cascade;`);
  }

}
