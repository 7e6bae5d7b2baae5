import { paramRecord, type ParamValue } from '../../lib/values.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatNumber, formatParams } from '../../lib/format.ts';
import { orderFieldOf, SORTABLE_METRICS } from '../../lib/metrics.ts';
import type { MetricName, Optimization, RowPhase, Sweep } from './data.ts';

/** How the sweep screens read, label and choose a tested row's numbers (one list, from the run metrics). */

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
