import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { connectionLostAt } from '../../lib/client.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatDuration, formatInt, formatNumber, formatPercent, formatRate } from '../../lib/format.ts';
import type { ParamValue } from '../../lib/values.ts';
import { describeChange } from '../../lib/recommendation-values.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { ReportDownload } from '../../ui/report-download.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { createSweepRecommendations, Sweep, SweepProgress } from './data.ts';
import { evaluationCount } from './evaluations.ts';
import { sweptParams } from './row-metrics.ts';
import { objectiveLabel } from './search-form.ts';

/** The sweep's name, market, status, report, and Cancel while it runs. */
export function SweepHeader(props: { sweep: Sweep; status: string; finished: boolean; cancelling: boolean; onCancel: () => void }): JSX.Element {
  return (
    <header class="page__header">
      <div>
        <h1>{props.sweep.name}</h1>
        <p class="muted">{props.sweep.strategyTitle} · {props.sweep.symbols.join(', ')} · {props.sweep.timeframe} · {formatRange(props.sweep.startDate, props.sweep.endDate)}</p>
      </div>
      <div class="header-actions">
        <StatusBadge status={props.status} testId="sweep-status" />
        <ReportDownload url={props.sweep.reportUrl} filename={props.sweep.name} />
        <Show when={!props.finished}>
          <button type="button" class="danger" disabled={props.cancelling} onClick={() => props.onCancel()}>Cancel sweep</button>
        </Show>
      </div>
    </header>
  );
}

/** Progress, rate, stage and best so far (live from the stream, else from the record), the setup, and the recommendations drawn. */
export function SweepProgressPanel(props: {
  sweep: Sweep;
  live: SweepProgress | null;
  status: string;
  finished: boolean;
  settled: { score: number | null; params: readonly ParamValue[] } | null;
  swept: readonly string[];
  recommendations: ReturnType<ReturnType<typeof createSweepRecommendations>['state']>;
}): JSX.Element {
  return (
    <section class="panel live-panel" aria-live="polite">
      <ProgressBar value={props.status === 'COMPLETED' ? 1 : (props.live?.progress ?? props.sweep.progress)} label="Sweep progress" tone={props.status === 'COMPLETED' ? 'done' : props.finished ? 'failed' : 'running'} testId="sweep-progress" />
      <dl class="counters">
        <div title="Until the sweep completes the total is the plan, an upper bound: a set chosen twice for a test is tested once">
          <dt>Evaluations</dt>
          <dd data-testid="sweep-evaluations">{evaluationCount(props.live?.completedEvaluations ?? props.sweep.completedEvaluations, props.live?.totalEvaluations ?? props.sweep.totalEvaluations, props.status)}</dd>
        </div>
        <div><dt>Grid</dt><dd>{formatInt(props.sweep.totalCombinations)} combinations, {formatInt(props.sweep.skippedByConstraint)} skipped by constraints</dd></div>
        <div><dt>Rate</dt><dd data-testid="sweep-rate">{formatRate(props.live?.evaluationsPerSecond, 'evaluations')}</dd></div>
        <div><dt>ETA</dt><dd>{props.finished ? 'done' : formatDuration(props.live?.etaSeconds != null ? props.live!.etaSeconds! * 1000 : null)}</dd></div>
        <div><dt>Stage</dt><dd data-testid="sweep-stage">{props.finished ? '—' : connectionLostAt() !== null ? 'connection lost (reconnecting)' : (props.live?.stage ?? 'waiting for a worker')}</dd></div>
        <div><dt>Best so far</dt><dd data-testid="best-so-far">{formatNumber(props.live?.bestScore ?? props.settled?.score)} <span class="muted small">{sweptParams(props.live?.bestParams ?? props.settled?.params, props.swept)}</span></dd></div>
      </dl>
      <SweepSetup sweep={props.sweep} />
      <Show when={props.status === 'FAILED'}><ErrorBox error={{ code: props.sweep.errorCode ?? 'FAILED', message: props.sweep.error ?? 'The sweep failed' }} title="Sweep failed" /></Show>
      <Show when={props.recommendations.length > 0}>
        <div class="notice" data-testid="sweep-recommendations">
          <strong>Recommendations drawn from this sweep</strong>
          <ul class="plain-list">
            <For each={props.recommendations}>
              {(rec) => (
                <li data-testid="sweep-recommendation" data-status={rec.status}>
                  <A href={`/recommendations/${rec.id}`}>{rec.type.toLowerCase()}: {describeChange(rec)}</A> <StatusBadge status={rec.status} />
                  <Show when={rec.rejectionReason}><span class="muted small"> {rec.rejectionReason}</span></Show>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </section>
  );
}

export function objectiveText(sweep: Pick<Sweep, 'objective'>): string {
  const { name, weights } = sweep.objective;
  if (name !== 'CUSTOM') return `the ${objectiveLabel(name)} objective`;
  return `a custom objective (${weights.map((w) => `${w.weight} × ${objectiveLabel(w.metric)}`).join(' + ')})`;
}

/** How the sweep searches and validates, as set when it was started. */
function SweepSetup(props: { sweep: Sweep }): JSX.Element {
  const s = () => props.sweep;
  const validation = () => {
    const v = s().validation;
    if (!v || (!v.holdoutFraction && !v.walkForward)) return 'none (in sample only: no recommendation is drawn)';
    if (v.holdoutFraction) return `hold-out: the last ${formatPercent(v.holdoutFraction * 100)} of the range`;
    return `walk-forward: ${v.walkForward!.windows} ${v.walkForward!.mode.toLowerCase()} windows, ${formatPercent(v.walkForward!.inSampleFraction * 100)} in sample`;
  };
  return (
    <dl class="counters" data-testid="sweep-setup">
      <div><dt>Objective</dt><dd>{objectiveText(s())}</dd></div>
      <div><dt>Search</dt><dd>{s().search.method.toLowerCase()}{s().search.budget ? `, budget ${formatInt(s().search.budget)}` : ''}{s().search.seed != null ? `, seed ${s().search.seed}` : ''}</dd></div>
      <div><dt>Minimum trades</dt><dd>{formatInt(s().minTrades)}</dd></div>
      <div><dt>Validation</dt><dd data-testid="sweep-validation">{validation()}</dd></div>
    </dl>
  );
}

