import { createSignal, Show, type JSX } from 'solid-js';
import { EquityChart } from '../../charts/equity-chart.tsx';
import { downloadText, toCsv } from '../../lib/csv.ts';
import type { ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createEquityExport, type RunDetail, type StoredEquityPoint } from './data.ts';
import type { EquityState } from './live-run.ts';

type ChartProps = Parameters<typeof EquityChart>[0];

/** The equity and drawdown chart: drawn live while the run executes, with its trades and buy-and-hold once it ends. */
export function EquityPanel(props: {
  run: RunDetail;
  points: EquityState['points'];
  events: number;
  liveBatches: number;
  error: ApiError | null;
  marks: ChartProps['trades'];
  benchmark: NonNullable<ChartProps['benchmark']>;
  finished: boolean;
  completed: boolean;
  quote: string;
}): JSX.Element {
  // When the first points were drawn: what the tests read to see the curve appear while the run executes.
  const [renderedAt, setRenderedAt] = createSignal<number | null>(null);
  const onChartRender = () => {
    if (renderedAt() === null && props.points.length > 0) setRenderedAt(Math.round(performance.now()));
  };
  return (
    <section class="panel" aria-labelledby="equity-title" data-testid="equity-panel" data-equity-events={props.events} data-live-batches={props.liveBatches} data-points={props.points.length} data-benchmark={props.benchmark.length} data-rendered-at={renderedAt() ?? undefined}>
      <div class="panel__header">
        <h2 id="equity-title">Equity and drawdown</h2>
        <Show when={props.completed}><EquityExport runId={props.run.id} runName={props.run.name} /></Show>
      </div>
      <ErrorBox error={props.error} title="Lost the equity stream" />
      <Show when={props.points.length > 0} fallback={<p class="muted">{props.finished ? 'No equity points: the run ended before its first bar.' : 'The curve draws itself as the run executes…'}</p>}>
        <EquityChart
          points={props.points}
          trades={props.marks}
          benchmark={props.benchmark}
          span={props.finished ? undefined : { fromMs: Date.parse(props.run.startDate), toMs: Date.parse(props.run.endDate) }}
          quote={props.quote}
          onRender={onChartRender}
        />
      </Show>
    </section>
  );
}

/** The stored equity curve as CSV (2,000 points at most: the per-bar curve is not kept). */
function EquityExport(props: { runId: string; runName: string }): JSX.Element {
  const load = createEquityExport();
  const [error, setError] = createSignal<ApiError | null>(null);
  const columns: ReadonlyArray<{ header: string; value: (p: StoredEquityPoint) => string | number }> = [
    { header: 'timestamp', value: (p) => p.timestamp },
    { header: 'equity', value: (p) => p.equity },
    { header: 'cash', value: (p) => p.cash },
    { header: 'drawdownPct', value: (p) => p.drawdown },
    { header: 'openPositions', value: (p) => p.openPositions },
    { header: 'tradesClosed', value: (p) => p.totalTrades },
  ];
  const exportCsv = async () => {
    setError(null);
    const outcome = await load(props.runId, 2000);
    if ('error' in outcome) setError(outcome.error);
    else downloadText(`${props.runName.replace(/[^\w.-]+/g, '_')}-equity.csv`, toCsv(outcome.points, columns));
  };
  return (
    <>
      <button type="button" class="small-button" onClick={() => void exportCsv()} data-testid="export-equity">Export curve (CSV)</button>
      <ErrorBox error={error()} title="Could not export the curve" />
    </>
  );
}
