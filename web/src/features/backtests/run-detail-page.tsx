import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, Show, type JSX } from 'solid-js';
import { EquityChart } from '../../charts/equity-chart.tsx';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDuration, formatInt, formatMoney, formatRate, quoteOf } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createCancelBacktest, createMetricDescriptions, createRunDetail, createRunEquity, createRunProgress, createTradeMarks } from './data.ts';
import { barsPerSecond, etaMs, isTerminal } from './live-run.ts';
import { MetricCards } from './metric-cards.tsx';
import { MonteCarloPanel } from './monte-carlo-panel.tsx';
import { PricePanel } from './price-panel.tsx';
import { RunReport } from './run-report.tsx';
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
  createEffect(() => completed() && void trades.load());
  const marks = createMemo(() =>
    (trades.marks() ?? []).map((t) => ({ entryMs: Date.parse(t.entryTime), exitMs: Date.parse(t.exitTime), win: t.profitLoss > 0 })),
  );

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
    return { code: run()?.errorCode ?? 'RUN_FAILED', message: run()?.error ?? live()?.message ?? 'The backtest failed' };
  };

  return (
    <QueryState error={detail.error()} loading={detail.loading()} what="the run" empty={detail.found()} emptyText={<p>Run {id()} does not exist (deleted?). <A href="/runs">All runs</A></p>}>
      <Show when={run()}>
        {(r) => (
          <article class="page" data-testid="run-detail" data-status={status()} data-progress-events={progress.events()}>
            <header class="page__header">
              <div>
                <h1 data-testid="run-name">{r().name}</h1>
                <p class="muted">
                  {r().strategy} · {r().symbols.join(', ')} · {r().timeframe}
                </p>
              </div>
              <div class="header-actions">
                <StatusBadge status={status()} testId="run-status" />
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
                <div><dt>Equity</dt><dd>{formatMoney(live()?.currentEquity ?? r().metrics?.finalEquity, quote())}</dd></div>
                <div><dt>Trades</dt><dd data-testid="trades-so-far">{formatInt(live()?.tradesSoFar ?? r().metrics?.totalTrades ?? 0)}</dd></div>
              </dl>
              <Show when={live()?.message && !finished()}><p class="muted">{live()?.message}</p></Show>
              <Show when={r().stoppedReason}><p class="notice">Stopped early: {r().stoppedReason}</p></Show>
              <ErrorBox error={progress.error()} title="Lost the live stream" />
            </section>
            <ErrorBox error={failure()} title="Backtest failed" />

            <Show when={r().metrics}>
              {(metrics) => (
                <section aria-labelledby="metrics-title">
                  <h2 id="metrics-title">Metrics</h2>
                  <MetricCards metrics={metrics()} quote={quote()} help={help()} />
                </section>
              )}
            </Show>

            <section class="panel" aria-labelledby="equity-title" data-testid="equity-panel" data-equity-events={equity.events()} data-live-batches={equity.state().liveBatches} data-points={equity.state().points.length} data-rendered-at={renderedAt() ?? undefined}>
              <h2 id="equity-title">Equity and drawdown</h2>
              <ErrorBox error={equity.error()} title="Lost the equity stream" />
              <Show when={equity.state().points.length > 0} fallback={<p class="muted">{finished() ? 'No equity points were stored.' : 'The curve draws itself as the run executes…'}</p>}>
                <EquityChart points={equity.state().points} trades={marks()} quote={quote()} onRender={onChartRender} />
              </Show>
            </section>

            <section class="panel" aria-labelledby="price-title">
              <h2 id="price-title">Price and trades</h2>
              {/* Drawn once the run has ended: its trades are the point of this chart, and a running job is still reading these candles. */}
              <Show when={finished()} fallback={<p class="muted">The price chart with the run's entries and exits appears when the run ends.</p>}>
                <PricePanel symbols={r().symbols} interval={r().timeframe} fromMs={Date.parse(r().startDate)} toMs={Date.parse(r().endDate)} trades={trades.marks()} />
              </Show>
            </section>

            <Show when={completed() && r().metrics}>
              {(metrics) => (
                <>
                  <section class="panel" aria-labelledby="trades-title">
                    <h2 id="trades-title">Trades</h2>
                    <ErrorBox error={trades.error()} title="Could not load the trade markers" />
                    <Show when={metrics().totalTrades > 0} fallback={<p class="muted">No trades.</p>}>
                      <TradeTable runId={r().id} symbols={r().symbols} totalTrades={metrics().totalTrades} quote={quote()} runName={r().name} />
                    </Show>
                  </section>
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
