import { normalQuantile } from './normal.ts';

/**
 * How well predicted probabilities match what happened. A forecast is a probability that an event happens
 * (a recommendation's confidence: the predicted probability that its realised improvement is positive) and
 * whether it did.
 *   Brier score = mean of (predicted − outcome)², outcome 1 or 0: 0 is perfect, 0.25 is always saying ½.
 *   Reliability curve: the forecasts in equal-width bins of predicted probability; per bin its count, mean
 *   prediction and realised hit rate with a Wilson score interval. A calibrated forecaster's bins lie on
 *   the diagonal (hit rate ≈ mean prediction) within their intervals.
 */

export interface Forecast {
  /** Predicted probability, in [0, 1]. */
  readonly predicted: number;
  /** Whether the event happened. */
  readonly hit: boolean;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface ReliabilityBin {
  /** [lower, upper) of predicted probability; the last bin includes 1. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Null for an empty bin. */
  readonly meanPredicted: number | null;
  readonly hitRate: number | null;
  readonly interval: Interval | null;
}

function checkForecasts(forecasts: readonly Forecast[]): void {
  for (const f of forecasts) if (!(f.predicted >= 0 && f.predicted <= 1)) throw new RangeError(`a predicted probability must be in [0, 1], got ${f.predicted}`);
}

/** Mean of (predicted − outcome)²; null without forecasts. */
export function brierScore(forecasts: readonly Forecast[]): number | null {
  checkForecasts(forecasts);
  if (forecasts.length === 0) return null;
  let total = 0;
  for (const f of forecasts) total += (f.predicted - (f.hit ? 1 : 0)) ** 2;
  return total / forecasts.length;
}

/**
 * Wilson score interval for a hit rate of `hits` in `trials` (Wilson 1927), z = Φ⁻¹(1 − (1 − confidence)/2):
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
 * Unlike p̂ ± z·√(p̂(1 − p̂)/n) it stays inside [0, 1] and is not empty at 0 or n hits. Null for 0 trials.
 */
export function wilsonInterval(hits: number, trials: number, confidence = 0.95): Interval | null {
  if (!(Number.isInteger(hits) && Number.isInteger(trials) && hits >= 0 && hits <= trials)) throw new RangeError(`hits must be an integer in 0..trials, got ${hits} of ${trials}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (trials === 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2n = (z * z) / trials;
  const p = hits / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // At 0 or n hits the exact bound is 0 or 1; rounding must not leave it a hair inside.
  return { lower: hits === 0 ? 0 : Math.max(0, centre - half), upper: hits === trials ? 1 : Math.min(1, centre + half) };
}

/** `bins` equal-width bins over [0, 1] (default 10); a prediction of exactly 1 falls in the last. */
export function reliabilityCurve(forecasts: readonly Forecast[], options: { readonly bins?: number; readonly confidence?: number } = {}): ReliabilityBin[] {
  checkForecasts(forecasts);
  const bins = options.bins ?? 10;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be an integer >= 1, got ${bins}`);
  const count = new Array<number>(bins).fill(0), predictedSum = new Array<number>(bins).fill(0), hits = new Array<number>(bins).fill(0);
  for (const f of forecasts) {
    const b = Math.min(bins - 1, Math.floor(f.predicted * bins));
    count[b]++;
    predictedSum[b] += f.predicted;
    if (f.hit) hits[b]++;
  }
  return count.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    meanPredicted: n > 0 ? predictedSum[b] / n : null,
    hitRate: n > 0 ? hits[b] / n : null,
    interval: wilsonInterval(hits[b], n, options.confidence),
  }));
}

/** Pseudo-forecasts of the prior: predictions of ¾ that came true ¾ of the time (calibrated as they stand). */
const PRIOR_FORECASTS = 4;
const PRIOR_LEAN = 0.25;

/**
 * The shrinkage toward ½ that makes past forecasts calibrated: predictions become ½ + s·(p − ½), with s the
 * least-squares (Brier-minimising) slope over the forecasts, x_i = p_i − ½ and y_i = outcome_i − ½:
 *   s = (Σ x_i·y_i + K·c²) / (Σ x_i² + K·c²),  clamped to [0, 1]
 * K = PRIOR_FORECASTS pseudo-forecasts leaning c = PRIOR_LEAN that came true as often as predicted pull s
 * toward 1 (trust) until real outcomes say otherwise; s = 0 makes every prediction ½ (no skill shown).
 */
export function calibrationSlope(forecasts: readonly Forecast[]): number {
  checkForecasts(forecasts);
  const prior = PRIOR_FORECASTS * PRIOR_LEAN * PRIOR_LEAN;
  let xy = prior, xx = prior;
  for (const f of forecasts) {
    const x = f.predicted - 0.5;
    xy += x * ((f.hit ? 1 : 0) - 0.5);
    xx += x * x;
  }
  return Math.min(1, Math.max(0, xy / xx));
}
