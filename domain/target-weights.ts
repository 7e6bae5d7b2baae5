import { RUN_SETTINGS, targetWeightsIssues, type SettingIssue, type TargetWeight } from '../server/engine/settings.ts';
import { percentOf } from './scale-out-targets.ts';

/**
 * Rebalancing's target weights as both sides read them: the setting's definition (engine/settings.ts,
 * rebalanceWeights), the rule a list must follow and the way a list is written. The API refuses with
 * these issues and the web form checks its rows with the same function.
 */
export type { TargetWeight };

export const TARGET_WEIGHTS_SETTING = 'rebalanceWeights';
export const TARGET_WEIGHTS = RUN_SETTINGS[TARGET_WEIGHTS_SETTING];

/** Every problem of a list, each naming its entry (rebalanceWeights[1].weight); empty when valid. Membership in the run's symbols is the server's check. */
export const targetWeightIssues = (weights: unknown): SettingIssue[] => targetWeightsIssues(TARGET_WEIGHTS_SETTING, weights, TARGET_WEIGHTS);

/** "BTCUSDT 60 %, ETHUSDT 40 %, cash 0 %": how run pages and reports write a list; none given is equal weight. */
export function describeTargetWeights(weights: readonly TargetWeight[]): string {
  if (weights.length === 0) return 'equal (1 / max open positions each)';
  const cash = 1 - weights.reduce((sum, w) => sum + w.weight, 0);
  return [...weights.map((w) => `${w.symbol} ${percentOf(w.weight)}`), `cash ${percentOf(Math.max(0, cash))}`].join(', ');
}
