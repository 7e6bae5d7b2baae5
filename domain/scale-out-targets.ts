import { RUN_SETTINGS, scaleOutTargetsIssues, type ScaleOutTarget, type SettingIssue } from '../server/engine/settings.ts';

/**
 * Scaling out as both sides read it: the setting's definition (engine/settings.ts, scaleOutTargets), the
 * rule a list must follow and the way a list is written. The API refuses with these issues and the web
 * form checks its rows with the same function, so the two cannot disagree.
 */
export type { ScaleOutTarget };

export const SCALE_OUT_TARGETS_SETTING = 'scaleOutTargets';
export const SCALE_OUT_TARGETS = RUN_SETTINGS[SCALE_OUT_TARGETS_SETTING];

/** Every problem of a list, each naming its entry (scaleOutTargets[1].fraction); empty when valid. */
export const scaleOutTargetIssues = (targets: unknown): SettingIssue[] => scaleOutTargetsIssues(SCALE_OUT_TARGETS_SETTING, targets, SCALE_OUT_TARGETS);

/** A fraction as the percent a trader reads: 0.3 → "30 %" (float dust such as 30.000000000000004 dropped). */
export const percentOf = (fraction: number) => `${Number((fraction * 100).toPrecision(10))} %`;

/** "50 % at 1R, 25 % at 2R": how run pages and reports write a list; "off" when there is none. */
export function describeScaleOutTargets(targets: readonly ScaleOutTarget[]): string {
  return targets.length === 0 ? 'off' : targets.map((t) => `${percentOf(t.fraction)} at ${t.levelR}R`).join(', ');
}

