import { A, useSearchParams } from '@solidjs/router';
import { useClient } from '@urql/solid';
import { createMemo, createResource, Show, type JSX } from 'solid-js';
import { ReturnsChart } from '../../charts/returns-chart.tsx';
import { chartTheme } from '../../charts/core.ts';
import { apiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Loading } from '../../ui/states.tsx';
import { createStrategies } from '../../lib/form-data.ts';
import { COMPARE_RUNS } from './operations.ts';
import { CompareTable, exportCompareCsv, type CompareRun } from './compare-table.tsx';

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
  return (
    <section class="page" data-testid="compare-page">
      <header class="page__header">
        <h1>Compare runs</h1>
        <div class="header-actions">
          <Show when={runs() && runs()!.length > 0}>
            <button type="button" onClick={() => exportCompareCsv(runs()!)} data-testid="export-compare">Export CSV</button>
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

                <CompareTable runs={list()} colours={colours()} strategies={strategies.strategies()} />
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
