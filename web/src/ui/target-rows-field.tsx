import type { JSX } from 'solid-js';
import type { SettingDefinition } from '../lib/operations.ts';
import type { TargetRow } from '../lib/run-settings-form.ts';
import { RowsField, type RowColumn } from './rows-field.tsx';

/** A list of partial targets as rows: a level in R and the fraction of the position it closes. */
export function TargetRowsField(props: { setting: SettingDefinition; rows: readonly TargetRow[]; errors: readonly string[]; onChange: (rows: TargetRow[]) => void }): JSX.Element {
  const name = () => props.setting.name;
  const columns: RowColumn<TargetRow>[] = [
    {
      header: 'Level (R)',
      cell: (row, index, edit) => <input aria-label={`Target ${index + 1} level (R)`} inputmode="decimal" value={row.levelR} onInput={(e) => edit({ ...row, levelR: e.currentTarget.value })} data-testid={`${name()}-level-${index}`} />,
    },
    {
      header: 'Fraction closed (0–1)',
      cell: (row, index, edit) => <input aria-label={`Target ${index + 1} fraction closed`} inputmode="decimal" value={row.fraction} onInput={(e) => edit({ ...row, fraction: e.currentTarget.value })} data-testid={`${name()}-fraction-${index}`} />,
    },
  ];
  const newRow = (rows: readonly TargetRow[]): TargetRow => {
    const last = rows.at(-1);
    return { levelR: last && Number.isFinite(Number(last.levelR)) ? String(Number(last.levelR) + 1) : '1', fraction: '0.5' };
  };
  return (
    <RowsField
      setting={props.setting}
      rows={props.rows}
      errors={props.errors}
      columns={columns}
      emptyHint="None: the position closes only by its take-profit, stop, trailing stop, a signal or the end of data."
      addLabel="Add a target"
      newRow={newRow}
      onChange={props.onChange}
    />
  );
}
