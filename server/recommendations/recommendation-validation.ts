import type { SignificanceTest } from './significance.ts';

/** Out-of-sample results of one side, as a recommendation reports them. */
export interface SideResult {
  readonly roi: number;
  readonly winRate: number | null;
  readonly totalTrades: number;
  readonly score: number | null;
  readonly maxDrawdownPercentage: number;
  readonly sharpeRatio: number | null;
}

export const VALIDATION_METHODS = ['HOLDOUT', 'WALK_FORWARD', 'ACROSS_SWEEPS', 'IN_SAMPLE_ONLY'] as const;

/**
 * The out-of-sample comparison a recommendation rests on, stored with it (`validation`) and served
 * typed (recommendation-validation.graphql.ts): where it was checked and both sides' results there.
 */
export interface RecommendationValidation {
  readonly method: (typeof VALIDATION_METHODS)[number];
  readonly fromMs: number | null;
  readonly toMs: number | null;
  readonly current: SideResult | null;
  readonly recommended: SideResult | null;
  /** The paired significance test of the two sides over the validation dates (null: not tested, the reason says why). */
  readonly test?: SignificanceTest | null;
  /** The sweep's overfitting statistics, which the confidence weighs. */
  readonly overfitting?: { readonly probabilityOfOverfitting: number | null; readonly deflatedSharpeRatio: number | null } | null;
  /** Compounded return (%) of both sides per calendar year of the validation dates. */
  readonly perYear?: ReadonlyArray<{ readonly year: number; readonly current: number | null; readonly recommended: number | null }>;
  /** The same comparison on the search's own data. */
  readonly inSample?: { readonly current: SideResult | null; readonly recommended: SideResult | null };
  /** Swept parameters whose recommended value sits at an end of its range. */
  readonly onEdgeOf?: readonly string[];
  /** SYMBOL and TIMEFRAME: every market compared, with its own chosen parameters' results. */
  readonly markets?: ReadonlyArray<{ readonly market: string; readonly sweepId: string; readonly outOfSample: SideResult; readonly inSample: SideResult }>;
}
