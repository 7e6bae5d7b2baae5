import { createMemo } from 'solid-js';
import { createStore } from 'solid-js/store';
import { render } from 'solid-js/web';
import type { SettingDefinition } from '../../src/lib/operations.ts';
import { initialSettings, parseSettings, type FormErrors } from '../../src/lib/run-settings-form.ts';
import { SettingsFields } from '../../src/ui/form-fields.tsx';

declare global {
  interface Window {
    /** Injected by the test before the page loads: what `runSettingDefinitions` would serve. */
    settingDefinitions: SettingDefinition[];
  }
}

/** The forms' settings section alone, built from the injected definitions and checked as the forms check it. */
function SettingsHarness() {
  const definitions = window.settingDefinitions;
  const [values, setValues] = createStore(initialSettings(definitions));
  const errors = createMemo(() => {
    const found: FormErrors = {};
    parseSettings(definitions, values, found);
    return found;
  });
  return <SettingsFields definitions={definitions} values={values} errors={errors()} onChange={(name, value) => setValues(name, value)} symbols={['SYNTH-BTCUSDT', 'SYNTH-ETHUSDT']} />;
}

render(() => <SettingsHarness />, document.getElementById('root')!);
