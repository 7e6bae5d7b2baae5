import { Migration } from '@mikro-orm/migrations';

/**
 * closeOnOppositeSignal and reverse (two booleans) become one setting, oppositeSignal: REVERSE, CLOSE or
 * IGNORE. Stored settings keep what they ran with: closeOnOppositeSignal false → IGNORE, reverse true →
 * REVERSE, anything else (both absent included: runs older than either setting) → CLOSE, the old default.
 */
const mapped = (column: string) => `(${column} - 'closeOnOppositeSignal'::text - 'reverse'::text) || jsonb_build_object('oppositeSignal', case
  when ${column}->>'closeOnOppositeSignal' = 'false' then 'IGNORE'
  when ${column}->>'reverse' = 'true' then 'REVERSE'
  else 'CLOSE' end)`;

/** Only settings that name either key: a preset or a recommendation's changed values hold a few settings. */
const namesEither = (column: string) => `(${column}->'closeOnOppositeSignal' is not null or ${column}->'reverse' is not null)`;

export class Migration20261206204600_opposite_signal extends Migration {

  override async up(): Promise<void> {
    // Complete settings: every row gets oppositeSignal.
    this.addSql(`update "backtest_run" set "settings" = ${mapped('"settings"')} where jsonb_typeof("settings") = 'object';`);
    this.addSql(`update "optimization_sweep" set "settings" = ${mapped('"settings"')} where jsonb_typeof("settings") = 'object';`);
    this.addSql(`update "optimization_recommendation" set "base_settings" = ${mapped('"base_settings"')} where jsonb_typeof("base_settings") = 'object';`);
    // Partial settings: only where one of the old keys was set.
    this.addSql(`update "strategy_preset" set "settings" = ${mapped('"settings"')} where jsonb_typeof("settings") = 'object' and ${namesEither('"settings"')};`);
    for (const column of ['current_values', 'recommended_values']) {
      const settings = `("${column}"->'settings')`;
      this.addSql(`update "optimization_recommendation" set "${column}" = jsonb_set("${column}", '{settings}', ${mapped(settings)}) where jsonb_typeof(${settings}) = 'object' and ${namesEither(settings)};`);
    }
  }

  override async down(): Promise<void> {
    const back = (column: string) => `(${column} - 'oppositeSignal'::text) || jsonb_build_object('closeOnOppositeSignal', ${column}->>'oppositeSignal' <> 'IGNORE', 'reverse', ${column}->>'oppositeSignal' = 'REVERSE')`;
    this.addSql(`update "backtest_run" set "settings" = ${back('"settings"')} where "settings"->'oppositeSignal' is not null;`);
    this.addSql(`update "optimization_sweep" set "settings" = ${back('"settings"')} where "settings"->'oppositeSignal' is not null;`);
    this.addSql(`update "optimization_recommendation" set "base_settings" = ${back('"base_settings"')} where "base_settings"->'oppositeSignal' is not null;`);
    this.addSql(`update "strategy_preset" set "settings" = ${back('"settings"')} where "settings"->'oppositeSignal' is not null;`);
    for (const column of ['current_values', 'recommended_values']) {
      const settings = `("${column}"->'settings')`;
      this.addSql(`update "optimization_recommendation" set "${column}" = jsonb_set("${column}", '{settings}', ${back(settings)}) where ${settings}->'oppositeSignal' is not null;`);
    }
  }

}
