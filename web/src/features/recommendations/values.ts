import { paramRecord, settingRecord } from '../../lib/values.ts';
import type { Recommendation } from './data.ts';

/**
 * Reading a recommendation: what it changes, and its `validation` (RecommendationValidation in the
 * schema). Records stored by older versions may lack fields, so each is checked here and anything
 * missing reads as absent rather than breaking the page.
 */

export interface ValueRow {
  readonly name: string;
  readonly current: string;
  readonly recommended: string;
  readonly changed: boolean;
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {});
const text = (value: unknown) => (value === undefined || value === null ? '—' : String(value));

const SETTING_LABELS: Record<string, string> = { positionSize: 'position size', sizingMode: 'sizing', trailingStopPct: 'trailing stop %', maxDrawdownStopPct: 'max drawdown stop %' };

/**
 * Both sides row by row: symbol, timeframe, parameters and settings. A side that leaves a value out
 * keeps what the recommendation is based on (its base parameters, its market).
 */
export function valueRows(rec: Pick<Recommendation, 'current' | 'recommended' | 'baseParams' | 'symbols' | 'timeframe'>): ValueRow[] {
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
export function describeChange(rec: Pick<Recommendation, 'type' | 'current' | 'recommended' | 'baseParams' | 'symbols' | 'timeframe'>): string {
  const rows = valueRows(rec).filter((row) => row.changed);
  const market = rows.filter((row) => row.name === 'symbol' || row.name === 'timeframe');
  // SYMBOL and TIMEFRAME move to another market with that market's own parameters: the market says it.
  const shown = (rec.type === 'SYMBOL' || rec.type === 'TIMEFRAME') && market.length > 0 ? market : rows;
  if (shown.length === 0) return 'no change';
  return shown.map((row) => (row.name === 'symbol' || row.name === 'timeframe' ? `${row.current} → ${row.recommended}` : `${row.name} ${row.current} → ${row.recommended}`)).join(', ');
}

/** One side's results on the validation (or in-sample) data. */
export interface SideResult {
  readonly roi: number | null;
  readonly winRate: number | null;
  readonly totalTrades: number | null;
  readonly score: number | null;
  readonly maxDrawdownPercentage: number | null;
  readonly sharpeRatio: number | null;
}

export interface MarketResult {
  readonly market: string;
  readonly sweepId: string | null;
  readonly inSample: SideResult | null;
  readonly outOfSample: SideResult | null;
}

export type ValidationMethod = 'HOLDOUT' | 'WALK_FORWARD' | 'ACROSS_SWEEPS' | 'IN_SAMPLE_ONLY';

export interface Validation {
  readonly method: ValidationMethod | null;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly current: SideResult | null;
  readonly recommended: SideResult | null;
  readonly test: { readonly pValue: number; readonly adjustedPValue: number; readonly alpha: number; readonly candidatesTested: number } | null;
  readonly perYear: ReadonlyArray<{ readonly year: number; readonly current: number | null; readonly recommended: number | null }>;
  readonly inSample: { readonly current: SideResult | null; readonly recommended: SideResult | null } | null;
  readonly onEdgeOf: readonly string[];
  readonly markets: readonly MarketResult[];
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function side(value: unknown): SideResult | null {
  if (!value || typeof value !== 'object') return null;
  const v = record(value);
  return { roi: num(v.roi), winRate: num(v.winRate), totalTrades: num(v.totalTrades), score: num(v.score), maxDrawdownPercentage: num(v.maxDrawdownPercentage), sharpeRatio: num(v.sharpeRatio) };
}

const METHODS: readonly ValidationMethod[] = ['HOLDOUT', 'WALK_FORWARD', 'ACROSS_SWEEPS', 'IN_SAMPLE_ONLY'];

export function readValidation(json: unknown): Validation | null {
  if (!json || typeof json !== 'object') return null;
  const v = record(json);
  const inSample = v.inSample && typeof v.inSample === 'object' ? { current: side(record(v.inSample).current), recommended: side(record(v.inSample).recommended) } : null;
  return {
    method: METHODS.find((m) => m === v.method) ?? null,
    fromMs: num(v.fromMs),
    toMs: num(v.toMs),
    current: side(v.current),
    recommended: side(v.recommended),
    test: testOf(v.test),
    perYear: Array.isArray(v.perYear) ? v.perYear.map((y) => ({ year: num(record(y).year) ?? 0, current: num(record(y).current), recommended: num(record(y).recommended) })) : [],
    inSample,
    onEdgeOf: Array.isArray(v.onEdgeOf) ? v.onEdgeOf.map(String) : [],
    markets: Array.isArray(v.markets)
      ? v.markets.map((m) => {
          const market = record(m);
          return { market: String(market.market ?? '—'), sweepId: typeof market.sweepId === 'string' ? market.sweepId : null, inSample: side(market.inSample), outOfSample: side(market.outOfSample) };
        })
      : [],
  };
}

function testOf(value: unknown): Validation['test'] {
  if (!value || typeof value !== 'object') return null;
  const t = record(value);
  const pValue = num(t.pValue);
  if (pValue === null) return null;
  return { pValue, adjustedPValue: num(t.adjustedPValue) ?? pValue, alpha: num(t.alpha) ?? 0.05, candidatesTested: num(t.candidatesTested) ?? 1 };
}

export const METHOD_LABELS: Record<ValidationMethod, string> = {
  HOLDOUT: 'hold-out: the tail of the range the search never saw',
  WALK_FORWARD: "walk-forward: the last window's out-of-sample data",
  ACROSS_SWEEPS: 'across sweeps: every market with its own validated parameters over the same dates',
  IN_SAMPLE_ONLY: 'in sample only: nothing was kept aside to validate on',
};

