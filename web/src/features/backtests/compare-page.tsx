import { A, useSearchParams } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { createMemo, createResource, For, Show, type JSX } from 'solid-js';
import { ReturnsChart } from '../../charts/returns-chart.tsx';
import type { ResultOf } from '../../graphql.ts';
import { apiError } from '../../lib/errors.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatParams, quoteOf } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Loading } from '../../ui/states.tsx';
import { bestIndex, METRICS } from './metrics.ts';
import { COMPARE_RUNS } from './operations.ts';

type CompareRun = NonNullable<ResultOf<typeof COMPARE_RUNS>['backtest']>;
const MIN_RUNS = 2;
const MAX_RUNS = 6;

/** 2 to 6 runs side by side: every metric with the best of each row marked, equity overlaid as % return. */
export default function ComparePage(): JSX.Element {
  const [search] = useSearchParams<{ ids?: string }>();
  const client = useClient();
  const ids = createMemo(() => [...new Set((search.ids ?? '').split(',').filter(Boolean))]);
  const [runs] = createResource(ids, async (list) => {
    const results = await Promise.all(list.map((id) => client.query(COMPARE_RUNS, { id }).toPromise()));
    const failed = results.find((r) => r.error);
    if (failed) throw Object.assign(new Error(failed.error!.message), { api: apiError(failed.error) });
    return results.map((r) => r.data?.backtest).filter((run): run is CompareRun => run != null);
  });
  const series = createMemo(() =>
    (runs() ?? []).map((run) => ({
      label: run.name,
      points: run.equityCurve.map((p) => ({ x: Date.parse(p.timestamp), y: ((p.equity - run.settings.initialCapital) / run.settings.initialCapital) * 100 })),
    })),
  );
  return (
    <section class="page" data-testid="compare-page">
      <header class="page__header">
        <h1>Compare runs</h1>
        <A href="/runs">Choose runs</A>
      </header>
      <Show when={ids().length >= MIN_RUNS && ids().length <= MAX_RUNS} fallback={<p class="state">Select {MIN_RUNS} to {MAX_RUNS} runs in the <A href="/runs">runs list</A> to compare them.</p>}>
        <Show when={!runs.error} fallback={<ErrorBox error={(runs.error as { api?: { code: string; message: string } }).api ?? { code: 'ERROR', message: String(runs.error) }} title="Could not load the runs" />}>
          <Show when={runs()} fallback={<Loading what="runs" />}>
            {(list) => (
              <>
                <Show when={list().length < ids().length}><p class="notice">{ids().length - list().length} of the runs no longer exist.</p></Show>
                <div class="table-wrap">
                  <table class="data-table compare-table" data-testid="compare-table">
                    <thead>
                      <tr>
                        <th scope="col">Metric</th>
                        <For each={list()}>
                          {(run) => (
                            <th scope="col">
                              <A href={`/runs/${run.id}`}>{run.name}</A>
                              <div class="muted small">{run.strategy} · {run.symbols.join(', ')} {run.timeframe} · {formatRange(run.startDate, run.endDate)}</div>
                              <div class="muted small">{formatParams(run.strategyParams)}</div>
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={METRICS}>
                        {(metric) => {
                          const values = () => list().map((run) => (run.metrics?.[metric.key] ?? null) as number | null);
                          const best = () => bestIndex(values(), metric.better);
                          return (
                            <tr>
                              <th scope="row">{metric.label}</th>
                              <For each={list()}>
                                {(run, index) => (
                                  <td class={`num${best() === index() ? ' best' : ''}`} data-best={best() === index() ? 'true' : undefined}>
                                    {run.metrics ? metric.format(values()[index()], quoteOf(run.symbols)) : run.status}
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
