import type { BacktestConfig } from '../contract.ts';

/** One scaling-out target: its level in R and the fraction of the quantity entered it closes. */
export interface PartialTarget {
  readonly levelR: number;
  readonly fraction: number;
}

/** The run's partial targets in level order (the settings hold at most two; validation keeps them ascending). */
export function partialTargetsOf(config: BacktestConfig): PartialTarget[] {
  const targets: PartialTarget[] = [];
  if (config.scaleOutTarget1R == null) return targets;
  targets.push({ levelR: config.scaleOutTarget1R, fraction: (config.scaleOutFraction1Pct ?? 50) / 100 });
  if (config.scaleOutTarget2R != null) targets.push({ levelR: config.scaleOutTarget2R, fraction: (config.scaleOutFraction2Pct ?? 25) / 100 });
  return targets;
}
