import { DEFAULT_RUN_SETTINGS, type RunSettings } from '../engine/index.ts';

/**
 * Settings as stored with a run or a sweep, read back. Defaults go first so a record stored before a
 * setting existed reproduces with that setting's default (which is what it ran with).
 */
export function readRunSettings(stored: RunSettings): RunSettings {
  return { ...DEFAULT_RUN_SETTINGS, ...stored };
}
