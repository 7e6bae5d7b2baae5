import { Migration } from '@mikro-orm/migrations';

/**
 * A trade's indicator values on its signal bar become json: stored as the text they were sent as and only
 * checked, instead of jsonb's own form built per row (a fifth of storing a run's trades); nothing queries
 * inside them. The values read back the same: jsonb keeps a number's digits, and json keeps its text.
 */
export class Migration20261207211000_trade_signal_indicators_json extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "backtest_trade" alter column "signal_indicators" type json using "signal_indicators"::json;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "backtest_trade" alter column "signal_indicators" type jsonb using "signal_indicators"::jsonb;`);
  }

}
