import type { RecommendationChange } from './operations.ts';
import { paramRecord, settingRecord } from './values.ts';

/** What a recommendation changes, side by side and in one line (the recommendation screens and a sweep's page). */

export interface ValueRow {
  readonly name: string;
  readonly current: string;
  readonly recommended: string;
  readonly changed: boolean;
}

const text = (value: unknown) => (value === undefined || value === null ? '—' : String(value));

const SETTING_LABELS: Record<string, string> = { positionSize: 'position size', sizingMode: 'sizing', trailingStopPct: 'trailing stop %', maxDrawdownStopPct: 'max drawdown stop %' };

/**
 * Both sides row by row: symbol, timeframe, parameters and settings. A side that leaves a value out
 * keeps what the recommendation is based on (its base parameters, its market).
 */
export function valueRows(rec: Omit<RecommendationChange, 'type'>): ValueRow[] {
  const rows: ValueRow[] = [];
  const add = (name: string, current: unknown, recommended: unknown) => rows.push({ name, current: text(current), recommended: text(recommended), changed: text(current) !== text(recommended) });
  const { current, recommended } = rec;
  if (current.symbol || recommended.symbol) add('symbol', current.symbol ?? rec.symbols.join(', '), recommended.symbol ?? current.symbol ?? rec.symbols.join(', '));
  if (current.timeframe || recommended.timeframe) add('timeframe', current.timeframe ?? rec.timeframe, recommended.timeframe ?? current.timeframe ?? rec.timeframe);
  const base = paramRecord(rec.baseParams);
  const currentParams = paramRecord(current.params);
  const recommendedParams = paramRecord(recommended.params);
  for (const name of [...new Set([...Object.keys(currentParams), ...Object.keys(recommendedParams)])]) {
    add(name, name in currentParams ? currentParams[name] : base[name], name in recommendedParams ? recommendedParams[name] : (currentParams[name] ?? base[name]));
  }
  const currentSettings = settingRecord(current.settings);
  const recommendedSettings = settingRecord(recommended.settings);
  for (const name of [...new Set([...Object.keys(currentSettings), ...Object.keys(recommendedSettings)])]) {
    add(SETTING_LABELS[name] ?? name, currentSettings[name], recommendedSettings[name] ?? currentSettings[name]);
  }
  return rows;
}

/** The change in one line: `fast 12 → 16, slow 26 → 40`, `SYNTH-ETHUSDT → SYNTH-BTCUSDT`. */
export function describeChange(rec: RecommendationChange): string {
  const rows = valueRows(rec).filter((row) => row.changed);
  const market = rows.filter((row) => row.name === 'symbol' || row.name === 'timeframe');
  // SYMBOL and TIMEFRAME move to another market with that market's own parameters: the market says it.
  const shown = (rec.type === 'SYMBOL' || rec.type === 'TIMEFRAME') && market.length > 0 ? market : rows;
  if (shown.length === 0) return 'no change';
  return shown.map((row) => (row.name === 'symbol' || row.name === 'timeframe' ? `${row.current} → ${row.recommended}` : `${row.name} ${row.current} → ${row.recommended}`)).join(', ');
}
