import { For, Show, type JSX } from 'solid-js';
import type { SettingDefinition } from '../lib/operations.ts';
import { labelWithUnit, type TargetRow } from '../lib/run-settings-form.ts';

/**
 * A list of partial targets as rows (level in R, fraction closed), added and removed one at a time up to the
 * definition's maxItems; the rows are checked by the shared rule when the form is sent (lib/run-settings-form.ts).
 */
export function TargetRowsField(props: { setting: SettingDefinition; rows: readonly TargetRow[]; errors: readonly string[]; onChange: (rows: TargetRow[]) => void }): JSX.Element {
  const name = props.setting.name;
  const edit = (index: number, cell: keyof TargetRow, text: string) => props.onChange(props.rows.map((row, k) => (k === index ? { ...row, [cell]: text } : row)));
  const add = () => {
    const last = props.rows.at(-1);
    const next = last && Number.isFinite(Number(last.levelR)) ? String(Number(last.levelR) + 1) : '1';
    props.onChange([...props.rows, { levelR: next, fraction: '0.5' }]);
  };
  const full = () => props.setting.maxItems != null && props.rows.length >= props.setting.maxItems;
  return (
    <div class={`field field--wide${props.errors.length > 0 ? ' field--invalid' : ''}`} data-field={name} data-testid={`setting-${name}`}>
      <span class="field__label">{labelWithUnit(props.setting)}</span>
      <Show when={props.rows.length > 0} fallback={<p class="field__hint">None: the position closes only by its take-profit, stop, trailing stop, a signal or the end of data.</p>}>
        <table class="target-rows">
          <thead>
            <tr><th scope="col">Level (R)</th><th scope="col">Fraction closed (0–1)</th><th /></tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row, index) => (
                <tr data-testid={`${name}-row`}>
                  <td><input aria-label={`Target ${index() + 1} level (R)`} inputmode="decimal" value={row.levelR} onInput={(e) => edit(index(), 'levelR', e.currentTarget.value)} data-testid={`${name}-level-${index()}`} /></td>
                  <td><input aria-label={`Target ${index() + 1} fraction closed`} inputmode="decimal" value={row.fraction} onInput={(e) => edit(index(), 'fraction', e.currentTarget.value)} data-testid={`${name}-fraction-${index()}`} /></td>
                  <td>
                    <button type="button" class="danger small-button" onClick={() => props.onChange(props.rows.filter((_, k) => k !== index()))} data-testid={`${name}-remove-${index()}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <button type="button" class="small-button" disabled={full()} onClick={add} data-testid={`${name}-add`}>Add a target</button>
      <p class="field__hint">{props.setting.description}</p>
      <Show when={props.errors.length > 0}>
        <ul class="field__errors" data-testid={`field-error-${name}`}>
          <For each={props.errors}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}
