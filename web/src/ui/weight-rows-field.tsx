import { For, type JSX } from 'solid-js';
import type { SettingDefinition } from '../lib/operations.ts';
import type { WeightRow } from '../lib/run-settings-form.ts';
import { decimalColumn, RowsField, type RowColumn } from './rows-field.tsx';

/**
 * Rebalancing's target weights as rows: a symbol of the run and the fraction of equity it is resized to.
 * A row's symbol is chosen among the form's symbols (one it no longer trades stays shown, for the server to refuse).
 */
export function WeightRowsField(props: { setting: SettingDefinition; rows: readonly WeightRow[]; symbols: readonly string[]; errors: readonly string[]; onChange: (rows: WeightRow[]) => void }): JSX.Element {
  const name = props.setting.name;
  const choices = (row: WeightRow) => (row.symbol === '' || props.symbols.includes(row.symbol) ? props.symbols : [row.symbol, ...props.symbols]);
  const symbolColumn: RowColumn<WeightRow> = {
    header: 'Symbol',
    cell: (row, index, edit) => (
      <select aria-label={`Weight ${index + 1} symbol`} value={row.symbol} onChange={(e) => edit({ ...row, symbol: e.currentTarget.value })} data-testid={`${name}-symbol-${index}`}>
        <For each={choices(row)}>{(symbol) => <option value={symbol} selected={symbol === row.symbol}>{symbol}</option>}</For>
      </select>
    ),
  };
  const columns = [symbolColumn, decimalColumn<WeightRow>(name, 'Weight (0–1)', 'weight', 'weight', (index) => `Weight ${index + 1}`)];
  // A new row takes the first symbol not weighted yet, with what the other rows leave of 1.
  const newRow = (rows: readonly WeightRow[]): WeightRow => {
    const symbol = props.symbols.find((s) => !rows.some((row) => row.symbol === s)) ?? props.symbols[0] ?? '';
    const left = 1 - rows.reduce((sum, row) => sum + (Number(row.weight) || 0), 0);
    return { symbol, weight: String(Math.max(0, Number(left.toFixed(4)))) };
  };
  return <RowsField {...props} columns={columns} newRow={newRow} addLabel="Add a weight" emptyHint="None: equal weight, 1 / max open positions of equity per open position." />;
}
