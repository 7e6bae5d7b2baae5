import { isTerminal, RUN_STATUSES, type RunStatus } from '../../../../domain/statuses.ts';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { formatRange, readableTimes } from '../../lib/dates.ts';
import { formatDateTime, quoteOf } from '../../lib/format.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createStrategies } from '../../lib/form-data.ts';
import type { OrderField } from '../../lib/operations.ts';
import { createCancelBacktest, createDeleteBacktest, createRunsList, type RunRow } from './data.ts';
import { LIST_METRICS, orderFieldOf, SORTABLE_METRICS, tone } from '../../lib/metrics.ts';
import { describeLegs, legsOf } from './run-legs.tsx';

type Status = RunStatus;
const PAGE = 25;
const MAX_COMPARE = 6;

type SortField = OrderField;

/** All runs: filter, sort by any metric, select to compare or delete, cancel running ones. */
export function RunsPage(): JSX.Element {
  const [search, setSearch] = useSearchParams<{ status?: string; strategy?: string; symbol?: string; q?: string; sort?: string; dir?: string; show?: string }>();
  const navigate = useNavigate();
  const strategies = createStrategies();
  const sort = (): SortField => (search.sort as SortField) || 'CREATED_AT';
  const direction = (): 'ASC' | 'DESC' => (search.dir === 'ASC' ? 'ASC' : 'DESC');
  const statuses = (): Status[] => (search.status ? search.status.split(',').filter((s): s is Status => (RUN_STATUSES as readonly string[]).includes(s)) : []);
  const shown = () => Math.max(PAGE, Number(search.show) || PAGE);

  const list = createRunsList(() => ({
    first: shown(),
    filter: {
      ...(statuses().length > 0 ? { status: statuses() } : {}),
      ...(search.strategy ? { strategy: search.strategy } : {}),
      ...(search.symbol ? { symbol: search.symbol.toUpperCase() } : {}),
      ...(search.q ? { nameContains: search.q } : {}),
    },
    orderBy: { field: sort(), direction: direction() },
  }));

  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [actionError, setActionError] = createSignal<ApiError | null>(null);
  const remove = createDeleteBacktest();
  const cancel = createCancelBacktest();

  // Selections of rows no longer listed are dropped.
  createEffect(() => {
    const ids = new Set(list.rows().map((row) => row.id));
    const kept = [...selected()].filter((id) => ids.has(id));
    if (kept.length !== selected().size) setSelected(new Set(kept));
  });

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const allSelected = createMemo(() => list.rows().length > 0 && list.rows().every((row) => selected().has(row.id)));

  const sortBy = (field: SortField) =>
    setSearch({ sort: field, dir: sort() === field && direction() === 'DESC' ? 'ASC' : 'DESC' });
  const ariaSort = (field: SortField) => (sort() === field ? (direction() === 'ASC' ? 'ascending' : 'descending') : 'none');

  const deleteSelected = async () => {
    setActionError(null);
    for (const id of selected()) {
      const outcome = await remove.execute({ id });
      if (outcome.error) {
        setActionError(apiError(outcome.error));
        break;
      }
    }
    setConfirmDelete(false);
    setSelected(new Set<string>());
    list.refetch();
  };

  const cancelRun = async (id: string) => {
    const outcome = await cancel.execute({ id });
    setActionError(apiError(outcome.error));
    list.refetch();
  };

  const SortHeader = (props: { field: SortField; label: string; numeric?: boolean }) => (
    <th aria-sort={ariaSort(props.field)} class={props.numeric ? 'num' : undefined}>
      <button type="button" class="sort" onClick={() => sortBy(props.field)} data-testid={`sort-${props.field}`}>
        {props.label}
        <span aria-hidden="true">{sort() === props.field ? (direction() === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );

  return (
    <section class="page" data-testid="runs-page">
      <header class="page__header">
        <h1>Backtest runs</h1>
        <div class="header-actions">
          <span class={`small ${list.live() ? 'muted' : 'loss'}`} role="status" data-testid="live-indicator">{list.live() ? 'Live: updates as runs change' : 'Live updates lost: reload to resume'}</span>
          <A href="/runs/new" class="button primary">New run</A>
        </div>
      </header>

      <form class="filters panel" role="search" onSubmit={(e) => e.preventDefault()} aria-label="Filter runs">
        <label class="field">
          <span class="field__label">Name contains</span>
          <input type="search" value={search.q ?? ''} onChange={(e) => setSearch({ q: e.currentTarget.value || undefined })} data-testid="filter-name" />
        </label>
        <label class="field">
          <span class="field__label">Strategy</span>
          <select value={search.strategy ?? ''} onChange={(e) => setSearch({ strategy: e.currentTarget.value || undefined })} data-testid="filter-strategy">
            <option value="">Any</option>
            {/* `selected` per option: the select's own value is set before the strategies (its options) arrive. */}
            <For each={strategies.strategies()}>{(s) => <option value={s.name} selected={s.name === search.strategy}>{s.name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">Symbol</span>
          <input value={search.symbol ?? ''} placeholder="e.g. BTCUSDT" onChange={(e) => setSearch({ symbol: e.currentTarget.value.trim() || undefined })} data-testid="filter-symbol" />
        </label>
        <label class="field">
          <span class="field__label">Sort by</span>
          <select value={sort()} onChange={(e) => setSearch({ sort: e.currentTarget.value, dir: direction() })} data-testid="sort-by">
            <option value="CREATED_AT">Created</option>
            <For each={SORTABLE_METRICS}>{(metric) => <option value={orderFieldOf(metric.key)} selected={orderFieldOf(metric.key) === sort()}>{metric.label}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">Order</span>
          <select value={direction()} onChange={(e) => setSearch({ dir: e.currentTarget.value })} data-testid="sort-direction">
            <option value="DESC">Highest first</option>
            <option value="ASC">Lowest first</option>
          </select>
        </label>
        <fieldset class="field status-filter">
          <legend class="field__label">Status</legend>
          <div class="chips">
            <For each={RUN_STATUSES}>
              {(status) => (
                <label class="chip">
                  <input
                    type="checkbox"
                    checked={statuses().includes(status)}
                    onChange={(e) => {
                      const next = e.currentTarget.checked ? [...statuses(), status] : statuses().filter((s) => s !== status);
                      setSearch({ status: next.length > 0 ? next.join(',') : undefined });
                    }}
                  />
                  {status.toLowerCase()}
                </label>
              )}
            </For>
          </div>
        </fieldset>
      </form>

      <div class="toolbar" role="toolbar" aria-label="Selected runs">
        <span class="muted">{selected().size} selected</span>
        <button
          type="button"
          disabled={selected().size < 2 || selected().size > MAX_COMPARE}
          title={`Compare 2 to ${MAX_COMPARE} runs`}
          onClick={() => navigate(`/compare?ids=${[...selected()].join(',')}`)}
          data-testid="compare-selected"
        >
          Compare
        </button>
        <Show
          when={confirmDelete()}
          fallback={
            <button type="button" class="danger" disabled={selected().size === 0} onClick={() => setConfirmDelete(true)} data-testid="delete-selected">
              Delete
            </button>
          }
        >
          <span role="alert">Delete {selected().size} run(s) with their trades?</span>
          <button type="button" class="danger" disabled={remove.running()} onClick={() => void deleteSelected()} data-testid="confirm-delete">
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>Keep</button>
        </Show>
      </div>
      <ErrorBox error={actionError()} />

      <QueryState
        error={list.error()}
        loading={list.loading()}
        what="runs"
        empty={list.rows().length === 0}
        emptyText={
          <p>
            No runs {statuses().length || search.strategy || search.symbol || search.q ? 'match these filters' : 'yet'}. <A href="/runs/new">Start a backtest</A>.
          </p>
        }
      >
        <div class="table-wrap">
          <table class="data-table runs-table" data-testid="runs-table">
            <caption class="visually-hidden">Backtest runs, {list.totalCount()} in all</caption>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all listed runs"
                    checked={allSelected()}
                    onChange={(e) => setSelected(new Set(e.currentTarget.checked ? list.rows().map((r) => r.id) : []))}
                  />
                </th>
                <th>Run</th>
                <th>Status</th>
                <th>Market</th>
                <th>Days (UTC)</th>
                <For each={LIST_METRICS}>{(metric) => <SortHeader field={orderFieldOf(metric.key)} label={metric.label} numeric />}</For>
                <SortHeader field="CREATED_AT" label="Created (UTC)" />
                <th><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              <For each={list.rows()}>
                {(row) => <RunListRow row={row} selected={selected().has(row.id)} onSelect={(on) => toggle(row.id, on)} onCancel={() => void cancelRun(row.id)} />}
              </For>
            </tbody>
          </table>
        </div>
        <p class="muted list-footer">
          Showing {list.rows().length} of {list.totalCount()}
          <Show when={list.hasMore()}>
            {' '}
            <button type="button" onClick={() => setSearch({ show: String(shown() + PAGE) })} data-testid="show-more">Show more</button>
          </Show>
        </p>
      </QueryState>
    </section>
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
