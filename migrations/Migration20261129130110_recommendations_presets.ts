import { Migration } from '@mikro-orm/migrations';

export class Migration20261129130110_recommendations_presets extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "strategy_preset" ("id" uuid not null, "strategy" varchar(64) not null, "symbol" varchar(40) not null, "timeframe" varchar(8) not null, "params" jsonb not null, "settings" jsonb not null, "recommendation_id" uuid null, "updated_at" timestamptz not null default now(), constraint "strategy_preset_pkey" primary key ("id"));`);
    this.addSql(`alter table "strategy_preset" add constraint "strategy_preset_strategy_symbol_timeframe_unique" unique ("strategy", "symbol", "timeframe");`);

    this.addSql(`alter table "strategy_preset" add constraint "strategy_preset_recommendation_id_foreign" foreign key ("recommendation_id") references "optimization_recommendation" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "optimization_recommendation" drop constraint "optimization_recommendation_sweep_id_unique";`);

    // Existing recommendations were PARAMETERS drawn in sample from one sweep each: carried over as such.
    this.addSql(`alter table "optimization_recommendation" add column "dedupe_key" text null, add column "base_params" jsonb null, add column "base_settings" jsonb null, add column "current_values" jsonb null, add column "recommended_values" jsonb null, add column "raw_expected_win_rate_improvement" double precision null, add column "raw_expected_roi_improvement" double precision null, add column "confidence_breakdown" jsonb null, add column "validation" jsonb null, add column "rejection_reason" text null, add column "applied_at" timestamptz null, add column "realised_status" varchar(16) null, add column "realised_message" text null, add column "validation_run_ids" text[] null, add column "realised_from" timestamptz null, add column "realised_to" timestamptz null, add column "realised_roi_improvement" double precision null, add column "realised_win_rate_improvement" double precision null, add column "realised_at" timestamptz null;`);
    this.addSql(`update "optimization_recommendation" r set
      "dedupe_key" = 'PARAMETERS:' || coalesce(r."sweep_id"::text, r."id"::text) || ':legacy',
      "base_params" = r."current_params",
      "base_settings" = coalesce((select s."settings" from "optimization_sweep" s where s."id" = r."sweep_id"), '{}'::jsonb),
      "current_values" = jsonb_build_object('params', r."current_params"),
      "recommended_values" = jsonb_build_object('params', r."recommended_params"),
      "raw_expected_roi_improvement" = r."expected_roi_improvement",
      "raw_expected_win_rate_improvement" = r."expected_win_rate_improvement",
      "confidence_breakdown" = '{"method":"legacy in-sample neighbour support"}'::jsonb,
      "validation" = '{"method":"IN_SAMPLE_ONLY","fromMs":null,"toMs":null,"current":null,"recommended":null}'::jsonb;`);
    this.addSql(`alter table "optimization_recommendation" alter column "dedupe_key" set not null, alter column "base_params" set not null, alter column "base_settings" set not null, alter column "current_values" set not null, alter column "recommended_values" set not null, alter column "confidence_breakdown" set not null;`);
    this.addSql(`alter table "optimization_recommendation" drop column "current_params", drop column "recommended_params";`);
    this.addSql(`create index "optimization_recommendation_type_status_index" on "optimization_recommendation" ("type", "status");`);
    this.addSql(`alter table "optimization_recommendation" add constraint "optimization_recommendation_dedupe_key_unique" unique ("dedupe_key");`);

    this.addSql(`alter table "strategy_optimization" alter column "score" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "strategy_preset" cascade;`);

    this.addSql(`alter table "optimization_recommendation" add column "current_params" jsonb null, add column "recommended_params" jsonb null;`);
    this.addSql(`update "optimization_recommendation" set "current_params" = coalesce("current_values"->'params', '{}'), "recommended_params" = coalesce("recommended_values"->'params', '{}');`);
    this.addSql(`drop index "optimization_recommendation_type_status_index";`);
    this.addSql(`alter table "optimization_recommendation" drop constraint "optimization_recommendation_dedupe_key_unique";`);
    this.addSql(`alter table "optimization_recommendation" drop column "dedupe_key", drop column "base_params", drop column "base_settings", drop column "current_values", drop column "recommended_values", drop column "raw_expected_win_rate_improvement", drop column "raw_expected_roi_improvement", drop column "confidence_breakdown", drop column "validation", drop column "rejection_reason", drop column "applied_at", drop column "realised_status", drop column "realised_message", drop column "validation_run_ids", drop column "realised_from", drop column "realised_to", drop column "realised_roi_improvement", drop column "realised_win_rate_improvement", drop column "realised_at";`);

    this.addSql(`alter table "optimization_recommendation" add constraint "optimization_recommendation_sweep_id_unique" unique ("sweep_id");`);

    this.addSql(`alter table "strategy_optimization" alter column "score" set not null;`);
  }

}
