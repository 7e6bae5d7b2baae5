import { A, useSearchParams } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { createMemo, createResource, For, Show, type JSX } from 'solid-js';
import { ReturnsChart } from '../../charts/returns-chart.tsx';
import { chartTheme } from '../../charts/core.ts';
import type { ResultOf } from '../../graphql.ts';
import { downloadText, toCsv } from '../../lib/csv.ts';
import { formatRange } from '../../lib/dates.ts';
import { apiError } from '../../lib/errors.ts';
import { quoteOf } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Loading } from '../../ui/states.tsx';
import { createStrategies } from '../../lib/form-data.ts';
import { bestIndex, METRICS } from '../../lib/metrics.ts';
import { COMPARE_RUNS } from './operations.ts';
import { legsOf, ParamList } from './run-legs.tsx';

type CompareRun = NonNullable<ResultOf<typeof COMPARE_RUNS>['backtest']>;
const MIN_RUNS = 2;
const MAX_RUNS = 6;

/**
 * 2 to 6 runs side by side: one column per run (its name, market and days on top, its parameters
 * folded), every metric a row with the best marked, equity overlaid as % return. The columns share
 * the page's width, so at 1280 px six runs fit; on a phone the table scrolls sideways inside its
 * box with the metric names held in place.
 */
export default function ComparePage(): JSX.Element {
  const [search] = useSearchParams<{ ids?: string }>();
  const client = useClient();
  const strategies = createStrategies();
  const ids = createMemo(() => [...new Set((search.ids ?? '').split(',').filter(Boolean))]);
  const [runs] = createResource(ids, async (list) => {
    const results = await Promise.all(list.map((id) => client.query(COMPARE_RUNS, { id }).toPromise()));
    const failed = results.find((r) => r.error);
    if (failed) throw Object.assign(new Error(failed.error!.message), { api: apiError(failed.error) });
    return results.map((r) => r.data?.backtest).filter((run): run is CompareRun => run != null);
  });
  const colours = () => chartTheme().series;
  const series = createMemo(() =>
    (runs() ?? []).map((run) => ({
      label: run.name,
      points: run.equityCurve.map((p) => ({ x: Date.parse(p.timestamp), y: ((p.equity - run.settings.initialCapital) / run.settings.initialCapital) * 100 })),
    })),
  );
  const exportCsv = (list: readonly CompareRun[]) => {
    const rows = [
      { label: 'Run', values: list.map((run) => run.name) },
      { label: 'Strategy', values: list.map((run) => legsOf(run).map((leg) => leg.strategy).join(' + ')) },
      { label: 'Market', values: list.map((run) => `${run.symbols.join(' ')} ${run.timeframe}`) },
      { label: 'Days (UTC)', values: list.map((run) => formatRange(run.startDate, run.endDate)) },
      ...METRICS.map((metric) => ({ label: metric.label, values: list.map((run) => run.metrics?.[metric.key] ?? null) })),
    ];
    const columns = [{ header: 'Metric', value: (row: (typeof rows)[number]) => row.label }, ...list.map((run, i) => ({ header: run.id, value: (row: (typeof rows)[number]) => row.values[i] }))];
    downloadText('compare.csv', toCsv(rows, columns));
  };
  return (
    <section class="page" data-testid="compare-page">
      <header class="page__header">
        <h1>Compare runs</h1>
        <div class="header-actions">
          <Show when={runs() && runs()!.length > 0}>
            <button type="button" onClick={() => exportCsv(runs()!)} data-testid="export-compare">Export CSV</button>
          </Show>
          <A href="/runs">Choose runs</A>
        </div>
      </header>
      <Show when={ids().length >= MIN_RUNS && ids().length <= MAX_RUNS} fallback={<p class="state">Select {MIN_RUNS} to {MAX_RUNS} runs in the <A href="/runs">runs list</A> to compare them.</p>}>
        <Show when={!runs.error} fallback={<ErrorBox error={(runs.error as { api?: { code: string; message: string } }).api ?? { code: 'ERROR', message: String(runs.error) }} title="Could not load the runs" />}>
          <Show when={runs()} fallback={<Loading what="runs" />}>
            {(list) => (
              <>
                <Show when={list().length < ids().length}><p class="notice">{ids().length - list().length} of the runs no longer exist.</p></Show>
                <div class="table-wrap compare-scroll" data-testid="compare-scroll">
                  <table class="data-table compare-table" style={{ '--runs': String(list().length) }} data-testid="compare-table">
                    <thead>
                      <tr>
                        <th scope="col" class="compare-table__metric">Metric</th>
                        <For each={list()}>
                          {(run, index) => (
                            <th scope="col" data-testid="compare-run" data-run-id={run.id}>
                              <span class="legend-swatch" style={{ background: colours()[index() % colours().length] }} aria-hidden="true" />{' '}
                              <A href={`/runs/${run.id}`}>{run.name}</A>
                              <div class="muted small">{legsOf(run).map((leg) => leg.strategy).join(' + ')}</div>
                              <div class="muted small">{run.symbols.join(', ')} · {run.timeframe}</div>
                              <div class="muted small">{formatRange(run.startDate, run.endDate)}</div>
                              <details class="compare-params">
                                <summary class="small">Parameters</summary>
                                <For each={legsOf(run)}>{(leg) => <ParamList leg={leg} strategies={strategies.strategies()} />}</For>
                              </details>
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={METRICS}>
                        {(metric) => {
                          const values = () => list().map((run) => run.metrics?.[metric.key] ?? null);
                          const best = () => bestIndex(values(), metric.better);
                          return (
                            <tr data-metric={metric.key}>
                              <th scope="row" class="compare-table__metric">{metric.label}</th>
                              <For each={list()}>
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
                <section class="panel">
                  <h2>Equity as % return</h2>
                  <ReturnsChart series={series()} />
                </section>
              </>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
