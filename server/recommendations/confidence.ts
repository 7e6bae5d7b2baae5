/**
 * A recommendation's confidence in [0, 1], from its evidence (README: Recommendations):
 *
 *   support      plateau: (grid neighbours of the recommended set that beat the current one in sample + 1)
 *                / (neighbours + 2), Laplace's rule; ½ without a neighbourhood (SYMBOL, TIMEFRAME)
 *   outOfSample  the Monte Carlo probability that the recommended trades compound to more than the current
 *                ones on the validation data (bootstrap, engine probabilityOfOutperforming)
 *   amount       1 − e^(−trades / 30): how much validation data supports it (30 trades ≈ 0.63)
 *   consistency  share of validation windows where it beat the current settings (1 with one window)
 *
 *   (SYMBOL and TIMEFRAME compare markets, not trades: support = markets compared / 4, at most 1;
 *   outOfSample = 1 − e^(−gap / 5), gap = the out-of-sample ROI points by which the recommended market
 *   beats the current one; consistency = 1 when it ranks first in sample too, else ½)
 *
 *   base        = 0.25·support + 0.4·outOfSample + 0.2·amount + 0.15·consistency
 *   confidence  = base × 0.85^(parameters on the edge of their swept range) × calibration multiplier
 *
 * The edge factor lowers it (and the rationale says so) because the optimum may lie outside the grid;
 * the calibration multiplier (calibration.ts) lowers it after recommendations of the type fell short.
 */
export interface ConfidenceInputs {
  readonly support: number;
  readonly outOfSample: number;
  readonly validationTrades: number;
  readonly consistency: number;
  readonly parametersOnEdge: number;
  readonly calibrationMultiplier: number;
}

export const EDGE_FACTOR = 0.85;
const TRADES_SCALE = 30;

export function confidenceOf(inputs: ConfidenceInputs): { confidence: number; breakdown: Record<string, number> } {
  const amount = 1 - Math.exp(-Math.max(0, inputs.validationTrades) / TRADES_SCALE);
  const base = 0.25 * inputs.support + 0.4 * inputs.outOfSample + 0.2 * amount + 0.15 * inputs.consistency;
  const edge = EDGE_FACTOR ** inputs.parametersOnEdge;
  const confidence = Math.min(1, Math.max(0, base * edge * inputs.calibrationMultiplier));
  return {
    confidence,
    breakdown: {
      support: inputs.support,
      outOfSample: inputs.outOfSample,
      amount,
      consistency: inputs.consistency,
      base,
      parametersOnEdge: inputs.parametersOnEdge,
      edgeFactor: edge,
      calibrationMultiplier: inputs.calibrationMultiplier,
    },
  };
}
