import { For, type JSX } from 'solid-js';
import { createSettingDefinitions } from '../lib/form-data.ts';
import type { SettingDefinition } from '../lib/operations.ts';
import { labelWithUnit } from '../lib/run-settings-form.ts';
import { describeListSetting } from '../../../domain/setting-text.ts';

/** A setting's value in the words of the form: a choice's label, yes/no, "off" for null (the unit is in the label). */
export function settingText(definition: SettingDefinition | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'off';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const choice = definition?.choices.find((c) => c.value === value);
  return choice ? choice.label : String(value);
}

/** Account and execution settings as facts, labelled as the form labels them (null = off). */
export function SettingsFacts(props: { settings: Record<string, unknown>; omit?: readonly string[] }): JSX.Element {
  const definitions = createSettingDefinitions().definitions;
  const entries = () => Object.entries(props.settings).filter(([key]) => key !== '__typename' && !(props.omit ?? []).includes(key));
  return (
    <dl class="facts" data-testid="run-settings">
      <For each={entries()}>
        {([key, v]) => {
          const definition = () => definitions().find((d) => d.name === key);
          return (
            <>
              <dt title={key}>{definition() ? labelWithUnit(definition()!) : key}</dt>
              <dd>{describeListSetting(key, v) ?? settingText(definition(), v)}</dd>
            </>
          );
        }}
      </For>
    </dl>
  );
}
