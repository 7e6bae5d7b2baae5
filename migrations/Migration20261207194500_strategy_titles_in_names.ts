import { Migration } from '@mikro-orm/migrations';

/**
 * Names made up before user strategies had titles began with the versioned name ("user:<id>@<v> BTCUSDT 5m",
 * and "…: fast=5" for a sweep row's run): that prefix becomes the title ("<document name> v<v>"), cut to the
 * 200-character column as the app cuts made-up names. A name typed by a person rarely starts with an id.
 */
const TABLES = ['backtest_run', 'optimization_sweep'] as const;
const VERSIONED = `'user:' || v."strategy_id"::text || '@' || v."version"`;
const TITLE = `(v."document"->>'name') || ' v' || v."version"`;
const clipped = (name: string) => `case when length(${name}) <= 200 then ${name} else left(${name}, 199) || '…' end`;

export class Migration20261207194500_strategy_titles_in_names extends Migration {

  override async up(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(`update "${table}" r set "name" = ${clipped(`${TITLE} || substr(r."name", length(${VERSIONED}) + 1)`)}
        from "user_strategy_version" v where left(r."name", length(${VERSIONED}) + 1) = ${VERSIONED} || ' ';`);
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(`update "${table}" r set "name" = ${clipped(`${VERSIONED} || substr(r."name", length(${TITLE}) + 1)`)}
        from "user_strategy_version" v where left(r."name", length(${TITLE}) + 1) = ${TITLE} || ' ' and r."strategy" = ${VERSIONED};`);
    }
  }

}
