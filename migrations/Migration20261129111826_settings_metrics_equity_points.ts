import { Migration } from '@mikro-orm/migrations';

/**
 * Run settings stored whole and alike for runs and sweeps (engine/settings.ts), every metric as a
 * column (engine/metric-definitions.ts), and the equity series table named for what it holds.
 * Existing rows are carried over: nothing a user stored is lost.
 */
export class Migration20261129111826_settings_metrics_equity_points extends Migration {

  override async up(): Promise<void> {
    // The equity series: a rename, so stored curves stay.
    this.addSql(`alter table "backtest_metric" rename to "backtest_equity_point";`);
    this.addSql(`alter sequence "backtest_metric_id_seq" rename to "backtest_equity_point_id_seq";`);
    this.addSql(`alter table "backtest_equity_point" rename constraint "backtest_metric_pkey" to "backtest_equity_point_pkey";`);
    this.addSql(`alter table "backtest_equity_point" rename constraint "backtest_metric_run_id_timestamp_unique" to "backtest_equity_point_run_id_timestamp_unique";`);
    this.addSql(`alter table "backtest_equity_point" rename constraint "backtest_metric_run_id_foreign" to "backtest_equity_point_run_id_foreign";`);

    // Settings: sizing { mode, value } becomes sizingMode and positionSize; runs take their capital in too.
    this.addSql(`update "backtest_run" set "settings" = ("settings" - 'sizing') || jsonb_build_object(
      'initialCapital', "initial_capital", 'positionSize', "position_size", 'sizingMode', coalesce("settings"->'sizing'->>'mode', 'FIXED_QUOTE'));`);
    this.addSql(`update "optimization_sweep" set "settings" = ("settings" - 'sizing') || jsonb_build_object(
      'positionSize', coalesce(("settings"->'sizing'->>'value')::float8, 100), 'sizingMode', coalesce("settings"->'sizing'->>'mode', 'FIXED_QUOTE'));`);
    this.addSql(`alter table "backtest_run" drop column "initial_capital", drop column "position_size";`);

    // Every metric a column; the ones that lived only in metrics_detail move out of it.
    this.addSql(`alter table "backtest_run" add column "cagr" double precision null, add column "max_drawdown_duration_ms" double precision null, add column "avg_trade_duration_ms" double precision null, add column "max_trade_duration_ms" double precision null, add column "expectancy" double precision null, add column "best_trade" double precision null, add column "worst_trade" double precision null, add column "avg_win" double precision null, add column "avg_loss" double precision null, add column "exposure_pct" double precision null, add column "fees_paid" double precision null, add column "buy_and_hold_return" double precision null, add column "sortino_ratio" double precision null, add column "calmar_ratio" double precision null, add column "sqn" double precision null, add column "warmup_bars" int null, add column "skipped_entries" jsonb null, add column "entries_shrunk_to_cash" int null;`);
    this.addSql(`update "backtest_run" set
      "cagr" = ("metrics_detail"->>'cagr')::float8,
      "max_drawdown_duration_ms" = ("metrics_detail"->>'maxDrawdownDurationMs')::float8,
      "avg_trade_duration_ms" = ("metrics_detail"->>'avgTradeDurationMs')::float8,
      "max_trade_duration_ms" = ("metrics_detail"->>'maxTradeDurationMs')::float8,
      "expectancy" = ("metrics_detail"->>'expectancy')::float8,
      "best_trade" = ("metrics_detail"->>'bestTrade')::float8,
      "worst_trade" = ("metrics_detail"->>'worstTrade')::float8,
      "avg_win" = ("metrics_detail"->>'avgWin')::float8,
      "avg_loss" = ("metrics_detail"->>'avgLoss')::float8,
      "exposure_pct" = ("metrics_detail"->>'exposurePct')::float8,
      "fees_paid" = ("metrics_detail"->>'feesPaid')::float8,
      "buy_and_hold_return" = ("metrics_detail"->>'buyAndHoldReturn')::float8,
      "sortino_ratio" = ("metrics_detail"->>'sortinoRatio')::float8,
      "calmar_ratio" = ("metrics_detail"->>'calmarRatio')::float8,
      "sqn" = ("metrics_detail"->>'sqn')::float8,
      "warmup_bars" = ("metrics_detail"->>'warmupBars')::int
      where "metrics_detail" is not null;`);
    this.addSql(`update "backtest_run" set "metrics_detail" = "metrics_detail"->'nullReasons' where "metrics_detail" is not null;`);
    this.addSql(`alter table "backtest_run" rename column "metrics_detail" to "null_reasons";`);

    this.addSql(`alter table "strategy_optimization" add column "winning_trades" int null, add column "losing_trades" int null, add column "total_profit_loss" double precision null, add column "final_equity" double precision null, add column "cagr" double precision null, add column "max_drawdown" double precision null, add column "max_drawdown_duration_ms" double precision null, add column "avg_trade_duration_ms" double precision null, add column "max_trade_duration_ms" double precision null, add column "expectancy" double precision null, add column "best_trade" double precision null, add column "worst_trade" double precision null, add column "avg_win" double precision null, add column "avg_loss" double precision null, add column "exposure_pct" double precision null, add column "fees_paid" double precision null, add column "buy_and_hold_return" double precision null, add column "sortino_ratio" double precision null, add column "calmar_ratio" double precision null, add column "sqn" double precision null, add column "null_reasons" jsonb null, add column "warmup_bars" int null, add column "skipped_entries" jsonb null, add column "entries_shrunk_to_cash" int null;`);
    this.addSql(`alter table "strategy_optimization" alter column "total_trades" drop not null;`);
    this.addSql(`alter table "strategy_optimization" alter column "roi" drop not null;`);
    this.addSql(`alter table "strategy_optimization" alter column "max_drawdown_percentage" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "strategy_optimization" drop column "winning_trades", drop column "losing_trades", drop column "total_profit_loss", drop column "final_equity", drop column "cagr", drop column "max_drawdown", drop column "max_drawdown_duration_ms", drop column "avg_trade_duration_ms", drop column "max_trade_duration_ms", drop column "expectancy", drop column "best_trade", drop column "worst_trade", drop column "avg_win", drop column "avg_loss", drop column "exposure_pct", drop column "fees_paid", drop column "buy_and_hold_return", drop column "sortino_ratio", drop column "calmar_ratio", drop column "sqn", drop column "null_reasons", drop column "warmup_bars", drop column "skipped_entries", drop column "entries_shrunk_to_cash";`);
    this.addSql(`alter table "backtest_run" rename column "null_reasons" to "metrics_detail";`);
    this.addSql(`alter table "backtest_run" drop column "cagr", drop column "max_drawdown_duration_ms", drop column "avg_trade_duration_ms", drop column "max_trade_duration_ms", drop column "expectancy", drop column "best_trade", drop column "worst_trade", drop column "avg_win", drop column "avg_loss", drop column "exposure_pct", drop column "fees_paid", drop column "buy_and_hold_return", drop column "sortino_ratio", drop column "calmar_ratio", drop column "sqn", drop column "warmup_bars", drop column "skipped_entries", drop column "entries_shrunk_to_cash";`);
    this.addSql(`alter table "backtest_run" add column "initial_capital" float8 null, add column "position_size" float8 null;`);
    this.addSql(`update "backtest_run" set "initial_capital" = ("settings"->>'initialCapital')::float8, "position_size" = ("settings"->>'positionSize')::float8;`);
    this.addSql(`alter table "backtest_equity_point" rename to "backtest_metric";`);
    this.addSql(`alter sequence "backtest_equity_point_id_seq" rename to "backtest_metric_id_seq";`);
  }

}
