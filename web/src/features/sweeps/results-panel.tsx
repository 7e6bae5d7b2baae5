import { paramRecord } from '../../lib/values.ts';
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor, type JSX } from 'solid-js';
import { formatInt } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { downloadText, toCsv } from '../../lib/csv.ts';
import type { ApiError } from '../../lib/errors.ts';
import { createRowsExport, createSweepResults, type Optimization, type ResultsVariables, type Sweep } from './data.ts';
import { OpenRowButton } from '../../ui/open-row-button.tsx';
import { ROW_COLUMNS, rowValue, type RowColumn } from '../../lib/row-columns.ts';
import { rowRange, sweptParams, type Place } from './row-metrics.ts';
import { OBJECTIVES, objectiveLabel, type ObjectiveName } from './search-form.ts';

const PAGE = 25;
const MAX_PAGE = 500;

type Objective = Exclude<ObjectiveName, 'CUSTOM'>;

/**
 * The tested rows of one window and phase as the server ranks them: under the sweep's objective,
 * re-ranked under another one without re-running, or ordered by any metric. Any row opens as a
 * full backtest.
 */
export function ResultsPanel(props: { sweep: Sweep; place: Place; swept: readonly string[]; revision: Accessor<number> }): JSX.Element {
  const [rankBy, setRankBy] = createSignal<Objective | ''>('');
  const [orderBy, setOrderBy] = createSignal<{ column: RowColumn; direction: 'ASC' | 'DESC' } | null>(null);
  const [minTrades, setMinTrades] = createSignal('');
  const [shown, setShown] = createSignal(PAGE);
  const variables = createMemo<ResultsVariables>(() => {
    const order = orderBy();
    const min = Number(minTrades());
    return {
      id: props.sweep.id,
      first: shown(),
      window: props.place.window,
      phase: props.place.phase,
      ...(order?.column.metric ? { orderBy: { metric: order.column.metric, direction: order.direction } } : {}),
      ...(rankBy() ? { objective: { name: rankBy() as Objective } } : {}),
      ...(minTrades().trim() !== '' && Number.isInteger(min) && min > 0 ? { minTrades: min } : {}),
    };
  });
  const results = createSweepResults(variables);
  const loadAll = createRowsExport();
  const [exporting, setExporting] = createSignal(false);
  const [exportError, setExportError] = createSignal<ApiError | null>(null);
  /** Every row of this window and phase in the table's order: each parameter and metric a column of its own. */
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const outcome = await loadAll(variables());
      if ('error' in outcome) return setExportError(outcome.error);
      const rows = outcome.nodes;
      const paramNames = [...new Set(rows.flatMap((row) => row.params.map((param) => param.name)))];
      const metricNames = Object.keys(rows[0]?.metrics ?? {}).filter((name) => name !== '__typename');
      const metricOf = (row: Optimization, name: string) => {
        const value: unknown = Reflect.get(row.metrics, name);
        return typeof value === 'number' ? value : null;
      };
      const columns = [
        { header: 'rank', value: (row: Optimization) => rows.indexOf(row) + 1 },
        ...paramNames.map((name) => ({ header: name, value: (row: Optimization) => String(paramRecord(row.params)[name] ?? '') })),
        { header: 'score', value: (row: Optimization) => row.score },
        ...metricNames.map((name) => ({ header: name, value: (row: Optimization) => metricOf(row, name) })),
        { header: 'window', value: (row: Optimization) => row.window },
        { header: 'phase', value: (row: Optimization) => row.phase },
        { header: 'fromDate', value: (row: Optimization) => row.fromDate },
        { header: 'toDate', value: (row: Optimization) => row.toDate },
      ];
      downloadText(`${props.sweep.name.replace(/[^\w.-]+/g, '_')}-w${props.place.window}-${props.place.phase.toLowerCase()}.csv`, toCsv(rows, columns));
    } finally {
      setExporting(false);
    }
  };
  createEffect(on(props.revision, () => results.refetch(), { defer: true }));

  const sortBy = (column: RowColumn) => {
    const current = orderBy();
    if (!column.metric) return setOrderBy(null);
    const direction = current?.column.key === column.key ? (current.direction === 'DESC' ? 'ASC' : 'DESC') : column.better === 'lower' ? 'ASC' : 'DESC';
    setOrderBy({ column, direction });
  };
  const sortState = (column: RowColumn): 'ascending' | 'descending' | 'none' => {
    const order = orderBy();
    if (!order) return column.key === 'score' ? 'descending' : 'none';
    return order.column.key === column.key ? (order.direction === 'ASC' ? 'ascending' : 'descending') : 'none';
  };
  const rows = () => results.connection()?.edges.map((e) => e.node) ?? [];
  const first = () => rows()[0];
  const ranking = () =>
    orderBy()
      ? `ordered by ${orderBy()!.column.label.toLowerCase()} (${orderBy()!.direction === 'ASC' ? 'lowest' : 'highest'} first)`
      : `ranked by ${rankBy() ? `the ${objectiveLabel(rankBy() as Objective)} objective, re-scored without re-running` : `the sweep's ${objectiveLabel(props.sweep.objective.name)} objective`}; rows under ${props.sweep.minTrades} trades rank last`;

  return (
    <section class="panel" aria-labelledby="top-title" data-testid="results-panel">
      <h2 id="top-title">Tested combinations</h2>
      <div class="filters">
        <label class="field">
          <span class="field__label">Rank by</span>
          <select value={rankBy()} onChange={(e) => { setRankBy(e.currentTarget.value as Objective | ''); setOrderBy(null); }} data-testid="rank-objective">
            <option value="">the sweep's objective ({objectiveLabel(props.sweep.objective.name)})</option>
            <For each={OBJECTIVES.filter((o): o is Objective => o !== 'CUSTOM' && o !== props.sweep.objective.name)}>{(o) => <option value={o}>{objectiveLabel(o)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="field__label">At least … trades</span>
          <input inputmode="numeric" placeholder="any" value={minTrades()} onInput={(e) => setMinTrades(e.currentTarget.value)} data-testid="results-min-trades" />
        </label>
        <div class="field field--actions">
          <button type="button" onClick={() => void exportCsv()} disabled={exporting() || !results.connection()?.totalCount} data-testid="export-rows">{exporting() ? 'Loading rows…' : `Export all ${formatInt(results.connection()?.totalCount)} as CSV`}</button>
        </div>
      </div>
      <ErrorBox error={exportError()} title="Could not export the rows" />
      <p class="muted small" data-testid="results-ranking">
        {formatInt(results.connection()?.totalCount)} rows, {ranking()}. Click a column to order by it.
        <Show when={first()?.fromDate}> Measured {rowRange(first()!)}.</Show>
      </p>
      <ErrorBox error={results.error()} title="Could not load the rows" />
      <div class="table-wrap">
        <table class="data-table" data-testid="top-table" data-place={`${props.place.window}:${props.place.phase}`}>
          <thead>
            <tr>
              <th class="num">#</th>
              <th>Parameters</th>
              <For each={ROW_COLUMNS}>
                {(column) => (
                  <th class="num" aria-sort={sortState(column)}>
                    <button type="button" class="sort" onClick={() => sortBy(column)} data-testid={`top-sort-${column.key}`}>
                      {column.label}
                      <span aria-hidden="true">{sortState(column) === 'ascending' ? ' ▲' : sortState(column) === 'descending' ? ' ▼' : ''}</span>
                    </button>
                  </th>
                )}
              </For>
              <th>Worker</th>
              <th><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(row, index) => (
                <tr
                  data-testid="top-row"
                  data-row-id={row.id}
                  classList={{ 'below-min': row.metrics.totalTrades < props.sweep.minTrades }}
                  title={row.metrics.totalTrades < props.sweep.minTrades ? `Fewer than ${props.sweep.minTrades} trades: never ranked best` : undefined}
                >
                  <td class="num">{index() + 1}</td>
                  <td class="small">{sweptParams(row.params, props.swept)}</td>
                  <For each={ROW_COLUMNS}>{(column) => <td class="num" data-metric={column.key} data-value={rowValue(row, column.key) ?? ''}>{column.format(rowValue(row, column.key))}</td>}</For>
                  <td class="small muted nowrap">{row.evaluatedBy ?? '—'}</td>
                  <td class="nowrap"><OpenRowButton row={row} /></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={results.connection()?.pageInfo.hasNextPage && shown() < MAX_PAGE}>
        <div class="list-footer">
          <button type="button" onClick={() => setShown(Math.min(MAX_PAGE, shown() + PAGE * 2))} disabled={results.fetching()} data-testid="more-rows">Show more</button>
          <span class="muted small">{formatInt(rows().length)} of {formatInt(results.connection()?.totalCount)}</span>
        </div>
      </Show>
    </section>
  );
}
