import { Show, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import type { RunDetail, RunExecutionMarks, RunFill, TradeMark } from './data.ts';
import { MonteCarloPanel } from './monte-carlo-panel.tsx';
import { PortfolioPanel } from './portfolio-panel.tsx';
import { PricePanel } from './price-panel.tsx';
import { legsOf } from './run-legs.tsx';
import { SkippedSignals } from './skipped-signals.tsx';
import { TradeTable } from './trade-table.tsx';

/** Price with the run's entries and exits, once the run has ended, and what its execution model did. */
export function PriceSection(props: { run: RunDetail; status: string; finished: boolean; completed: boolean; trades: readonly TradeMark[] | null; execution: RunExecutionMarks | null }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="price-title">
      <h2 id="price-title">Price and trades</h2>
      {/* Drawn once the run has ended: its trades are the point of this chart, and a running job is still reading these candles. */}
      <Show
        when={props.completed}
        fallback={<p class="muted" data-testid="no-price-chart">{props.finished ? `No price chart: the run ${props.status.toLowerCase()} before it traded on its candles.` : "The price chart with the run's entries and exits appears when the run ends."}</p>}
      >
        <PricePanel runId={props.run.id} symbols={props.run.symbols} interval={props.run.timeframe} fromMs={Date.parse(props.run.startDate)} toMs={Date.parse(props.run.endDate)} trades={props.trades} legs={legsOf(props.run).length} execution={props.execution} />
        <ExecutionSummaryLine execution={props.execution} />
      </Show>
    </section>
  );
}

/** A completed run's trades, page by page, its pairs or skipped signals, and its Monte Carlo paths. */
export function TradeSections(props: { run: RunDetail; completed: boolean; quote: string; tradesError: ApiError | null; fills: readonly RunFill[] | null; execution: RunExecutionMarks | null }): JSX.Element {
  return (
    <Show when={props.completed ? props.run.metrics : null}>
      {(metrics) => (
        <>
          <section class="panel" aria-labelledby="trades-title">
            <h2 id="trades-title">Trades</h2>
            <ErrorBox error={props.tradesError} title="Could not load the trade markers" />
            <Show when={metrics().totalTrades > 0} fallback={<p class="muted">No trades.</p>}>
              <TradeTable runId={props.run.id} symbols={props.run.symbols} totalTrades={metrics().totalTrades} quote={props.quote} runName={props.run.name} fills={props.fills} />
            </Show>
          </section>
          <Show
            when={props.run.symbols.length > 1}
            fallback={
              <section class="panel" aria-labelledby="skipped-title">
                <h2 id="skipped-title">Skipped signals</h2>
                <SkippedSignals execution={props.execution} />
              </section>
            }
          >
            <section class="panel" aria-labelledby="portfolio-title" data-testid="portfolio-panel">
              <h2 id="portfolio-title">Portfolio: {props.run.symbols.length} pairs on shared capital</h2>
              <PortfolioPanel runId={props.run.id} completed={() => props.completed} quote={props.quote} execution={props.execution} />
            </section>
          </Show>
          <section class="panel" aria-labelledby="monte-carlo-title">
            <h2 id="monte-carlo-title">Monte Carlo</h2>
            <MonteCarloPanel runId={props.run.id} trades={metrics().totalTrades} />
          </section>
        </>
      )}
    </Show>
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
          {summary().bracketTableAsOf !== null ? ` · Binance leverage brackets of ${summary().bracketTableAsOf}` : ''}
        </p>
      )}
    </Show>
  );
}
