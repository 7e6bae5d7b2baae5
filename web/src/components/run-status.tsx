import { Show, type JSX } from 'solid-js';
import type { ApiError, ProgressState } from '../graphql/data.ts';
import type { BacktestResult } from '../graphql/operations.ts';
import { formatInt, formatMoney } from '../lib/format.ts';
import { ErrorBox } from './error-box.tsx';
import { MetricsTable } from './metrics-table.tsx';
import { ProgressBar } from './progress-bar.tsx';

/** Live state of one run: progress bar and counters while it runs, metrics or the error once it ends. */
export function RunStatus(props: {
  runName: string;
  progress: ProgressState | null;
  result: BacktestResult | null;
  error: ApiError | null;
}): JSX.Element {
  const status = () => props.progress?.status ?? 'PENDING';
  const tone = () => (status() === 'COMPLETED' ? 'done' : status() === 'FAILED' || status() === 'CANCELLED' ? 'failed' : 'running');
  const failure = (): ApiError | null => {
    if (status() !== 'FAILED') return null;
    const result = props.result;
    const message = result?.error ?? props.progress?.message ?? 'The backtest failed';
    return { message, code: result?.errorCode ?? 'RUN_FAILED' };
  };

  return (
    <section class="panel run" data-testid="run-panel" aria-live="polite">
      <header class="run__header">
        <h2>{props.runName}</h2>
        <span class={`status status--${status().toLowerCase()}`} data-testid="run-status">{status()}</span>
      </header>
      <ProgressBar value={props.progress?.progress ?? 0} label="Backtest progress" tone={tone()} />
      <dl class="run__counters">
        <div>
          <dt>Bars</dt>
          <dd data-testid="bars-processed">
            {formatInt(props.progress?.barsProcessed ?? 0)} / {formatInt(props.progress?.totalBars ?? 0)}
          </dd>
        </div>
        <div>
          <dt>Equity</dt>
          <dd data-testid="current-equity">{formatMoney(props.progress?.currentEquity)}</dd>
        </div>
        <div>
          <dt>Trades</dt>
          <dd data-testid="trades-so-far">{formatInt(props.progress?.tradesSoFar ?? 0)}</dd>
        </div>
      </dl>
      <Show when={props.progress?.message && status() !== 'FAILED'}>
        <p class="run__message">{props.progress?.message}</p>
      </Show>
      <ErrorBox error={props.error} title="Lost the progress stream" />
      <ErrorBox error={failure()} title="Backtest failed" />
      <Show when={props.result?.metrics}>{(metrics) => <MetricsTable metrics={metrics()} />}</Show>
    </section>
  );
}
