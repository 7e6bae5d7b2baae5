import { METRIC_NAMES, type MetricName, type MetricValues } from '../metric-definitions.ts';

export type { MetricName, MetricValues } from '../metric-definitions.ts';

/**
 * Ranking objectives for sweep rows: what a trader wants first. Every objective turns a row's metrics into
 * a score (higher is better, null = worst); rankRows orders rows by (enough trades, score, key), a total
 * order, so the best row is the same whatever order the rows arrive in.
 */

/** Named objectives (the API's enum). */
export const OBJECTIVE_NAMES = ['COMPOSITE', 'SHARPE', 'SORTINO', 'CALMAR', 'ROI', 'PROFIT_FACTOR', 'SQN', 'EXPECTANCY'] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/**
 * Custom weights over any metrics. Each metric is normalised before weighting:
 *   RANK  its percentile among the rows being ranked: (rank − 1) / (rows − 1) in [0, 1], ties sharing their
 *         mean rank, null ranked below everything (0); needs the whole set, so scores move as rows arrive;
 *   SCALE its fixed mapping from METRIC_SCALES (only the metrics listed there), so a row scores on its own.
 * A negative weight penalises a metric (e.g. maxDrawdownPercentage: −0.5).
 */
export interface CustomObjective {
  readonly weights: Readonly<Partial<Record<MetricName, number>>>;
  readonly normalise: 'RANK' | 'SCALE';
}

export type Objective = ObjectiveName | CustomObjective;

/** Trades a row needs before it may rank above any row that has them (rows below are kept, never best). */
export const DEFAULT_MIN_TRADES = 30;

/** ROI and CAGR (percent) at which the bounded transform reaches tanh(1) ≈ 0.76 of its range above 0.5. */
const PERCENT_SCALE = 20;
/** The same for Sharpe, Sortino, Calmar and SQN (plain ratios). */
const RATIO_SCALE = 2;
/** Profit factor is capped here for COMPOSITE (a profit factor of 3 is already excellent). */
const PROFIT_FACTOR_CAP = 3;
/** PROFIT_FACTOR's score is capped here, so a row with wins and no loss (profit factor undefined, +∞) scores the cap. */
const PROFIT_FACTOR_SCORE_CAP = 100;

/** 0.5 + 0.5 · tanh(x / scale): monotone, 0.5 at 0, → 1 for large gains, → 0 for large losses. */
function bounded(x: number, scale: number): number {
  return 0.5 + 0.5 * Math.tanh(x / scale);
}

/** Profit factor with the undefined case read as what it means: wins and no loss is +∞; no trade (or only flat ones) is nothing. */
function profitFactorOrInfinity(m: MetricValues): number | null {
  if (m.profitFactor !== null) return m.profitFactor;
  return m.winningTrades > 0 && m.losingTrades === 0 ? Infinity : null;
}

/**
 * The fixed [0, 1] mappings, one per metric that has a natural scale (null → 0, the worst):
 *   winRate, exposurePct, maxDrawdownPercentage  x / 100
 *   roi, cagr                                     0.5 + 0.5·tanh(x / 20)    (±20 % → 0.88 / 0.12)
 *   sharpeRatio, sortinoRatio, calmarRatio, sqn   0.5 + 0.5·tanh(x / 2)     (±2 → 0.88 / 0.12)
 *   profitFactor                                  min(x, 3) / 3, wins without a loss = 1
 */
export const METRIC_SCALES: Readonly<Partial<Record<MetricName, (m: MetricValues) => number>>> = {
  winRate: (m) => (m.winRate ?? 0) / 100,
  exposurePct: (m) => m.exposurePct / 100,
  maxDrawdownPercentage: (m) => m.maxDrawdownPercentage / 100,
  roi: (m) => bounded(m.roi, PERCENT_SCALE),
  cagr: (m) => (m.cagr === null ? 0 : bounded(m.cagr, PERCENT_SCALE)),
  sharpeRatio: (m) => (m.sharpeRatio === null ? 0 : bounded(m.sharpeRatio, RATIO_SCALE)),
  sortinoRatio: (m) => (m.sortinoRatio === null ? 0 : bounded(m.sortinoRatio, RATIO_SCALE)),
  calmarRatio: (m) => (m.calmarRatio === null ? 0 : bounded(m.calmarRatio, RATIO_SCALE)),
  sqn: (m) => (m.sqn === null ? 0 : bounded(m.sqn, RATIO_SCALE)),
  profitFactor: (m) => Math.min(profitFactorOrInfinity(m) ?? 0, PROFIT_FACTOR_CAP) / PROFIT_FACTOR_CAP,
};

const scale = (name: MetricName, m: MetricValues): number => METRIC_SCALES[name]!(m);

/**
 * COMPOSITE = [roi > 0] + 0.4·winRate/100 + 0.3·S(roi) + 0.2·S(sharpe) + 0.1·S(profitFactor), in [0, 2]
 * (S = METRIC_SCALES). The original weights, applied to comparable [0, 1] components instead of raw units
 * (where a 70 % win rate outweighed any ROI). The leading profitability term puts every row that made
 * money above every row that did not: a trader never wants a losing set ranked over a winning one, however
 * high its win rate; within each group the weighted components decide.
 */
function composite(m: MetricValues): number {
  const components = 0.4 * scale('winRate', m) + 0.3 * scale('roi', m) + 0.2 * scale('sharpeRatio', m) + 0.1 * scale('profitFactor', m);
  return (m.roi > 0 ? 1 : 0) + components;
}

/** The objectives that score a row by one of its metrics, as it is. */
const METRIC_OBJECTIVES: Readonly<Record<Exclude<ObjectiveName, 'COMPOSITE' | 'PROFIT_FACTOR'>, MetricName>> = {
  SHARPE: 'sharpeRatio',
  SORTINO: 'sortinoRatio',
  CALMAR: 'calmarRatio',
  ROI: 'roi',
  SQN: 'sqn',
  EXPECTANCY: 'expectancy',
};

/**
 * A row's score under a named objective or a SCALE custom objective (null = worst):
 *   COMPOSITE      [roi > 0] + 0.4·S(winRate) + 0.3·S(roi) + 0.2·S(sharpe) + 0.1·S(profitFactor) (composite above)
 *   SHARPE, SORTINO, CALMAR, SQN, EXPECTANCY, ROI   the metric itself
 *   PROFIT_FACTOR  the profit factor capped at 100; wins and no loss score 100
 *   custom SCALE   Σ weight · METRIC_SCALES[metric]
 */
export function objectiveScore(m: MetricValues, objective: ObjectiveName | (CustomObjective & { readonly normalise: 'SCALE' })): number | null {
  if (typeof objective !== 'string') {
    let score = 0;
    for (const [name, weight] of weightEntries(objective)) score += weight * scale(name, m);
    return score;
  }
  if (objective === 'COMPOSITE') return composite(m);
  if (objective === 'PROFIT_FACTOR') {
    const pf = profitFactorOrInfinity(m);
    return pf === null ? null : Math.min(pf, PROFIT_FACTOR_SCORE_CAP);
  }
  return m[METRIC_OBJECTIVES[objective]];
}

/** Problems with a custom objective (unknown metrics, non-finite weights, SCALE on a metric without a scale); empty = fine. */
export function checkObjective(objective: Objective): string[] {
  if (typeof objective === 'string') return OBJECTIVE_NAMES.includes(objective) ? [] : [`unknown objective ${String(objective)}; known: ${OBJECTIVE_NAMES.join(', ')}`];
  const errors: string[] = [];
  const entries = Object.entries(objective.weights);
  if (entries.length === 0) errors.push('a custom objective needs at least one weight');
  for (const [name, weight] of entries) {
    if (!METRIC_NAMES.includes(name as MetricName)) errors.push(`unknown metric "${name}" in the objective's weights`);
    else if (typeof weight !== 'number' || !Number.isFinite(weight)) errors.push(`weight of ${name} must be a finite number, got ${String(weight)}`);
    else if (objective.normalise === 'SCALE' && METRIC_SCALES[name as MetricName] === undefined) {
      errors.push(`${name} has no fixed scale; use normalise RANK (scaled metrics: ${Object.keys(METRIC_SCALES).join(', ')})`);
    }
  }
  if (objective.normalise !== 'RANK' && objective.normalise !== 'SCALE') errors.push(`normalise must be RANK or SCALE, got ${String(objective.normalise)}`);
  return errors;
}

function weightEntries(objective: CustomObjective): [MetricName, number][] {
  return (Object.entries(objective.weights) as [MetricName, number][]).filter(([, w]) => w !== 0);
}

/** Scores of every row under any objective (RANK custom objectives are relative to these rows). */
export function scoreRows(rows: readonly MetricValues[], objective: Objective): (number | null)[] {
  if (typeof objective === 'string' || objective.normalise === 'SCALE') {
    return rows.map((m) => objectiveScore(m, objective as ObjectiveName | (CustomObjective & { normalise: 'SCALE' })));
  }
  const scores = new Array<number>(rows.length).fill(0);
  for (const [name, weight] of weightEntries(objective)) {
    const ranks = percentileRanks(rows.map((m) => m[name]));
    for (let i = 0; i < rows.length; i++) scores[i] += weight * ranks[i];
  }
  return scores;
}

/** (rank − 1) / (n − 1) with ties at their mean rank, nulls (and NaN) at 0 below every number; 1 for a single number. */
export function percentileRanks(values: readonly (number | null)[]): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(0);
  const present = values.map((v, i) => [v, i] as const).filter((e): e is readonly [number, number] => e[0] !== null && !Number.isNaN(e[0]));
  present.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const m = present.length;
  for (let start = 0; start < m; ) {
    let end = start;
    while (end + 1 < m && present[end + 1][0] === present[start][0]) end++;
    const meanRank = (start + end) / 2; // 0-based
    for (let k = start; k <= end; k++) out[present[k][1]] = m === 1 ? 1 : meanRank / (m - 1);
    start = end + 1;
  }
  return out;
}

export interface RankableRow {
  /** Stable identity for ties, e.g. paramsKey(params). */
  readonly key: string;
  readonly metrics: MetricValues;
}

export interface RankedRow<R> {
  readonly row: R;
  readonly score: number | null;
  /** totalTrades >= minTrades: only such rows can rank above rows without enough trades. */
  readonly eligible: boolean;
  /** 1 = best. */
  readonly rank: number;
}

/**
 * Rows in a total order: eligible (totalTrades >= minTrades) before ineligible, then score descending
 * (null last), then key ascending (code-unit order). rank 1 is the best; it is an ineligible row only when
 * no row has enough trades.
 */
export function rankRows<R extends RankableRow>(rows: readonly R[], objective: Objective, options: { readonly minTrades?: number } = {}): RankedRow<R>[] {
  const minTrades = options.minTrades ?? DEFAULT_MIN_TRADES;
  const scores = scoreRows(
    rows.map((r) => r.metrics),
    objective,
  );
  const entries = rows.map((row, i) => ({ row, score: scores[i], eligible: row.metrics.totalTrades >= minTrades }));
  entries.sort(compareRanked);
  return entries.map((e, i) => ({ ...e, rank: i + 1 }));
}

/** The total order of rankRows, for callers that merge already-scored rows (e.g. from chunks). */
export function compareRanked(a: { score: number | null; eligible: boolean; row: { key: string } }, b: { score: number | null; eligible: boolean; row: { key: string } }): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  const sa = orWorst(a.score), sb = orWorst(b.score);
  if (sa !== sb) return sb > sa ? 1 : -1;
  return a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0;
}

function orWorst(score: number | null): number {
  return score === null || Number.isNaN(score) ? -Infinity : score;
}
