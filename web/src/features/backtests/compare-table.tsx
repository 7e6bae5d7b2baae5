import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import type { ResultOf } from '../../graphql.ts';
import { downloadText, toCsv } from '../../lib/csv.ts';
import { formatRange } from '../../lib/dates.ts';
import { quoteOf } from '../../lib/format.ts';
import { bestIndex, METRICS } from '../../lib/metrics.ts';
import type { Strategy } from '../../lib/operations.ts';
import type { COMPARE_RUNS } from './operations.ts';
import { legsOf, ParamList } from './run-legs.tsx';

export type CompareRun = NonNullable<ResultOf<typeof COMPARE_RUNS>['backtest']>;

/** One column per run (name, market, days, parameters folded), one row per metric with the best marked. */
export function CompareTable(props: { runs: readonly CompareRun[]; colours: readonly string[]; strategies: readonly Strategy[] }): JSX.Element {
  return (
    <div class="table-wrap compare-scroll" data-testid="compare-scroll">
      <table class="data-table compare-table" style={{ '--runs': String(props.runs.length) }} data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col" class="compare-table__metric">Metric</th>
            <For each={props.runs}>
              {(run, index) => (
                <th scope="col" data-testid="compare-run" data-run-id={run.id}>
                  <span class="legend-swatch" style={{ background: props.colours[index() % props.colours.length] }} aria-hidden="true" />{' '}
                  <A href={`/runs/${run.id}`}>{run.name}</A>
                  <div class="muted small">{legsOf(run).map((leg) => leg.strategyTitle).join(' + ')}</div>
                  <div class="muted small">{run.symbols.join(', ')} · {run.timeframe}</div>
                  <div class="muted small">{formatRange(run.startDate, run.endDate)}</div>
                  <details class="compare-params">
                    <summary class="small">Parameters</summary>
                    <For each={legsOf(run)}>{(leg) => <ParamList leg={leg} strategies={props.strategies} />}</For>
                  </details>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={METRICS}>
            {(metric) => {
              const values = () => props.runs.map((run) => run.metrics?.[metric.key] ?? null);
              const best = () => bestIndex(values(), metric.better);
              return (
                <tr data-metric={metric.key}>
                  <th scope="row" class="compare-table__metric">{metric.label}</th>
                  <For each={props.runs}>
                    {(run, index) => (
                      <td class={`num${best() === index() ? ' best' : ''}`} data-best={best() === index() ? 'true' : undefined} data-testid={`compare-${metric.key}`} data-value={values()[index()] ?? ''}>
                        {run.metrics ? metric.format(values()[index()], quoteOf(run.symbols)) : run.status.toLowerCase()}
                        <Show when={best() === index()}><span class="visually-hidden"> (best)</span></Show>
                      </td>
                    )}
                  </For>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** The comparison as CSV: a row per fact and metric, a column per run. */
export function exportCompareCsv(list: readonly CompareRun[]): void {
  const rows = [
    { label: 'Run', values: list.map((run) => run.name) },
    { label: 'Strategy', values: list.map((run) => legsOf(run).map((leg) => leg.strategyTitle).join(' + ')) },
    { label: 'Market', values: list.map((run) => `${run.symbols.join(' ')} ${run.timeframe}`) },
    { label: 'Days (UTC)', values: list.map((run) => formatRange(run.startDate, run.endDate)) },
    ...METRICS.map((metric) => ({ label: metric.label, values: list.map((run) => run.metrics?.[metric.key] ?? null) })),
  ];
  const columns = [{ header: 'Metric', value: (row: (typeof rows)[number]) => row.label }, ...list.map((run, i) => ({ header: run.id, value: (row: (typeof rows)[number]) => row.values[i] }))];
  downloadText('compare.csv', toCsv(rows, columns));
}
