import { paramRecord, settingRecord, type PlainValue } from '../../lib/values.ts';
import { A } from '@solidjs/router';
import { createEffect, createMemo, on, Show, type Accessor, type JSX } from 'solid-js';
import { fillBlanks, withPreset, type ParamText, type SettingValues } from '../backtests/run-form.ts';
import { formatDateTime, formatParams } from '../../lib/format.ts';
import { createPresets, type Preset } from './data.ts';

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

/** Says that a preset exists and what it holds; blank fields take its values on the server. */
export function PresetNotice(props: { preset: Preset | null; onFill: () => void; onLeave: () => void }): JSX.Element {
  return (
    <Show when={props.preset}>
      {(p) => (
        <div class="notice field--wide" data-testid="preset-notice" data-preset-id={p().id}>
          <p>
            <strong>A preset exists</strong> for {p().strategy} on {p().symbol} {p().timeframe}
            <Show when={p().recommendationId}>{(id) => <> (from <A href={`/recommendations/${id()}`}>an applied recommendation</A>)</>}</Show>, updated {formatDateTime(p().updatedAt)}:
          </p>
          <p class="small">
            <Show when={p().params.length > 0}>Parameters {formatParams(paramRecord(p().params))}. </Show>
            <Show when={p().settings.length > 0}>Settings {formatParams(settingRecord(p().settings))}.</Show>
          </p>
          <p class="small">Fields left blank (marked "preset") are left out of the request, and the server fills them from the preset.</p>
          <div class="toolbar">
            <button type="button" class="small-button" onClick={() => props.onLeave()} data-testid="preset-leave">Leave them to the preset</button>
            <button type="button" class="small-button" onClick={() => props.onFill()} data-testid="preset-fill">Write the preset's values in</button>
          </div>
        </div>
      )}
    </Show>
  );
}
