import { For, Show, type JSX } from 'solid-js';
import type { SettingDefinition } from '../lib/operations.ts';
import { labelWithUnit } from '../lib/run-settings-form.ts';

/** One column of a list setting's rows: its header and the input of a row's cell. */
export interface RowColumn<Row> {
  readonly header: string;
  readonly cell: (row: Row, index: number, edit: (next: Row) => void) => JSX.Element;
}

/** A column whose cell is a decimal text input bound to one field of the row (`<setting>-<key-name>-<index>` as test id). */
export function decimalColumn<Row>(setting: string, header: string, key: keyof Row & string, testName: string, ariaLabel: (index: number) => string): RowColumn<Row> {
  return {
    header,
    cell: (row, index, edit) => (
      <input aria-label={ariaLabel(index)} inputmode="decimal" value={String(row[key])} onInput={(e) => edit({ ...row, [key]: e.currentTarget.value })} data-testid={`${setting}-${testName}-${index}`} />
    ),
  };
}

/**
 * A list setting as rows, added and removed one at a time up to the definition's maxItems; the rows are
 * checked by the shared rule when the form is sent (lib/run-settings-form.ts). Test ids name the setting:
 * `<name>-row`, `<name>-add`, `<name>-remove-<index>`, `field-error-<name>`.
 */
export function RowsField<Row>(props: {
  setting: SettingDefinition;
  rows: readonly Row[];
  errors: readonly string[];
  columns: readonly RowColumn<Row>[];
  /** Shown instead of the table while the list is empty: what no rows means. */
  emptyHint: string;
  addLabel: string;
  newRow: (rows: readonly Row[]) => Row;
  onChange: (rows: Row[]) => void;
}): JSX.Element {
  const name = props.setting.name;
  const edit = (index: number) => (next: Row) => props.onChange(props.rows.map((row, k) => (k === index ? next : row)));
  const full = () => props.setting.maxItems != null && props.rows.length >= props.setting.maxItems;
  return (
    <div class={`field field--wide${props.errors.length > 0 ? ' field--invalid' : ''}`} data-field={name} data-testid={`setting-${name}`}>
      <span class="field__label">{labelWithUnit(props.setting)}</span>
      <Show when={props.rows.length > 0} fallback={<p class="field__hint">{props.emptyHint}</p>}>
        <table class="target-rows">
          <thead>
            <tr>
              <For each={props.columns}>{(column) => <th scope="col">{column.header}</th>}</For>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row, index) => (
                <tr data-testid={`${name}-row`}>
                  <For each={props.columns}>{(column) => <td>{column.cell(row, index(), edit(index()))}</td>}</For>
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
      <button type="button" class="small-button" disabled={full()} onClick={() => props.onChange([...props.rows, props.newRow(props.rows)])} data-testid={`${name}-add`}>
        {props.addLabel}
      </button>
      <p class="field__hint">{props.setting.description}</p>
      <Show when={props.errors.length > 0}>
        <ul class="field__errors" data-testid={`field-error-${name}`}>
          <For each={props.errors}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}
