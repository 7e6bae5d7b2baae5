import { paramRecord, settingRecord, type PlainValue } from './values.ts';
import { createEffect, createMemo, on, type Accessor } from 'solid-js';
import { createPresets } from './form-data.ts';
import type { Preset } from './operations.ts';
import { fillBlanks, withPreset, type ParamText, type SettingValues } from './run-settings-form.ts';

export interface PresetKey {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: string;
}

/**
 * The preset the server would apply to a run or sweep of this strategy, first symbol and timeframe
 * (server/recommendations/presets.ts: a parameter or setting the request leaves out comes from it).
 */
export function createPresetFor(key: Accessor<PresetKey | null>): Accessor<Preset | null> {
  const presets = createPresets(() => key()?.strategy || null);
  return createMemo(() => {
    const k = key();
    if (!k || !k.symbol || !k.timeframe) return null;
    return presets.presets().find((p) => p.strategy === k.strategy && p.symbol === k.symbol.trim().toUpperCase() && p.timeframe === k.timeframe) ?? null;
  });
}

/** A form's parameter and settings texts, as the run and sweep forms hold them. */
export interface PresetFields {
  readonly updateParams: (update: (text: ParamText) => ParamText) => void;
  readonly updateSettings: (update: (text: SettingValues) => SettingValues) => void;
  readonly defaultParams: () => ParamText;
  readonly defaultSettings: () => SettingValues;
  /** Fields the user typed in: a preset never overwrites them. */
  readonly typedIn: (name: string) => boolean;
}

/**
 * Keeps a form in step with its preset: when one appears or changes, the fields it sets are left
 * blank for the server to fill; when it goes away, blank fields take the defaults again. Returns the
 * notice's action: 'fill' writes the preset's values in, 'leave' blanks them again.
 */
export function followPreset(preset: Accessor<Preset | null>, fields: PresetFields): (mode: 'leave' | 'fill') => void {
  const usePreset = (mode: 'leave' | 'fill') => {
    const p = preset();
    if (!p) return;
    const keep = mode === 'leave' ? fields.typedIn : undefined;
    fields.updateParams((text) => withPreset(text, paramRecord(p.params), mode, keep));
    fields.updateSettings((text) => withPreset(text, settingRecord(p.settings), mode, keep));
  };
  createEffect(
    on(
      () => (preset() ? `${preset()!.id}@${preset()!.updatedAt}` : null),
      (key) => {
        if (key) return usePreset('leave');
        fields.updateParams((text) => fillBlanks(text, fields.defaultParams(), fields.typedIn));
        fields.updateSettings((text) => fillBlanks(text, fields.defaultSettings(), fields.typedIn));
      },
      { defer: true },
    ),
  );
  return usePreset;
}

/** What a preset sets, by parameter or setting name. */
const entries = (preset: Preset | null, part: 'params' | 'settings'): Record<string, PlainValue> =>
  part === 'params' ? paramRecord(preset?.params) : settingRecord(preset?.settings);

/** The preset's values as placeholder text, by parameter or setting name. */
export function presetPlaceholders(preset: Preset | null, part: 'params' | 'settings'): Record<string, string> {
  return Object.fromEntries(Object.entries(entries(preset, part)).map(([name, value]) => [name, `preset: ${String(value)}`]));
}

/** Names of the parameters or settings a preset sets. */
export const presetNames = (preset: Preset | null, part: 'params' | 'settings'): ReadonlySet<string> => new Set(Object.keys(entries(preset, part)));

