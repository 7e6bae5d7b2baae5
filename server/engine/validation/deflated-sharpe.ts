import { DAYS_PER_YEAR } from '../metrics.ts';
import { kurtosis, mean, sampleStd, sampleVariance, skewness } from './moments.ts';
import { normalCdf, normalQuantile } from './normal.ts';

/**
 * The Probabilistic and the Deflated Sharpe Ratio (Bailey & López de Prado, "The Sharpe Ratio Efficient
 * Frontier", J. Risk 2012, and "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest
 * Overfitting and Non-Normality", J. Portfolio Management 2014).
 *
 * Units: every Sharpe ratio here is PER OBSERVATION PERIOD (a daily mean / daily standard deviation), not
 * annualised: the formulas count T observations of that period. The engine's sharpeRatio is annualised
 * (× √365); divide it by √365 first (deflatedSharpe does this for the trials it is given).
 *
 *   PSR(SR*) = Φ( (SR − SR*) · √(T − 1) / √(1 − γ3 · SR + (γ4 − 1) / 4 · SR²) )
 *     SR the observed ratio over T returns, γ3 their skewness, γ4 their kurtosis (NOT excess: 3 for normal
 *     returns, where the denominator is the familiar √(1 + SR²/2)): the probability that the true Sharpe
 *     ratio exceeds the benchmark SR*.
 *   SR0 = E[max of N trials' Sharpe ratios under no skill]
 *       ≈ √V · ((1 − γ) · Φ⁻¹(1 − 1/N) + γ · Φ⁻¹(1 − 1/(N·e)))
 *     V the variance of the N trials' (per-period) Sharpe ratios, γ ≈ 0.5772 the Euler–Mascheroni constant.
 *   DSR = PSR(SR0): the probability that the best of N trials has a true Sharpe ratio above what the best of
 *     N skill-less trials would show by luck. 0.95 or more is significant at 5 %.
 */

export const EULER_MASCHERONI = 0.5772156649015329;

export interface ProbabilisticSharpeInput {
  /** Observed per-period Sharpe ratio. */
  readonly sharpe: number;
  /** Per-period benchmark SR* (0: is the true ratio positive at all?). */
  readonly benchmark: number;
  /** T, the number of returns the Sharpe ratio was measured on. */
  readonly observations: number;
  /** γ3 of the returns (0 for normal returns). */
  readonly skewness: number;
  /** γ4 of the returns, non-excess (3 for normal returns). */
  readonly kurtosis: number;
}

/** PSR(SR*); null when T < 2 or the moments make the variance term non-positive. */
export function probabilisticSharpeRatio(input: ProbabilisticSharpeInput): number | null {
  const { sharpe, benchmark, observations: t, skewness: g3, kurtosis: g4 } = input;
  const spread = 1 - g3 * sharpe + ((g4 - 1) / 4) * sharpe * sharpe;
  if (!(t >= 2) || !(spread > 0)) return null;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(t - 1)) / Math.sqrt(spread));
}

/**
 * SR0, the expected maximum per-period Sharpe ratio of `trials` independent skill-less trials whose Sharpe
 * ratios vary with `variance` (around `meanSharpe`, 0 by default). One trial selects nothing: SR0 = mean.
 */
export function expectedMaximumSharpe(trials: number, variance: number, meanSharpe = 0): number {
  if (trials <= 1) return meanSharpe;
  const z = (1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / trials) + EULER_MASCHERONI * normalQuantile(1 - 1 / (trials * Math.E));
  return meanSharpe + Math.sqrt(variance) * z;
}

export interface DeflatedSharpeInput {
  readonly sharpe: number;
  readonly observations: number;
  readonly skewness: number;
  readonly kurtosis: number;
  /** N, the number of trials the best was selected from (a sweep: its evaluations). */
  readonly trials: number;
  /** V, the variance of the trials' per-period Sharpe ratios. */
  readonly trialSharpeVariance: number;
}

/** The inputs (per period) with what came of them. */
export interface DeflatedSharpeResult extends DeflatedSharpeInput {
  /** DSR = PSR(SR0), or null when PSR is undefined (see probabilisticSharpeRatio). */
  readonly deflatedSharpeRatio: number | null;
  /** SR0, per period. */
  readonly expectedMaximumSharpe: number;
}

export function deflatedSharpeRatio(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const expected = expectedMaximumSharpe(input.trials, input.trialSharpeVariance);
  return {
    deflatedSharpeRatio: probabilisticSharpeRatio({ ...input, benchmark: expected }),
    expectedMaximumSharpe: expected,
    ...input,
  };
}

export interface DeflatedSharpeOfReturnsInput {
  /** The chosen configuration's returns, one per period (NaN entries are left out). */
  readonly returns: ArrayLike<number>;
  /** Every trial's ANNUALISED Sharpe ratio as the engine reports it (rows without one left out by the caller). */
  readonly trialSharpeRatios: ArrayLike<number>;
  /** N; default trialSharpeRatios.length. A sweep passes its evaluations, which may exceed the ratios it has. */
  readonly trials?: number;
  /** Periods per year of the returns and of the annualisation (default 365: daily). */
  readonly periodsPerYear?: number;
}

/**
 * DSR of a chosen configuration from its own returns and the trials' annualised Sharpe ratios: SR, γ3 and
 * γ4 from the returns (moments.ts), V the sample variance of the trials' ratios brought to per-period units
 * (÷ periodsPerYear).
 */
export function deflatedSharpe(input: DeflatedSharpeOfReturnsInput): DeflatedSharpeResult | { errors: string[] } {
  const returns = Array.from(input.returns).filter((r) => !Number.isNaN(r));
  const periodsPerYear = input.periodsPerYear ?? DAYS_PER_YEAR;
  const trials = input.trials ?? input.trialSharpeRatios.length;
  const errors: string[] = [];
  if (returns.length < 3) errors.push(`the Deflated Sharpe Ratio needs at least 3 returns, got ${returns.length}`);
  if (!returns.every(Number.isFinite)) errors.push('a return is not a finite number');
  if (input.trialSharpeRatios.length < 2) errors.push(`the variance of the trials' Sharpe ratios needs at least 2 of them, got ${input.trialSharpeRatios.length}`);
  if (!Array.from(input.trialSharpeRatios).every(Number.isFinite)) errors.push("a trial's Sharpe ratio is not a finite number");
  if (!Number.isInteger(trials) || trials < input.trialSharpeRatios.length) errors.push(`trials must be an integer >= the ${input.trialSharpeRatios.length} Sharpe ratios given, got ${trials}`);
  if (!(periodsPerYear > 0 && Number.isFinite(periodsPerYear))) errors.push(`periodsPerYear must be a positive number, got ${periodsPerYear}`);
  if (errors.length > 0) return { errors };
  const m = mean(returns);
  const sd = sampleStd(returns, m);
  const g3 = skewness(returns), g4 = kurtosis(returns);
  if (!(sd > 0) || g3 === null || g4 === null) return { errors: ['the returns have no variance: the Sharpe ratio is undefined'] };
  return deflatedSharpeRatio({
    sharpe: m / sd,
    observations: returns.length,
    skewness: g3,
    kurtosis: g4,
    trials,
    trialSharpeVariance: sampleVariance(input.trialSharpeRatios) / periodsPerYear,
  });
}
