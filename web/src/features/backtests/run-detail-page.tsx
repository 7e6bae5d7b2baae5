import { isTerminal } from '../../../../domain/statuses.ts';
import { A, useNavigate, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { EquityChart } from '../../charts/equity-chart.tsx';
import { downloadText, toCsv } from '../../lib/csv.ts';
import { formatRange, readableTimes } from '../../lib/dates.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDuration, formatInt, formatMoney, formatRate, quoteOf } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { ReportDownload } from '../../ui/report-download.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import {
  createBuyAndHold,
  createCancelBacktest,
  createEquityExport,
  createMetricDescriptions,
  createRunBacktest,
  createRunDetail,
  createRunEquity,
  createRunProgress,
  createTradeMarks,
  createRunExecution,
  type RunExecutionMarks,
  type RunDetail,
  type StoredEquityPoint,
} from './data.ts';
import { barsPerSecond, etaMs } from './live-run.ts';
import { MetricCards } from './metric-cards.tsx';
import { MonteCarloPanel } from './monte-carlo-panel.tsx';
import { PricePanel } from './price-panel.tsx';
import { rerunInput, type GapPolicy } from './rerun.ts';
import { describeLegs, legsOf } from './run-legs.tsx';
import { RunReport } from './run-report.tsx';
import { PortfolioPanel } from './portfolio-panel.tsx';
import { SkippedSignals } from './skipped-signals.tsx';
import { TradeTable } from './trade-table.tsx';

/** One run, live while it executes and complete once it ends: the same page either way, reload-proof. */
export default function RunDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const id = () => params.id;
  const detail = createRunDetail(id);
  const progress = createRunProgress(id, { remember: true });
  const equity = createRunEquity(id);
  const help = createMetricDescriptions();
  const cancel = createCancelBacktest();
  const [cancelError, setCancelError] = createSignal<ApiError | null>(null);

  const run = detail.run;
  const status = () => progress.state()?.status ?? run()?.status ?? 'PENDING';
  const finished = () => isTerminal(status());
  const completed = () => status() === 'COMPLETED' && run()?.status === 'COMPLETED';
  const quote = () => quoteOf(run()?.symbols ?? []);

  // The stream says the run ended before the stored record is re-read: fetch metrics and report then.
  createEffect(on(finished, (done, was) => done && was === false && detail.refetch(), { defer: true }));

  // Chart markers need every trade's entry and exit; the table pages through the server instead.
  const trades = createTradeMarks(id, completed);
  const execution = createRunExecution(id, completed);
  createEffect(() => completed() && void trades.load());
  const marks = createMemo(() =>
    (trades.marks() ?? []).map((t) => ({ entryMs: Date.parse(t.entryTime), exitMs: Date.parse(t.exitTime), win: t.profitLoss > 0 })),
  );
  const buyAndHold = createBuyAndHold(id, completed);

  const [renderedAt, setRenderedAt] = createSignal<number | null>(null);
  const onChartRender = () => {
    if (renderedAt() === null && equity.state().points.length > 0) setRenderedAt(Math.round(performance.now()));
  };

  const doCancel = async () => {
    const outcome = await cancel.execute({ id: id() });
    setCancelError(apiError(outcome.error));
  };

  const live = () => progress.state();
  const failure = (): ApiError | null => {
    if (status() !== 'FAILED') return null;
    return { code: run()?.errorCode ?? 'RUN_FAILED', message: readableTimes(run()?.error ?? live()?.message ?? 'The backtest failed') };
  };
  // Until the stream or the record says, a count is unknown ("—"), never 0: a reload mid-run showed 0 trades.
  const lastPoint = () => equity.state().points.at(-1);
  const currentEquity = () => live()?.currentEquity ?? lastPoint()?.equity ?? run()?.metrics?.finalEquity;
  const tradesSoFar = () => live()?.tradesSoFar ?? run()?.metrics?.totalTrades ?? (status() === 'PENDING' ? 0 : null);

  return (
    <QueryState error={detail.error()} hasData={run() !== null} loading={detail.loading()} what="the run" empty={detail.found()} emptyText={<p>Run {id()} does not exist (deleted?). <A href="/runs">All runs</A></p>}>
      <Show when={run()}>
        {(r) => (
          <article class="page" data-testid="run-detail" data-run-id={r().id} data-status={status()} data-progress-events={progress.events()}>
            <header class="page__header">
              <div>
                <h1 data-testid="run-name">{r().name}</h1>
                <p class="muted" data-testid="run-summary">
                  {describeLegs(legsOf(r()))} · {r().symbols.join(', ')} · {r().timeframe} · {formatRange(r().startDate, r().endDate)}
                </p>
              </div>
              <div class="header-actions">
                <StatusBadge status={status()} testId="run-status" />
                <ReportDownload url={r().reportUrl} filename={r().name} />
                <Show when={!finished()}>
                  <button type="button" class="danger" onClick={() => void doCancel()} disabled={cancel.running()} data-testid="cancel-run">Cancel run</button>
                </Show>
              </div>
            </header>
            <ErrorBox error={cancelError()} title="Could not cancel" />

            <section class="panel live-panel" aria-live="polite" aria-label="Progress">
              <ProgressBar value={status() === 'COMPLETED' ? 1 : (live()?.progress ?? r().progress)} label="Backtest progress" tone={status() === 'COMPLETED' ? 'done' : finished() ? 'failed' : 'running'} />
              <dl class="counters">
                <div><dt>Bars</dt><dd data-testid="bars-processed">{formatInt(live()?.barsProcessed ?? r().barsProcessed)} / {formatInt(live()?.totalBars ?? r().totalBars)}</dd></div>
                <div><dt>Rate</dt><dd data-testid="rate">{formatRate(barsPerSecond(live()), 'bars')}</dd></div>
                <div><dt>ETA</dt><dd data-testid="eta">{finished() ? 'done' : formatDuration(etaMs(live()))}</dd></div>
                <div><dt>Equity</dt><dd data-testid="current-equity">{formatMoney(currentEquity(), quote())}</dd></div>
                <div><dt>Trades</dt><dd data-testid="trades-so-far">{formatInt(tradesSoFar())}</dd></div>
              </dl>
              <Show when={live()?.message && !finished()}><p class="muted">{live()?.message}</p></Show>
              <Show when={r().stoppedReason}><p class="notice">Stopped early: {r().stoppedReason}</p></Show>
              <ErrorBox error={progress.error()} title="Lost the live stream" />
            </section>
            <ErrorBox error={failure()} title="Backtest failed" />
            <Show when={status() === 'FAILED' && (r().errorCode === 'DATA_GAPS' || r().errorCode === 'DATA_RANGE')}>
              <GapAdvice run={r()} />
            </Show>

            <Show when={r().metrics}>
              {(metrics) => (
                <section aria-labelledby="metrics-title">
                  <h2 id="metrics-title">Metrics</h2>
                  <MetricCards metrics={metrics()} quote={quote()} help={help()} />
                </section>
              )}
            </Show>

            <section class="panel" aria-labelledby="equity-title" data-testid="equity-panel" data-equity-events={equity.events()} data-live-batches={equity.state().liveBatches} data-points={equity.state().points.length} data-benchmark={buyAndHold.points().length} data-rendered-at={renderedAt() ?? undefined}>
              <div class="panel__header">
                <h2 id="equity-title">Equity and drawdown</h2>
                <Show when={completed()}><EquityExport runId={r().id} runName={r().name} /></Show>
              </div>
              <ErrorBox error={equity.error()} title="Lost the equity stream" />
              <Show when={equity.state().points.length > 0} fallback={<p class="muted">{finished() ? 'No equity points: the run ended before its first bar.' : 'The curve draws itself as the run executes…'}</p>}>
                <EquityChart
                  points={equity.state().points}
                  trades={marks()}
                  benchmark={buyAndHold.points()}
                  span={finished() ? undefined : { fromMs: Date.parse(r().startDate), toMs: Date.parse(r().endDate) }}
                  quote={quote()}
                  onRender={onChartRender}
                />
              </Show>
            </section>

            <section class="panel" aria-labelledby="price-title">
              <h2 id="price-title">Price and trades</h2>
              {/* Drawn once the run has ended: its trades are the point of this chart, and a running job is still reading these candles. */}
              <Show
                when={completed()}
                fallback={<p class="muted" data-testid="no-price-chart">{finished() ? `No price chart: the run ${status().toLowerCase()} before it traded on its candles.` : "The price chart with the run's entries and exits appears when the run ends."}</p>}
              >
                <PricePanel runId={r().id} symbols={r().symbols} interval={r().timeframe} fromMs={Date.parse(r().startDate)} toMs={Date.parse(r().endDate)} trades={trades.marks()} legs={legsOf(r()).length} execution={execution.execution()} />
                <ExecutionSummaryLine execution={execution.execution()} />
              </Show>
            </section>

            <Show when={completed() && r().metrics}>
              {(metrics) => (
                <>
                  <section class="panel" aria-labelledby="trades-title">
                    <h2 id="trades-title">Trades</h2>
                    <ErrorBox error={trades.error()} title="Could not load the trade markers" />
                    <Show when={metrics().totalTrades > 0} fallback={<p class="muted">No trades.</p>}>
                      <TradeTable runId={r().id} symbols={r().symbols} totalTrades={metrics().totalTrades} quote={quote()} runName={r().name} fills={execution.fills()} />
                    </Show>
                  </section>
                  <Show
                    when={r().symbols.length > 1}
                    fallback={
                      <section class="panel" aria-labelledby="skipped-title">
                        <h2 id="skipped-title">Skipped signals</h2>
                        <SkippedSignals execution={execution.execution()} />
                      </section>
                    }
                  >
                    <section class="panel" aria-labelledby="portfolio-title" data-testid="portfolio-panel">
                      <h2 id="portfolio-title">Portfolio: {r().symbols.length} pairs on shared capital</h2>
                      <PortfolioPanel runId={r().id} completed={completed} quote={quote()} execution={execution.execution()} />
                    </section>
                  </Show>
                  <section class="panel" aria-labelledby="monte-carlo-title">
                    <h2 id="monte-carlo-title">Monte Carlo</h2>
                    <MonteCarloPanel runId={r().id} trades={metrics().totalTrades} />
                  </section>
                </>
              )}
            </Show>

            <section class="panel" aria-labelledby="report-title">
              <h2 id="report-title">Settings and data</h2>
              <RunReport run={r()} />
            </section>
          </article>
        )}
      </Show>
    </QueryState>
  );
}

/** A run refused for missing candles: the two policies that run it anyway, one click each (the same request otherwise). */
function GapAdvice(props: { run: RunDetail }): JSX.Element {
  const navigate = useNavigate();
  const submit = createRunBacktest();
  const [error, setError] = createSignal<ApiError | null>(null);
  const rerun = async (policy: GapPolicy) => {
    const outcome = await submit.execute({ input: rerunInput(props.run, policy) });
    if (outcome.error) setError(apiError(outcome.error));
    else navigate(`/runs/${outcome.data.runBacktest.id}`);
  };
  const choices: Array<{ policy: GapPolicy; label: string; what: string }> = [
    { policy: 'SKIP', label: 'Run again, skipping what is missing', what: 'trades straight through gaps (indicators see the bars on either side as neighbours) and runs on the covered part of the range' },
    { policy: 'FILL', label: 'Run again, filling the gaps', what: 'inserts flat candles at the previous close with no volume, and runs on the covered part of the range' },
  ];
  return (
    <section class="notice" data-testid="gap-advice">
      <p>
        <strong>{props.run.errorCode === 'DATA_RANGE' ? 'The stored candles do not cover the whole range' : 'Missing candles stopped this run'}</strong> (its policy for missing
        candles is “fail”). What is stored is on the <A href={`/market-data/${encodeURIComponent(props.run.symbols[0])}/${props.run.timeframe}`}>market page</A>; downloading or
        importing the candles fixes it, or:
      </p>
      <ul class="plain-list">
        <For each={choices}>
          {(choice) => (
            <li>
              <button type="button" class="small-button" disabled={submit.running()} onClick={() => void rerun(choice.policy)} data-testid={`rerun-${choice.policy}`}>{choice.label}</button>{' '}
              <span class="muted small">{choice.what}</span>
            </li>
          )}
        </For>
      </ul>
      <ErrorBox error={error()} title="The run was not started" />
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

/** One line on what the execution model did: ambiguous exits and their rule, cancelled orders, funding, liquidations. */
function ExecutionSummaryLine(props: { execution: RunExecutionMarks | null }): JSX.Element {
  return (
    <Show when={props.execution?.summary}>
      {(summary) => (
        <p class="muted small" data-testid="execution-summary" data-liquidations={summary().liquidations} data-ambiguous={summary().ambiguousExits}>
          {`${summary().ambiguousExits} ambiguous exits (${summary().ambiguityRule})`}
          {summary().barsWithDetail + summary().barsWithoutDetail > 0 ? ` · detail resolved ${summary().barsWithDetail} bars, missing for ${summary().barsWithoutDetail}` : ''}
          {` · ${summary().cancelledOrders} cancelled orders · ${summary().liquidations} liquidations`}
          {summary().fundingTotal !== 0 ? ` · funding ${summary().fundingTotal > 0 ? 'received' : 'paid'} ${Math.abs(summary().fundingTotal).toFixed(2)}` : ''}
          {summary().lowestMarginLevel !== null ? ` · lowest margin level ${summary().lowestMarginLevel!.toFixed(2)} (1 = liquidation)` : ''}
        </p>
      )}
    </Show>
  );
}
