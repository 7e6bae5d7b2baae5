import type { JSX } from 'solid-js';
import type { SettingDefinition } from '../lib/operations.ts';
import type { TargetRow } from '../lib/run-settings-form.ts';
import { decimalColumn, RowsField } from './rows-field.tsx';

/** A list of partial targets as rows: a level in R and the fraction of the position it closes. */
export function TargetRowsField(props: { setting: SettingDefinition; rows: readonly TargetRow[]; errors: readonly string[]; onChange: (rows: TargetRow[]) => void }): JSX.Element {
  const name = props.setting.name;
  const columns = [
    decimalColumn<TargetRow>(name, 'Level (R)', 'levelR', 'level', (index) => `Target ${index + 1} level (R)`),
    decimalColumn<TargetRow>(name, 'Fraction closed (0–1)', 'fraction', 'fraction', (index) => `Target ${index + 1} fraction closed`),
  ];
  const newRow = (rows: readonly TargetRow[]): TargetRow => {
    const last = rows.at(-1);
    return { levelR: last && Number.isFinite(Number(last.levelR)) ? String(Number(last.levelR) + 1) : '1', fraction: '0.5' };
  };
  return <RowsField {...props} columns={columns} newRow={newRow} addLabel="Add a target" emptyHint="None: the position closes only by its take-profit, stop, trailing stop, a signal or the end of data." />;
}
