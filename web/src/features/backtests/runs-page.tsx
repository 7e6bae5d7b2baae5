import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { createStrategies } from '../../lib/form-data.ts';
import type { OrderField } from '../../lib/operations.ts';
import { createSelection } from '../../lib/selection.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createCancelBacktest, createDeleteBacktest, createRunsList } from './data.ts';
import { RunsFilters, runsQueryOf, statusesOf, type RunsFilter } from './runs-filters.tsx';
import { RunsTable } from './runs-table.tsx';
import { RunsToolbar } from './runs-toolbar.tsx';

const PAGE = 25;
const MAX_COMPARE = 6;

/** All runs: filter, sort by any metric, select to compare or delete, cancel running ones. */
export function RunsPage(): JSX.Element {
  const [search, setSearch] = useSearchParams<RunsFilter>();
  const navigate = useNavigate();
  const strategies = createStrategies();
  const sort = (): OrderField => (search.sort as OrderField) || 'CREATED_AT';
  const direction = (): 'ASC' | 'DESC' => (search.dir === 'ASC' ? 'ASC' : 'DESC');
  const shown = () => Math.max(PAGE, Number(search.show) || PAGE);
  const list = createRunsList(() => ({ first: shown(), ...runsQueryOf(search, sort(), direction()) }));
  const { selected, toggle, all, clear } = createSelection(() => list.rows().map((row) => row.id));
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [actionError, setActionError] = createSignal<ApiError | null>(null);
  const remove = createDeleteBacktest();
  const cancel = createCancelBacktest();

  const sortBy = (field: OrderField) =>
    setSearch({ sort: field, dir: sort() === field && direction() === 'DESC' ? 'ASC' : 'DESC' });

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
    clear();
    list.refetch();
  };

  const cancelRun = async (id: string) => {
    const outcome = await cancel.execute({ id });
    setActionError(apiError(outcome.error));
    list.refetch();
  };

  return (
    <section class="page" data-testid="runs-page">
      <header class="page__header">
        <h1>Backtest runs</h1>
        <div class="header-actions">
          <span class={`small ${list.live() ? 'muted' : 'loss'}`} role="status" data-testid="live-indicator">{list.live() ? 'Live: updates as runs change' : 'Live updates lost: reload to resume'}</span>
          <A href="/runs/new" class="button primary">New run</A>
        </div>
      </header>

      <RunsFilters filter={search} strategies={strategies.strategies()} statuses={statusesOf(search)} sort={sort()} direction={direction()} onChange={setSearch} />

      <RunsToolbar
        selected={selected().size}
        maxCompare={MAX_COMPARE}
        confirming={confirmDelete()}
        deleting={remove.running()}
        onCompare={() => navigate(`/compare?ids=${[...selected()].join(',')}`)}
        onConfirming={setConfirmDelete}
        onDelete={() => void deleteSelected()}
      />
      <ErrorBox error={actionError()} />

      <QueryState
        error={list.error()}
        loading={list.loading()}
        what="runs"
        empty={list.rows().length === 0}
        emptyText={
          <p>
            No runs {statusesOf(search).length || search.strategy || search.symbol || search.q ? 'match these filters' : 'yet'}. <A href="/runs/new">Start a backtest</A>.
          </p>
        }
      >
        <RunsTable
          rows={list.rows()}
          totalCount={list.totalCount()}
          selected={selected()}
          sort={sort()}
          direction={direction()}
          onSort={sortBy}
          onSelect={toggle}
          onSelectAll={all}
          onCancel={(id) => void cancelRun(id)}
        />
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

