/**
 * A recommendation's confidence: the predicted probability that its realised improvement on newer data
 * is positive (README: Recommendations → Confidence), from three pieces of evidence:
 *
 *   probability  P(the recommended settings beat the current ones) from the validation data alone:
 *                1 − p of the one-sided paired test (the stationary bootstrap's share of resamples on
 *                the improvement's side), before any multiple-testing correction;
 *   evidence     how much the sweep's choice deserves belief at all, in [0, 1]: the mean of its Deflated
 *                Sharpe Ratio (is the best in-sample Sharpe more than selection luck?) and 1 − its
 *                Probability of Backtest Overfitting (does the search's choice carry out of sample?),
 *                each ½ when it could not be computed;
 *   slope        the calibration of the type's track record (engine calibrationSlope): how far past
 *                predictions of this type deserved to lean away from ½.
 *
 *   confidence = ½ + slope · evidence · (probability − ½), within [0, 1]
 *
 * With no edge the probability is a coin flip and the evidence is weak, so it stays near ½; a calibrated
 * track record of hits leaves it as predicted; one of misses pulls it toward ½.
 */
export interface ConfidenceInputs {
  readonly probability: number;
  readonly deflatedSharpeRatio: number | null;
  readonly probabilityOfOverfitting: number | null;
}

export interface ConfidenceView extends ConfidenceInputs {
  readonly score: number;
  readonly evidence: number;
  readonly calibrationSlope: number;
  /** Measured recommendations of the type behind the slope. */
  readonly calibrationMeasured: number;
}

/** What an unknown piece of evidence counts for: no information either way. */
const UNKNOWN = 0.5;

export function evidenceOf(inputs: Pick<ConfidenceInputs, 'deflatedSharpeRatio' | 'probabilityOfOverfitting'>): number {
  return ((inputs.deflatedSharpeRatio ?? UNKNOWN) + (1 - (inputs.probabilityOfOverfitting ?? UNKNOWN))) / 2;
}

export function confidenceOf(inputs: ConfidenceInputs, calibration: { readonly slope: number; readonly measured: number }): ConfidenceView {
  const evidence = evidenceOf(inputs);
  const score = Math.min(1, Math.max(0, 0.5 + calibration.slope * evidence * (inputs.probability - 0.5)));
  return { ...inputs, score, evidence, calibrationSlope: calibration.slope, calibrationMeasured: calibration.measured };
}

/** A stored breakdown read back as its view (stored JSON from older versions lacks fields: they read as unknown). */
export function confidenceView(score: number, breakdown: Readonly<Record<string, unknown>>): ConfidenceView {
  const num = (key: string) => (typeof breakdown[key] === 'number' && Number.isFinite(breakdown[key]) ? (breakdown[key] as number) : null);
  return {
    score,
    probability: num('probability') ?? score,
    deflatedSharpeRatio: num('deflatedSharpeRatio'),
    probabilityOfOverfitting: num('probabilityOfOverfitting'),
    evidence: num('evidence') ?? UNKNOWN,
    calibrationSlope: num('calibrationSlope') ?? 1,
    calibrationMeasured: num('calibrationMeasured') ?? 0,
  };
}
