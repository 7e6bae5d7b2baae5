import { RUN_SETTINGS, type RunSettingName } from '../server/engine/settings.ts';
import { describeScaleOutTargets, type ScaleOutTarget } from './scale-out-targets.ts';
import { describeTargetWeights, type TargetWeight } from './target-weights.ts';

/** A list setting's value in words (partial targets, target weights); null for a plain value, which reads as itself. */
export function describeListSetting(name: string, value: unknown): string | null {
  if (!Array.isArray(value) || !(name in RUN_SETTINGS)) return null;
  switch (RUN_SETTINGS[name as RunSettingName].kind) {
    case 'targets':
      return describeScaleOutTargets(value as ScaleOutTarget[]);
    case 'weights':
      return describeTargetWeights(value as TargetWeight[]);
    default:
      return null;
  }
}
