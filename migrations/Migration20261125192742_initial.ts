import { Migration } from '@mikro-orm/migrations';

export class Migration20261125192742_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backtest_run" ("id" uuid not null, "name" varchar(200) not null, "status" text check ("status" in ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')) not null, "strategy" varchar(64) not null, "strategy_params" jsonb not null, "legs" jsonb not null, "symbols" text[] not null, "timeframe" varchar(8) not null, "start_date" timestamptz not null, "end_date" timestamptz not null, "initial_capital" double precision not null, "position_size" double precision not null, "settings" jsonb not null, "gap_policy" varchar(8) not null, "data_report" jsonb null, "progress" double precision not null default 0, "bars_processed" int not null default 0, "total_bars" int not null default 0, "attempts" int not null default 0, "error" text null, "error_code" varchar(64) null, "stopped_reason" text null, "total_trades" int null, "winning_trades" int null, "losing_trades" int null, "win_rate" double precision null, "total_profit_loss" double precision null, "roi" double precision null, "final_equity" double precision null, "max_drawdown" double precision null, "max_drawdown_percentage" double precision null, "sharpe_ratio" double precision null, "profit_factor" double precision null, "metrics_detail" jsonb null, "created_at" timestamptz not null default now(), "started_at" timestamptz null, "completed_at" timestamptz null, constraint "backtest_run_pkey" primary key ("id"));`);
    this.addSql(`create index "backtest_run_status_created_at_index" on "backtest_run" ("status", "created_at");`);
    this.addSql(`create index "backtest_run_created_at_index" on "backtest_run" ("created_at");`);
    this.addSql(`create index "backtest_run_strategy_created_at_index" on "backtest_run" ("strategy", "created_at");`);

    this.addSql(`create table "backtest_metric" ("id" bigserial primary key, "run_id" uuid not null, "timestamp" timestamptz not null, "equity" double precision not null, "cash" double precision not null, "open_positions" int not null, "total_trades" int not null, "drawdown" double precision not null);`);
    this.addSql(`alter table "backtest_metric" add constraint "backtest_metric_run_id_timestamp_unique" unique ("run_id", "timestamp");`);

    this.addSql(`create table "backtest_trade" ("id" bigserial primary key, "run_id" uuid not null, "seq" int not null, "leg_index" int not null, "symbol" varchar(40) not null, "direction" varchar(5) not null, "entry_time" timestamptz not null, "exit_time" timestamptz not null, "entry_price" double precision not null, "exit_price" double precision not null, "quantity" double precision not null, "fees" double precision not null, "profit_loss" double precision not null, "profit_loss_pct" double precision not null, "exit_reason" varchar(16) not null, "confidence" double precision not null, "stop_loss" double precision null, "take_profit" double precision null, "duration_ms" bigint not null, "signal_indicators" jsonb not null);`);
    this.addSql(`create index "backtest_trade_run_id_entry_time_index" on "backtest_trade" ("run_id", "entry_time");`);
    this.addSql(`create index "backtest_trade_run_id_symbol_index" on "backtest_trade" ("run_id", "symbol");`);
    this.addSql(`alter table "backtest_trade" add constraint "backtest_trade_run_id_seq_unique" unique ("run_id", "seq");`);

    this.addSql(`create table "candle" ("symbol" varchar(40) not null, "interval" varchar(8) not null, "open_time" bigint not null, "open" double precision not null, "high" double precision not null, "low" double precision not null, "close" double precision not null, "volume" double precision not null, constraint "candle_pkey" primary key ("symbol", "interval", "open_time"));`);

    this.addSql(`create table "optimization_recommendation" ("id" uuid not null, "type" varchar(16) not null, "status" varchar(16) not null, "strategy" varchar(64) not null, "symbols" text[] not null, "timeframe" varchar(8) not null, "current_params" jsonb not null, "recommended_params" jsonb not null, "expected_win_rate_improvement" double precision null, "expected_roi_improvement" double precision null, "confidence_score" double precision not null, "rationale" text not null, "created_at" timestamptz not null default now(), "decided_at" timestamptz null, constraint "optimization_recommendation_pkey" primary key ("id"));`);
    this.addSql(`create index "optimization_recommendation_status_created_at_index" on "optimization_recommendation" ("status", "created_at");`);
    this.addSql(`create index "optimization_recommendation_strategy_created_at_index" on "optimization_recommendation" ("strategy", "created_at");`);

    this.addSql(`create table "strategy_optimization" ("id" uuid not null, "sweep_id" uuid null, "run_id" uuid null, "strategy" varchar(64) not null, "symbols" text[] not null, "timeframe" varchar(8) not null, "params" jsonb not null, "params_key" text not null, "total_trades" int not null, "win_rate" double precision null, "roi" double precision not null, "sharpe_ratio" double precision null, "profit_factor" double precision null, "max_drawdown_percentage" double precision not null, "score" double precision not null, "created_at" timestamptz not null default now(), constraint "strategy_optimization_pkey" primary key ("id"));`);
    this.addSql(`create index "strategy_optimization_sweep_id_score_index" on "strategy_optimization" ("sweep_id", "score");`);
    this.addSql(`create index "strategy_optimization_strategy_score_index" on "strategy_optimization" ("strategy", "score");`);
    this.addSql(`alter table "strategy_optimization" add constraint "strategy_optimization_sweep_id_params_key_unique" unique ("sweep_id", "params_key");`);

    this.addSql(`create table "optimization_recommendation_evidence" ("optimization_recommendation_id" uuid not null, "strategy_optimization_id" uuid not null, constraint "optimization_recommendation_evidence_pkey" primary key ("optimization_recommendation_id", "strategy_optimization_id"));`);

    this.addSql(`alter table "backtest_metric" add constraint "backtest_metric_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "backtest_trade" add constraint "backtest_trade_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "strategy_optimization" add constraint "strategy_optimization_run_id_foreign" foreign key ("run_id") references "backtest_run" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "optimization_recommendation_evidence" add constraint "optimization_recommendation_evidence_optimizatio_2bf0c_foreign" foreign key ("optimization_recommendation_id") references "optimization_recommendation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "optimization_recommendation_evidence" add constraint "optimization_recommendation_evidence_strategy_op_aba2b_foreign" foreign key ("strategy_optimization_id") references "strategy_optimization" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_metric" drop constraint "backtest_metric_run_id_foreign";`);

    this.addSql(`alter table "backtest_trade" drop constraint "backtest_trade_run_id_foreign";`);

    this.addSql(`alter table "strategy_optimization" drop constraint "strategy_optimization_run_id_foreign";`);

    this.addSql(`alter table "optimization_recommendation_evidence" drop constraint "optimization_recommendation_evidence_optimizatio_2bf0c_foreign";`);

    this.addSql(`alter table "optimization_recommendation_evidence" drop constraint "optimization_recommendation_evidence_strategy_op_aba2b_foreign";`);

    this.addSql(`drop table if exists "backtest_run" cascade;`);

    this.addSql(`drop table if exists "backtest_metric" cascade;`);

    this.addSql(`drop table if exists "backtest_trade" cascade;`);

    this.addSql(`drop table if exists "candle" cascade;`);

    this.addSql(`drop table if exists "optimization_recommendation" cascade;`);

    this.addSql(`drop table if exists "strategy_optimization" cascade;`);

    this.addSql(`drop table if exists "optimization_recommendation_evidence" cascade;`);
  }

}
