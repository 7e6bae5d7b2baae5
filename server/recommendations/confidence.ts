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

export type ConfidenceTermKey = 'support' | 'outOfSample' | 'amount' | 'consistency';

/** The terms of the base and their weights: the one definition, served with each recommendation (`confidence`). */
export const CONFIDENCE_TERMS: ReadonlyArray<{ readonly key: ConfidenceTermKey; readonly label: string; readonly weight: number; readonly meaning: string }> = [
  {
    key: 'support',
    label: 'Support',
    weight: 0.25,
    meaning: 'The plateau: (grid neighbours that also beat the current set in sample + 1) / (neighbours + 2); ½ without a neighbourhood; markets compared / 4 for a symbol or timeframe.',
  },
  {
    key: 'outOfSample',
    label: 'Out of sample',
    weight: 0.4,
    meaning: 'Monte Carlo probability that the recommended trades compound to more than the current ones on the validation data (for a symbol or timeframe: 1 − e^(−gap / 5), gap in ROI points).',
  },
  { key: 'amount', label: 'Amount of evidence', weight: 0.2, meaning: `1 − e^(−trades / ${TRADES_SCALE}) over the validation trades: ${TRADES_SCALE} trades give 0.63.` },
  {
    key: 'consistency',
    label: 'Consistency',
    weight: 0.15,
    meaning: 'Share of validation windows where it beat the current settings (1 with one window; for a market: 1 when it ranks first in sample too).',
  },
];

export function confidenceOf(inputs: ConfidenceInputs): { confidence: number; breakdown: Record<string, number> } {
  const amount = 1 - Math.exp(-Math.max(0, inputs.validationTrades) / TRADES_SCALE);
  const values: Record<ConfidenceTermKey, number> = { support: inputs.support, outOfSample: inputs.outOfSample, amount, consistency: inputs.consistency };
  const base = CONFIDENCE_TERMS.reduce((sum, term) => sum + term.weight * values[term.key], 0);
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

/** A stored recommendation's confidence taken apart, typed (what `OptimizationRecommendation.confidence` serves). */
export interface ConfidenceView {
  readonly score: number;
  readonly terms: ReadonlyArray<(typeof CONFIDENCE_TERMS)[number] & { readonly value: number | null; readonly contribution: number | null }>;
  readonly base: number | null;
  readonly parametersOnEdge: number;
  readonly edgeFactor: number | null;
  readonly calibrationMultiplier: number | null;
  readonly calibrationScale: number | null;
  readonly calibrationMeasured: number | null;
}

export function confidenceView(score: number, breakdown: Readonly<Record<string, unknown>>): ConfidenceView {
  const num = (key: string) => (typeof breakdown[key] === 'number' && Number.isFinite(breakdown[key]) ? (breakdown[key] as number) : null);
  return {
    score,
    terms: CONFIDENCE_TERMS.map((term) => {
      const value = num(term.key);
      return { ...term, value, contribution: value === null ? null : value * term.weight };
    }),
    base: num('base'),
    parametersOnEdge: num('parametersOnEdge') ?? 0,
    edgeFactor: num('edgeFactor'),
    calibrationMultiplier: num('calibrationMultiplier'),
    calibrationScale: num('calibrationScale'),
    calibrationMeasured: num('calibrationMeasured'),
  };
}
