import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on, Show, type JSX } from 'solid-js';
import { isTerminal } from '../../../../domain/statuses.ts';
import { readableTimes } from '../../lib/dates.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { quoteOf } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createBuyAndHold, createCancelBacktest, createMetricDescriptions, createRunDetail, createRunEquity, createRunExecution, createRunProgress, createTradeMarks } from './data.ts';
import { EquityPanel } from './equity-panel.tsx';
import { GapAdvice } from './gap-advice.tsx';
import { MetricCards } from './metric-cards.tsx';
import { RunReport } from './run-report.tsx';
import { PriceSection, TradeSections } from './run-result-sections.tsx';
import { RunHeader, RunProgressPanel } from './run-status-panels.tsx';

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
            <RunHeader run={r()} status={status()} finished={finished()} cancelling={cancel.running()} onCancel={() => void doCancel()} />
            <ErrorBox error={cancelError()} title="Could not cancel" />

            <RunProgressPanel run={r()} live={live()} status={status()} finished={finished()} equity={currentEquity()} trades={tradesSoFar()} quote={quote()} streamError={progress.error()} />
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

            <EquityPanel
              run={r()}
              points={equity.state().points}
              events={equity.events()}
              liveBatches={equity.state().liveBatches}
              error={equity.error()}
              marks={marks()}
              benchmark={buyAndHold.points()}
              finished={finished()}
              completed={completed()}
              quote={quote()}
            />

            <PriceSection run={r()} status={status()} finished={finished()} completed={completed()} trades={trades.marks()} execution={execution.execution()} />

            <TradeSections run={r()} completed={completed()} quote={quote()} tradesError={trades.error()} fills={execution.fills()} execution={execution.execution()} />

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
