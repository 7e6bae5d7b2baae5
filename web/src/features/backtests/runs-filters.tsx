import { For, type JSX } from 'solid-js';
import { StrategyOptions } from '../../ui/strategy-options.tsx';
import { RUN_STATUSES, type RunStatus } from '../../../../domain/statuses.ts';
import { orderFieldOf, SORTABLE_METRICS } from '../../lib/metrics.ts';
import type { OrderField } from '../../lib/operations.ts';

/** The runs list's filters and sort, as the address holds them. */
export type RunsFilter = {
  status?: string;
  strategy?: string;
  symbol?: string;
  q?: string;
  sort?: string;
  dir?: string;
  show?: string;
};

/** The statuses the filter names (unknown ones dropped). */
export const statusesOf = (filter: RunsFilter): RunStatus[] => (filter.status ? filter.status.split(',').filter((s): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s)) : []);

/** The runs query's filter and order for what the address holds. */
export function runsQueryOf(filter: RunsFilter, sort: OrderField, direction: 'ASC' | 'DESC') {
  const statuses = statusesOf(filter);
  return {
    filter: {
      ...(statuses.length > 0 ? { status: statuses } : {}),
      ...(filter.strategy ? { strategy: filter.strategy } : {}),
      ...(filter.symbol ? { symbol: filter.symbol.toUpperCase() } : {}),
      ...(filter.q ? { nameContains: filter.q } : {}),
    },
    orderBy: { field: sort, direction },
  };
}

/** Filter by name, strategy, symbol and status; sort by creation or any metric. */
export function RunsFilters(props: {
  filter: RunsFilter;
  strategies: ReadonlyArray<{ name: string; family: { name: string; title: string } }>;
  statuses: readonly RunStatus[];
  sort: string;
  direction: 'ASC' | 'DESC';
  onChange: (patch: Partial<RunsFilter>) => void;
}): JSX.Element {
  return (
    <form class="filters panel" role="search" onSubmit={(e) => e.preventDefault()} aria-label="Filter runs">
      <label class="field">
        <span class="field__label">Name contains</span>
        <input type="search" value={props.filter.q ?? ''} onChange={(e) => props.onChange({ q: e.currentTarget.value || undefined })} data-testid="filter-name" />
      </label>
      <label class="field">
        <span class="field__label">Strategy</span>
        <select value={props.filter.strategy ?? ''} onChange={(e) => props.onChange({ strategy: e.currentTarget.value || undefined })} data-testid="filter-strategy">
          <option value="">Any</option>
          {/* `selected` per option: the select's own value is set before the strategies (its options) arrive. A user
              strategy's option is its family: runs of every version. */}
          <StrategyOptions strategies={props.strategies} value={(s) => s.family.name} label={(s) => s.family.title} selected={props.filter.strategy} />
        </select>
      </label>
      <label class="field">
        <span class="field__label">Symbol</span>
        <input value={props.filter.symbol ?? ''} placeholder="e.g. BTCUSDT" onChange={(e) => props.onChange({ symbol: e.currentTarget.value.trim() || undefined })} data-testid="filter-symbol" />
      </label>
      <label class="field">
        <span class="field__label">Sort by</span>
        <select value={props.sort} onChange={(e) => props.onChange({ sort: e.currentTarget.value, dir: props.direction })} data-testid="sort-by">
          <option value="CREATED_AT">Created</option>
          <For each={SORTABLE_METRICS}>{(metric) => <option value={orderFieldOf(metric.key)} selected={orderFieldOf(metric.key) === props.sort}>{metric.label}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span class="field__label">Order</span>
        <select value={props.direction} onChange={(e) => props.onChange({ dir: e.currentTarget.value })} data-testid="sort-direction">
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
                  checked={props.statuses.includes(status)}
                  onChange={(e) => {
                    const next = e.currentTarget.checked ? [...props.statuses, status] : props.statuses.filter((s) => s !== status);
                    props.onChange({ status: next.length > 0 ? next.join(',') : undefined });
                  }}
                />
                {status.toLowerCase()}
              </label>
            )}
          </For>
        </div>
      </fieldset>
    </form>
  );
}
