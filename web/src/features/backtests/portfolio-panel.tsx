import { For, type Accessor, type JSX } from 'solid-js';
import { formatDuration, formatInt, formatPercent, formatPnl, formatRatio } from '../../lib/format.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import type { RunExecutionMarks } from './data.ts';
import { RUN_PER_PAIR } from './operations.ts';
import { SkippedSignals } from './skipped-signals.tsx';

/** A run over several pairs on shared capital: the per-pair table (it adds up to the run) and the entry signals that found no slot. */
export function PortfolioPanel(props: { runId: string; completed: Accessor<boolean>; quote: string; execution: RunExecutionMarks | null }): JSX.Element {
  const perPair = createGraphQLQuery(RUN_PER_PAIR, () => (props.completed() ? { id: props.runId } : null));
  const rows = () => perPair.data()?.backtest?.report?.perPair ?? [];
  return (
    <>
      <ErrorBox error={perPair.error()} title="Could not load the per-pair table" />
      <div class="table-wrap">
        <table class="data-table compact" data-testid="per-pair-table">
          <thead>
            <tr>
              <th>Pair</th><th class="num">Trades</th><th class="num">Win rate</th><th class="num">P/L</th><th class="num">Share of P/L</th>
              <th class="num">Fees</th><th class="num">Profit factor</th><th class="num">Mean duration</th><th class="num">Best</th><th class="num">Worst</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr data-testid="per-pair-row" data-symbol={r.symbol}>
                  <td>{r.symbol}</td>
                  <td class="num">{formatInt(r.trades)}</td>
                  <td class="num">{formatPercent(r.winRate)}</td>
                  <td class={`num ${r.profitLoss < 0 ? 'loss' : r.profitLoss > 0 ? 'gain' : ''}`}>{formatPnl(r.profitLoss, props.quote)}</td>
                  <td class="num">{formatPercent(r.profitLossShare)}</td>
                  <td class="num">{formatPnl(-r.fees)}</td>
                  <td class="num">{formatRatio(r.profitFactor)}</td>
                  <td class="num">{formatDuration(r.avgDurationMs)}</td>
                  <td class="num">{formatPnl(r.bestTrade)}</td>
                  <td class="num">{formatPnl(r.worstTrade)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <h3>Skipped signals</h3>
      <SkippedSignals execution={props.execution} />
    </>
  );
}
