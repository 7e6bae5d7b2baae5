import { Show, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatDuration, formatInt, formatMoney, formatRate } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { ReportDownload } from '../../ui/report-download.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { RunDetail } from './data.ts';
import { barsPerSecond, etaMs, type ProgressState } from './live-run.ts';
import { describeLegs, legsOf } from './run-legs.tsx';

/** The run's name, what it trades, its status, its report, and Cancel while it runs. */
export function RunHeader(props: { run: RunDetail; status: string; finished: boolean; cancelling: boolean; onCancel: () => void }): JSX.Element {
  return (
    <header class="page__header">
      <div>
        <h1 data-testid="run-name">{props.run.name}</h1>
        <p class="muted" data-testid="run-summary">
          {describeLegs(legsOf(props.run))} · {props.run.symbols.join(', ')} · {props.run.timeframe} · {formatRange(props.run.startDate, props.run.endDate)}
        </p>
      </div>
      <div class="header-actions">
        <StatusBadge status={props.status} testId="run-status" />
        <ReportDownload url={props.run.reportUrl} filename={props.run.name} />
        <Show when={!props.finished}>
          <button type="button" class="danger" onClick={() => props.onCancel()} disabled={props.cancelling} data-testid="cancel-run">Cancel run</button>
        </Show>
      </div>
    </header>
  );
}

/** Progress, rate, time left, equity and trades so far: live from the stream, else from the record. */
export function RunProgressPanel(props: {
  run: RunDetail;
  live: ProgressState | null;
  status: string;
  finished: boolean;
  /** Unknown (null) until the stream or the record says, never 0. */
  equity: number | null | undefined;
  trades: number | null | undefined;
  quote: string;
  streamError: ApiError | null;
}): JSX.Element {
  return (
    <section class="panel live-panel" aria-live="polite" aria-label="Progress">
      <ProgressBar value={props.status === 'COMPLETED' ? 1 : (props.live?.progress ?? props.run.progress)} label="Backtest progress" tone={props.status === 'COMPLETED' ? 'done' : props.finished ? 'failed' : 'running'} />
      <dl class="counters">
        <div><dt>Bars</dt><dd data-testid="bars-processed">{formatInt(props.live?.barsProcessed ?? props.run.barsProcessed)} / {formatInt(props.live?.totalBars ?? props.run.totalBars)}</dd></div>
        <div><dt>Rate</dt><dd data-testid="rate">{formatRate(barsPerSecond(props.live), 'bars')}</dd></div>
        <div><dt>ETA</dt><dd data-testid="eta">{props.finished ? 'done' : formatDuration(etaMs(props.live))}</dd></div>
        <div><dt>Equity</dt><dd data-testid="current-equity">{formatMoney(props.equity, props.quote)}</dd></div>
        <div><dt>Trades</dt><dd data-testid="trades-so-far">{formatInt(props.trades)}</dd></div>
      </dl>
      <Show when={props.live?.message && !props.finished}><p class="muted">{props.live?.message}</p></Show>
      <Show when={props.run.stoppedReason}><p class="notice">Stopped early: {props.run.stoppedReason}</p></Show>
      <ErrorBox error={props.streamError} title="Lost the live stream" />
    </section>
  );
}
