import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { isTerminal } from '../../../../domain/statuses.ts';
import { formatRange, readableTimes } from '../../lib/dates.ts';
import { formatDateTime, quoteOf } from '../../lib/format.ts';
import { LIST_METRICS, orderFieldOf, tone } from '../../lib/metrics.ts';
import type { OrderField } from '../../lib/operations.ts';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { RunRow } from './data.ts';
import { describeLegs, legsOf } from './run-legs.tsx';

/** The listed runs: select, sort by a column, cancel a running one. */
export function RunsTable(props: {
  rows: readonly RunRow[];
  totalCount: number;
  selected: ReadonlySet<string>;
  sort: OrderField;
  direction: 'ASC' | 'DESC';
  onSort: (field: OrderField) => void;
  onSelect: (id: string, on: boolean) => void;
  onSelectAll: (on: boolean) => void;
  onCancel: (id: string) => void;
}): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="data-table runs-table" data-testid="runs-table">
        <caption class="visually-hidden">Backtest runs, {props.totalCount} in all</caption>
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="Select all listed runs"
                checked={props.rows.length > 0 && props.rows.every((row) => props.selected.has(row.id))}
                onChange={(e) => props.onSelectAll(e.currentTarget.checked)}
              />
            </th>
            <th>Run</th>
            <th>Status</th>
            <th>Market</th>
            <th>Days (UTC)</th>
            <For each={LIST_METRICS}>{(metric) => <SortHeader field={orderFieldOf(metric.key)} label={metric.label} sort={props.sort} direction={props.direction} onSort={props.onSort} numeric />}</For>
            <SortHeader field="CREATED_AT" label="Created (UTC)" sort={props.sort} direction={props.direction} onSort={props.onSort} />
            <th><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => <RunListRow row={row} selected={props.selected.has(row.id)} onSelect={(on) => props.onSelect(row.id, on)} onCancel={() => props.onCancel(row.id)} />}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** A column header that sorts the list by its field (again: the other way). */
function SortHeader(props: { field: OrderField; label: string; numeric?: boolean; sort: OrderField; direction: 'ASC' | 'DESC'; onSort: (field: OrderField) => void }): JSX.Element {
  const ariaSort = () => (props.sort === props.field ? (props.direction === 'ASC' ? 'ascending' : 'descending') : 'none');
  return (
    <th aria-sort={ariaSort()} class={props.numeric ? 'num' : undefined}>
      <button type="button" class="sort" onClick={() => props.onSort(props.field)} data-testid={`sort-${props.field}`}>
        {props.label}
        <span aria-hidden="true">{props.sort === props.field ? (props.direction === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** One run (kept current by the list's change stream). */
function RunListRow(props: { row: RunRow; selected: boolean; onSelect: (on: boolean) => void; onCancel: () => void }): JSX.Element {
  const status = () => props.row.status;
  const progress = () => props.row.progress;
  const quote = () => quoteOf(props.row.symbols);
  return (
    <tr data-testid="run-row" data-run-id={props.row.id} data-status={status()}>
      <td>
        <input type="checkbox" aria-label={`Select ${props.row.name}`} checked={props.selected} onChange={(e) => props.onSelect(e.currentTarget.checked)} />
      </td>
      <td class="name-cell">
        <A href={`/runs/${props.row.id}`} data-testid="run-link">{props.row.name}</A>
        <span class="muted small">{describeLegs(legsOf(props.row))}</span>
      </td>
      <td>
        <StatusBadge status={status()} testId="run-row-status" />
        <Show when={!isTerminal(status())}>
          <ProgressBar value={progress()} label={`${props.row.name} progress`} testId="run-row-progress" />
        </Show>
        <Show when={status() === 'FAILED' && (props.row.error || props.row.errorCode)}>
          <p class="small loss failure-reason" title={readableTimes(props.row.error ?? '')} data-testid="run-row-failure">
            {props.row.errorCode ? <code>{props.row.errorCode}</code> : null} {shortReason(props.row.error)}
          </p>
        </Show>
      </td>
      <td class="small">
        {props.row.symbols.join(', ')} · {props.row.timeframe}
      </td>
      <td class="small nowrap" data-testid="run-row-range">{formatRange(props.row.startDate, props.row.endDate)}</td>
      <For each={LIST_METRICS}>
        {(metric) => {
          const value = () => props.row.metrics?.[metric.key];
          return <td class={`num ${tone(value(), metric.key)}`}>{props.row.metrics ? metric.format(value(), quote()) : '—'}</td>;
        }}
      </For>
      <td class="small nowrap">{formatDateTime(props.row.createdAt)}</td>
      <td>
        <Show when={!isTerminal(status())}>
          <button type="button" class="small-button" onClick={() => props.onCancel()} data-testid="cancel-run">Cancel</button>
        </Show>
      </td>
    </tr>
  );
}

/** A failure's first sentence, short enough for a table cell (the whole message is in its tooltip and on the run's page). */
function shortReason(error: string | null | undefined): string {
  if (!error) return '';
  const text = readableTimes(error);
  const first = text.split(/(?<=[.;])\s/)[0];
  return first.length > 90 ? `${first.slice(0, 89)}…` : first;
}
