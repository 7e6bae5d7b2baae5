import { Migration } from '@mikro-orm/migrations';

/**
 * Two fixed partial-target slots (scaleOutTarget1R / scaleOutFraction1Pct, scaleOutTarget2R /
 * scaleOutFraction2Pct) become one list, scaleOutTargets of { levelR, fraction }. Stored settings keep what
 * they ran with: no first level → no targets; a second level only with a first (the old rule); each
 * fraction is its percent / 100, an absent one its old default (50 and 25 %).
 */
const OLD_KEYS = ['scaleOutTarget1R', 'scaleOutFraction1Pct', 'scaleOutTarget2R', 'scaleOutFraction2Pct'];

const isNumber = (column: string, key: string) => `coalesce(jsonb_typeof(${column}->'${key}'), 'null') = 'number'`;
const target = (column: string, k: 1 | 2, defaultPct: number) =>
  `jsonb_build_object('levelR', ${column}->'scaleOutTarget${k}R', 'fraction', (coalesce((${column}->>'scaleOutFraction${k}Pct')::numeric, ${defaultPct}) / 100)::float8)`;

const mapped = (column: string) => `(${column} ${OLD_KEYS.map((key) => `- '${key}'::text`).join(' ')}) || jsonb_build_object('scaleOutTargets', case
  when not ${isNumber(column, 'scaleOutTarget1R')} then '[]'::jsonb
  when not ${isNumber(column, 'scaleOutTarget2R')} then jsonb_build_array(${target(column, 1, 50)})
  else jsonb_build_array(${target(column, 1, 50)}, ${target(column, 2, 25)}) end)`;

/** Partial settings (a preset, a recommendation's changed values) change only where they named an old key. */
const namesAny = (column: string) => `(${OLD_KEYS.map((key) => `${column}->'${key}' is not null`).join(' or ')})`;

/** Back to the slots: the first two targets (a list of more cannot be written in the old form and keeps two). Decimal arithmetic keeps 0.3 → 30, not 30.000000000000004. */
const slot = (column: string, k: 0 | 1) => `${column}->'scaleOutTargets'->${k}`;
const back = (column: string) => `(${column} - 'scaleOutTargets'::text) || jsonb_build_object(
  'scaleOutTarget1R', ${slot(column, 0)}->'levelR', 'scaleOutFraction1Pct', coalesce(((${slot(column, 0)}->>'fraction')::numeric * 100)::float8, 50),
  'scaleOutTarget2R', ${slot(column, 1)}->'levelR', 'scaleOutFraction2Pct', coalesce(((${slot(column, 1)}->>'fraction')::numeric * 100)::float8, 25))`;

const COMPLETE = [
  ['backtest_run', 'settings'],
  ['optimization_sweep', 'settings'],
  ['optimization_recommendation', 'base_settings'],
] as const;

export class Migration20261207062000_scale_out_targets extends Migration {

  override async up(): Promise<void> {
    for (const [table, column] of COMPLETE) {
      this.addSql(`update "${table}" set "${column}" = ${mapped(`"${column}"`)} where jsonb_typeof("${column}") = 'object';`);
    }
    this.addSql(`update "strategy_preset" set "settings" = ${mapped('"settings"')} where jsonb_typeof("settings") = 'object' and ${namesAny('"settings"')};`);
    for (const column of ['current_values', 'recommended_values']) {
      const settings = `("${column}"->'settings')`;
      this.addSql(`update "optimization_recommendation" set "${column}" = jsonb_set("${column}", '{settings}', ${mapped(settings)}) where jsonb_typeof(${settings}) = 'object' and ${namesAny(settings)};`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, column] of COMPLETE) {
      this.addSql(`update "${table}" set "${column}" = ${back(`"${column}"`)} where jsonb_typeof("${column}"->'scaleOutTargets') = 'array';`);
    }
    this.addSql(`update "strategy_preset" set "settings" = ${back('"settings"')} where jsonb_typeof("settings"->'scaleOutTargets') = 'array';`);
    for (const column of ['current_values', 'recommended_values']) {
      const settings = `("${column}"->'settings')`;
      this.addSql(`update "optimization_recommendation" set "${column}" = jsonb_set("${column}", '{settings}', ${back(settings)}) where jsonb_typeof(${settings}->'scaleOutTargets') = 'array';`);
    }
  }

}
