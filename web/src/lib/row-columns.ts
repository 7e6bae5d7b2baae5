import type { ResultOf } from '../graphql.ts';
import { formatNumber } from './format.ts';
import { METRICS, orderFieldOf, type MetricKey, type MetricSpec } from './metrics.ts';
import type { MetricName, OptimizationFields } from './operations.ts';

/** How a tested row's numbers are read, labelled and sorted (one list, from the run metrics): the sweep tables and a recommendation's evidence. */

type Optimization = ResultOf<typeof OptimizationFields>;

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

