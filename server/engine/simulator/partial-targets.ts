import type { BacktestConfig } from '../contract.ts';
import type { ScaleOutTarget } from '../settings.ts';

/** The run's partial targets in level order (validation keeps the levels increasing); none when scaling out is off. */
export function partialTargetsOf(config: BacktestConfig): readonly ScaleOutTarget[] {
  return config.scaleOutTargets ?? [];
}
