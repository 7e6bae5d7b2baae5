import type { StrategyParams } from '../contract.ts';
import type { ParameterSpace } from '../optimizer/grid.ts';
import { featureVector, type MarketFeatures } from './market-features.ts';

/**
 * Learning across markets: which parameters of a strategy did well on markets like this one. Trained on
 * the stored rows of earlier sweeps of the strategy, one market (symbol and timeframe) at a time.
 *
 * Scores are made comparable across markets and objectives by ranking them within their market: a row's
 * target is its percentile there (1 = the market's best, 0 = its worst; null scores count as worst).
 * The prediction for a parameter set on a new market is a kernel average over the training markets,
 * weighted by how alike their features are, of each market's percentile at the stored set nearest to it:
 *   w_m = exp(−‖z(f) − z(f_m)‖² / 2h²),   ŷ(p) = Σ_m w_m · pct_m(nearest_m(p)) / Σ_m w_m
 * with z the features standardised over the training markets (featureVector's scales) and h = BANDWIDTH.
 * Parameters are compared on [0, 1] per axis (position in the new space's range), so a market swept on
 * another grid still speaks for the nearest set it has.
 */
export interface TrainingRow {
  readonly params: StrategyParams;
  readonly score: number | null;
}

export interface TrainingMarket {
  /** e.g. "BTCUSDT 1h". */
  readonly key: string;
  readonly features: MarketFeatures;
  readonly rows: readonly TrainingRow[];
}

export interface ScoreModel {
  /** Training markets used (at least one row each). */
  readonly markets: number;
  /** Each training market's weight for a market with these features (they sum to 1). */
  weights(features: MarketFeatures): { key: string; weight: number }[];
  /** Predicted within-market percentile of `params` on a market with `features`, in [0, 1]. */
  predict(features: MarketFeatures, params: StrategyParams, space: ParameterSpace): number;
  /**
   * Up to `count` valid sets of `space` with the highest predicted percentile, best first: where a search
   * on a new market starts. Candidates are the training rows' sets moved to the nearest point of the space.
   */
  proposeStart(features: MarketFeatures, space: ParameterSpace, count: number): StrategyParams[];
}

/** Kernel bandwidth in standard deviations of the features. */
const BANDWIDTH = 1;

export function fitScoreModel(training: readonly TrainingMarket[]): ScoreModel {
  const usable = training.filter((m) => m.rows.length > 0);
  const markets = usable.map((m) => ({ key: m.key, rows: percentiles(m.rows) }));
  const { weights } = featureKernel(usable.map((m) => m.features));

  const predictWith = (w: readonly number[], params: StrategyParams, space: ParameterSpace): number => {
    let sum = 0;
    for (let m = 0; m < markets.length; m++) if (w[m] > 0) sum += w[m] * nearest(markets[m].rows, params, space).percentile;
    return sum;
  };

  return {
    markets: markets.length,
    weights: (features) => weights(features).map((weight, m) => ({ key: markets[m].key, weight })),
    predict: (features, params, space) => (markets.length === 0 ? 0.5 : predictWith(weights(features), params, space)),
    proposeStart(features, space, count) {
      if (markets.length === 0 || count <= 0) return [];
      const w = weights(features);
      const candidates = new Map<number, StrategyParams>();
      for (const market of markets) {
        for (const row of market.rows) {
          const index = space.indexOf(space.axes.map((axis) => nearestValueIndex(axis.values, row.params[axis.name])));
          const params = space.at(index);
          if (params !== null) candidates.set(index, params);
        }
      }
      return [...candidates.entries()]
        .map(([index, params]) => ({ index, params, predicted: predictWith(w, params, space) }))
        .sort((a, b) => b.predicted - a.predicted || a.index - b.index)
        .slice(0, count)
        .map((c) => c.params);
    },
  };
}

/**
 * Kernel weights over a set of markets for a market with given features: Gaussian in the features
 * standardised over the set (featureVector's scales), bandwidth BANDWIDTH; they sum to 1.
 */
export function featureKernel(features: readonly MarketFeatures[]): { weights(of: MarketFeatures): number[] } {
  const xs = features.map(featureVector);
  const dims = xs[0]?.length ?? 0;
  const centre = Array.from({ length: dims }, (_, d) => xs.reduce((s, x) => s + x[d], 0) / xs.length);
  const scale = Array.from({ length: dims }, (_, d) => {
    const variance = xs.reduce((s, x) => s + (x[d] - centre[d]) ** 2, 0) / xs.length;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  const standardised = (x: readonly number[]) => x.map((v, d) => (v - centre[d]) / scale[d]);
  const zs = xs.map(standardised);
  return {
    weights(of) {
      const z = standardised(featureVector(of));
      const raw = zs.map((zm) => Math.exp(-zm.reduce((s, v, d) => s + (v - z[d]) ** 2, 0) / (2 * BANDWIDTH * BANDWIDTH)));
      const total = raw.reduce((a, b) => a + b, 0);
      // Far from every market, every kernel underflows: fall back to an even average.
      return total > 0 ? raw.map((w) => w / total) : raw.map(() => 1 / raw.length);
    },
  };
}

/** A market and how the strategy did there, out of sample. */
export interface MarketOutcome {
  readonly key: string;
  readonly features: MarketFeatures;
  readonly outcome: number;
}

export interface OutcomeModel {
  readonly markets: number;
  /** Kernel-weighted mean outcome of the training markets, and their weights (null without training markets). */
  predict(features: MarketFeatures, exceptKey?: string): { value: number; weights: { key: string; weight: number }[] } | null;
}

/**
 * Where a strategy is likely to work: the kernel average of the out-of-sample outcomes of markets with
 * similar features. `exceptKey` leaves a market out (what it would have been predicted without itself).
 */
export function fitOutcomeModel(training: readonly MarketOutcome[]): OutcomeModel {
  return {
    markets: training.length,
    predict(features, exceptKey) {
      const used = training.filter((m) => m.key !== exceptKey);
      if (used.length === 0) return null;
      const w = featureKernel(used.map((m) => m.features)).weights(features);
      return { value: used.reduce((s, m, i) => s + w[i] * m.outcome, 0), weights: used.map((m, i) => ({ key: m.key, weight: w[i] })) };
    },
  };
}

interface RankedRow {
  readonly params: StrategyParams;
  readonly percentile: number;
}

/** Within-market percentile of each row's score (ties share their mean rank; null is below everything). */
function percentiles(rows: readonly TrainingRow[]): RankedRow[] {
  const order = rows.map((row, i) => ({ row, i, score: row.score ?? Number.NEGATIVE_INFINITY })).sort((a, b) => a.score - b.score);
  const out = new Array<RankedRow>(rows.length);
  const n = rows.length;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && order[end + 1].score === order[start].score) end++;
    const rank = (start + end) / 2;
    for (let k = start; k <= end; k++) out[order[k].i] = { params: order[k].row.params, percentile: n === 1 ? 1 : rank / (n - 1) };
    start = end + 1;
  }
  return out;
}

/** The row whose swept values lie nearest to `params`, each axis measured as a share of its range in `space`. */
function nearest(rows: readonly RankedRow[], params: StrategyParams, space: ParameterSpace): RankedRow {
  let best = rows[0], bestDistance = Infinity;
  for (const row of rows) {
    let d = 0;
    for (const axis of space.axes) {
      const lo = Number(axis.values[0]), hi = Number(axis.values[axis.values.length - 1]);
      const span = hi > lo ? hi - lo : 1;
      const delta = (Number(row.params[axis.name] ?? lo) - Number(params[axis.name])) / span;
      d += delta * delta;
    }
    if (d < bestDistance) {
      bestDistance = d;
      best = row;
      if (d === 0) break;
    }
  }
  return best;
}

function nearestValueIndex(values: readonly (number | boolean)[], value: number | boolean | undefined): number {
  if (value === undefined) return 0;
  let best = 0, bestDistance = Infinity;
  values.forEach((v, i) => {
    const d = Math.abs(Number(v) - Number(value));
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}
