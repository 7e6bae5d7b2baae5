import { paramRecord, type ParamValue } from '../../lib/values.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatNumber, formatParams } from '../../lib/format.ts';
import { METRICS, orderFieldOf, SORTABLE_METRICS, type MetricKey, type MetricSpec } from '../backtests/metrics.ts';
import type { MetricName, Optimization, RowPhase, Sweep } from './data.ts';

/** How the sweep screens read, label and choose a tested row's numbers (one list, from the run metrics). */

export type RowKey = 'score' | Extract<MetricKey, keyof Optimization['metrics']>;

export interface RowColumn {
  readonly key: RowKey;
  readonly label: string;
  readonly better: 'higher' | 'lower';
  readonly format: (value: number | null | undefined) => string;
  /** The server's sort key (Metric); the score sorts by the objective instead. */
  readonly metric: MetricName | null;
}

const spec = (key: MetricKey): MetricSpec => METRICS.find((m) => m.key === key)!;

const column = (key: Exclude<RowKey, 'score'>): RowColumn => ({
  key,
  label: spec(key).label,
  better: spec(key).better ?? 'higher',
  format: (v) => spec(key).format(v, ''),
  metric: orderFieldOf(key) as MetricName,
});

export const SCORE_COLUMN: RowColumn = { key: 'score', label: 'Score', better: 'higher', format: formatNumber, metric: null };

/** The table columns of a tested row. */
export const ROW_COLUMNS: readonly RowColumn[] = [
  SCORE_COLUMN,
  ...(['roi', 'winRate', 'sharpeRatio', 'profitFactor', 'maxDrawdownPercentage', 'totalTrades'] as const).map(column),
];

export const rowValue = (row: Optimization, key: RowKey): number | null => (key === 'score' ? row.score : row.metrics[key]);

/** Every metric a heatmap or sensitivity can show: the objective score, then every run metric the API ranks by. */
export const MAP_METRICS: ReadonlyArray<{ value: MetricName | ''; label: string; better: 'higher' | 'lower'; format: (v: number | null | undefined) => string }> = [
  { value: '', label: 'Score (the objective)', better: 'higher', format: formatNumber },
  ...SORTABLE_METRICS.map((m) => ({ value: orderFieldOf(m.key) as MetricName, label: m.label, better: m.better ?? ('higher' as const), format: (v: number | null | undefined) => m.format(v, '') })),
];

/** Where rows were measured: a walk-forward window (0 = the whole in-sample range of a plain sweep) and a phase. */
export interface Place {
  readonly window: number;
  readonly phase: RowPhase;
}

/** The places a sweep has rows at, in reading order. */
export function placesOf(sweep: Pick<Sweep, 'validation'>): Place[] {
  const windows = sweep.validation?.walkForward?.windows ?? 0;
  if (windows > 0) return Array.from({ length: windows }, (_, i) => i + 1).flatMap((window) => [{ window, phase: 'IN_SAMPLE' as const }, { window, phase: 'OUT_OF_SAMPLE' as const }]);
  if (sweep.validation?.holdoutFraction) return [{ window: 0, phase: 'IN_SAMPLE' }, { window: 0, phase: 'OUT_OF_SAMPLE' }];
  return [{ window: 0, phase: 'IN_SAMPLE' }];
}

export const placeKey = (place: Place) => `${place.window}:${place.phase}`;

export function placeLabel(place: Place): string {
  const phase = place.phase === 'IN_SAMPLE' ? 'in sample' : 'out of sample (only the sets tested there)';
  return place.window === 0 ? phase : `window ${place.window}, ${phase}`;
}

/** The swept parameters of a row (the others are the sweep's base values, the same in every row). */
export function sweptParams(params: readonly ParamValue[] | null | undefined, swept: readonly string[]): string {
  const entries = Object.entries(paramRecord(params)).filter(([name]) => swept.length === 0 || swept.includes(name));
  return formatParams(Object.fromEntries(entries));
}

export const rowRange = (row: Pick<Optimization, 'fromDate' | 'toDate'>) => formatRange(row.fromDate, row.toDate);
