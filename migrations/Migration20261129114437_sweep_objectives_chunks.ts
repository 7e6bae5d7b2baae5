import { Migration } from '@mikro-orm/migrations';

/**
 * Sweeps gain an objective, a trade minimum, a search method and out-of-sample validation, and run as
 * chunks whose rows are placed by window and phase. Existing sweeps were composite-ranked grids,
 * in-sample, every evaluation one combination: they are recorded so.
 */
export class Migration20261129114437_sweep_objectives_chunks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "optimization_sweep" add column "objective" jsonb null, add column "min_trades" int not null default 30, add column "search" jsonb null, add column "validation" jsonb null, add column "total_evaluations" int not null default 0, add column "report" jsonb null;`);
    this.addSql(`update "optimization_sweep" set "objective" = '{"name":"COMPOSITE"}', "search" = '{"method":"GRID"}', "min_trades" = 0, "total_evaluations" = "total_combinations";`);
    this.addSql(`alter table "optimization_sweep" alter column "objective" set not null, alter column "search" set not null;`);
    this.addSql(`alter table "optimization_sweep" rename column "completed_combinations" to "completed_evaluations";`);

    this.addSql(`alter table "strategy_optimization" drop constraint "strategy_optimization_sweep_id_params_key_unique";`);
    this.addSql(`drop index "strategy_optimization_sweep_id_score_index";`);
    this.addSql(`alter table "strategy_optimization" add column "window" int not null default 0, add column "phase" varchar(16) not null default 'IN_SAMPLE', add column "from_date" timestamptz null, add column "to_date" timestamptz null;`);
    this.addSql(`create index "strategy_optimization_sweep_id_window_phase_score_index" on "strategy_optimization" ("sweep_id", "window", "phase", "score");`);
    this.addSql(`alter table "strategy_optimization" add constraint "strategy_optimization_sweep_id_window_phase_params_key_unique" unique ("sweep_id", "window", "phase", "params_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "strategy_optimization_sweep_id_window_phase_score_index";`);
    this.addSql(`alter table "strategy_optimization" drop constraint "strategy_optimization_sweep_id_window_phase_params_key_unique";`);
    this.addSql(`alter table "strategy_optimization" drop column "window", drop column "phase", drop column "from_date", drop column "to_date";`);
    this.addSql(`alter table "strategy_optimization" add constraint "strategy_optimization_sweep_id_params_key_unique" unique ("sweep_id", "params_key");`);
    this.addSql(`create index "strategy_optimization_sweep_id_score_index" on "strategy_optimization" ("sweep_id", "score");`);
    this.addSql(`alter table "optimization_sweep" rename column "completed_evaluations" to "completed_combinations";`);
    this.addSql(`alter table "optimization_sweep" drop column "objective", drop column "min_trades", drop column "search", drop column "validation", drop column "total_evaluations", drop column "report";`);
  }

}
