import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatInt } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createCoverage, createLoadSample } from './data.ts';
import { FetchPanel } from './fetch-panel.tsx';
import { GapTimeline } from './gap-timeline.tsx';
import { ImportPanel } from './import-panel.tsx';

/** What candles are stored, where they have holes, and the ways to get more. */
export default function MarketDataPage(): JSX.Element {
  const coverage = createCoverage();
  const sample = createLoadSample();
  const [sampleError, setSampleError] = createSignal<ApiError | null>(null);
  const [sampleNote, setSampleNote] = createSignal<string | null>(null);
  const loadSample = async () => {
    setSampleNote(null);
    const outcome = await sample.execute({});
    setSampleError(apiError(outcome.error));
    const result = outcome.data?.loadSampleData;
    if (result) {
      const what = `${result.symbols.join(', ')} ${result.intervals.join(', ')} (the whole of 2025; longer timeframes are built from it)`;
      setSampleNote(result.seeded ? `Loaded ${formatInt(result.candlesInserted)} candles of ${what}.` : `The sample is already stored: ${what}. Nothing was added.`);
    }
    coverage.refetch();
  };
  return (
    <section class="page" data-testid="market-data-page">
      <header class="page__header">
        <h1>Market data</h1>
        <button type="button" onClick={() => void loadSample()} disabled={sample.running()} data-testid="load-sample">
          {sample.running() ? 'Loading…' : 'Load synthetic sample'}
        </button>
      </header>
      <ErrorBox error={sampleError()} title="Could not load the sample" />
      <Show when={sampleNote()}><p class="notice" role="status" data-testid="sample-note">{sampleNote()}</p></Show>
      <QueryState error={coverage.error()} loading={coverage.loading()} what="stored markets" empty={coverage.rows().length === 0} emptyText={<p>No candles stored yet: download history, import a file, or load the synthetic sample.</p>}>
        <div class="table-wrap">
          <table class="data-table coverage-table" data-testid="coverage-table">
            <thead>
              <tr><th>Market</th><th>First (UTC)</th><th>Last (UTC)</th><th class="num">Candles</th><th class="num">Missing</th><th class="timeline-col">Gaps over time</th></tr>
            </thead>
            <tbody>
              <For each={coverage.rows()}>
                {(row) => (
                  <tr data-testid="coverage-row" data-market={`${row.symbol}-${row.interval}`}>
                    <td>
                      <A href={`/market-data/${encodeURIComponent(row.symbol)}/${row.interval}`}>{row.symbol} {row.interval}</A>
                      <Show when={row.synthetic}><span class="badge">synthetic</span></Show>
                    </td>
                    <td class="small nowrap">{formatDateTime(row.first)}</td>
                    <td class="small nowrap">{formatDateTime(row.last)}</td>
                    <td class="num">{formatInt(row.count)}</td>
                    <td class={`num ${row.missingCandles > 0 ? 'loss' : ''}`} data-testid="missing-candles">{formatInt(row.missingCandles)}</td>
                    <td class="timeline-col"><GapTimeline first={row.first} last={row.last} gaps={row.gaps} label={`${row.symbol} ${row.interval}`} /></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </QueryState>
      <div class="two-columns">
        <FetchPanel onDone={coverage.refetch} />
        <ImportPanel onImported={coverage.refetch} />
      </div>
    </section>
  );
}
