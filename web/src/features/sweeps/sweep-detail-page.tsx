import { paramRecord } from '../../lib/values.ts';
import { isTerminal } from '../../../../domain/statuses.ts';
import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { connectionLostAt } from '../../lib/client.ts';
import { formatRange } from '../../lib/dates.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDuration, formatInt, formatNumber, formatPercent, formatRate } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { describeChange } from '../../lib/recommendation-values.ts';
import { createCancelSweep, createSweepRecommendations, createSweep, createSweepHoldout, createSweepProgress, createSweepWalkForward, type Sweep } from './data.ts';
import { HeatmapPanel } from './heatmap-panel.tsx';
import { HoldoutPanel } from './holdout-panel.tsx';
import { OverfittingPanel } from './overfitting-panel.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { RobustnessPanel } from './robustness-panel.tsx';
import { placeKey, placeLabel, placesOf, sweptParams, type Place } from './row-metrics.ts';
import { objectiveLabel } from './search-form.ts';
import { SensitivityPanel } from './sensitivity-panel.tsx';
import { WalkForwardPanel } from './walk-forward-panel.tsx';
import { evaluationCount } from './evaluations.ts';
import { ReportDownload } from '../../ui/report-download.tsx';

/** While a sweep runs, its tables and maps are re-read at most this often (rows arrive in chunks). */
const LIVE_REFRESH_MS = 3000;

export default function SweepDetailPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const id = () => params.id;
  const sweep = createSweep(id);
  const live = createSweepProgress(id);
  const recommendations = createSweepRecommendations(id);
  const cancel = createCancelSweep();
  const [actionError, setActionError] = createSignal<ApiError | null>(null);

  const status = () => live.state()?.status ?? sweep.sweep()?.status ?? 'PENDING';
  const finished = () => isTerminal(status());
  const s = () => sweep.sweep();
  const swept = createMemo(() => (s()?.sweptParameters ?? []).map((param) => param.name));

  // Rows arrive while the sweep runs: the views re-read them now and then, and once more at the end.
  const [revision, setRevision] = createSignal(0);
  let lastRefresh = 0;
  createEffect(
    on(
      () => live.state()?.completedEvaluations,
      () => {
        if (finished() || Date.now() - lastRefresh < LIVE_REFRESH_MS) return;
        lastRefresh = Date.now();
        setRevision((n) => n + 1);
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      finished,
      (done, was) => {
        if (!done || was !== false) return;
        sweep.refetch();
        setRevision((n) => n + 1);
      },
      { defer: true },
    ),
  );

  const places = createMemo(() => (s() ? placesOf(s()!) : []));
  const [chosenPlace, setChosenPlace] = createSignal<string | null>(null);
  const holdout = createSweepHoldout(() => (s()?.validation?.holdoutFraction && finished() ? id() : null));
  const walkForward = createSweepWalkForward(() => (s()?.validation?.walkForward ? id() : null));
  /**
   * Walk-forward: the in-sample rows of the last window searched so far (all of them once it completes: what
   * the search settled on), never a window not reached yet; otherwise the in-sample rows.
   */
  const place = createMemo<Place>(() => {
    const picked = places().find((p) => placeKey(p) === chosenPlace());
    if (picked) return picked;
    const inSample = places().filter((p) => p.phase === 'IN_SAMPLE');
    const reached = walkForward.report()?.windows.filter((w) => w.inSample !== null).map((w) => w.window) ?? [];
    const searching = finished() ? inSample.at(-1) : inSample.find((p) => p.window === Math.min(inSample.length, Math.max(1, ...reached.map((w) => w + 1))));
    return searching ?? inSample.at(-1) ?? { window: 0, phase: 'IN_SAMPLE' };
  });
  createEffect(on(revision, () => { if (s()?.validation?.walkForward) walkForward.refetch(); }, { defer: true }));
  /** The set the search settled on: the best row, or for walk-forward (no single best) the last window's choice. */
  const settled = () => sweep.sweep()?.best ?? walkForward.report()?.windows.at(-1)?.inSample ?? null;
  const hasRows = () => (live.state()?.completedEvaluations ?? s()?.completedEvaluations ?? 0) > 0;

  const doCancel = async () => setActionError(apiError((await cancel.execute({ id: id() })).error));

  return (
    <QueryState error={sweep.error()} hasData={s() !== null} loading={sweep.loading()} what="the sweep" empty={sweep.found()} emptyText={<p>Sweep {id()} does not exist. <A href="/sweeps">All sweeps</A></p>}>
      <Show when={s()}>
        {(sw) => (
          <article class="page" data-testid="sweep-detail" data-status={status()}>
            <header class="page__header">
              <div>
                <h1>{sw().name}</h1>
                <p class="muted">{sw().strategy} · {sw().symbols.join(', ')} · {sw().timeframe} · {formatRange(sw().startDate, sw().endDate)}</p>
              </div>
              <div class="header-actions">
                <StatusBadge status={status()} testId="sweep-status" />
                <ReportDownload url={sw().reportUrl} filename={sw().name} />
                <Show when={!finished()}>
                  <button type="button" class="danger" disabled={cancel.running()} onClick={() => void doCancel()}>Cancel sweep</button>
                </Show>
              </div>
            </header>
            <ErrorBox error={actionError()} />

            <section class="panel live-panel" aria-live="polite">
              <ProgressBar value={status() === 'COMPLETED' ? 1 : (live.state()?.progress ?? sw().progress)} label="Sweep progress" tone={status() === 'COMPLETED' ? 'done' : finished() ? 'failed' : 'running'} testId="sweep-progress" />
              <dl class="counters">
                <div title="Until the sweep completes the total is the plan, an upper bound: a set chosen twice for a test is tested once">
                  <dt>Evaluations</dt>
                  <dd data-testid="sweep-evaluations">{evaluationCount(live.state()?.completedEvaluations ?? sw().completedEvaluations, live.state()?.totalEvaluations ?? sw().totalEvaluations, status())}</dd>
                </div>
                <div><dt>Grid</dt><dd>{formatInt(sw().totalCombinations)} combinations, {formatInt(sw().skippedByConstraint)} skipped by constraints</dd></div>
                <div><dt>Rate</dt><dd data-testid="sweep-rate">{formatRate(live.state()?.evaluationsPerSecond, 'evaluations')}</dd></div>
                <div><dt>ETA</dt><dd>{finished() ? 'done' : formatDuration(live.state()?.etaSeconds != null ? live.state()!.etaSeconds! * 1000 : null)}</dd></div>
                <div><dt>Stage</dt><dd data-testid="sweep-stage">{finished() ? '—' : connectionLostAt() !== null ? 'connection lost (reconnecting)' : (live.state()?.stage ?? 'waiting for a worker')}</dd></div>
                <div><dt>Best so far</dt><dd data-testid="best-so-far">{formatNumber(live.state()?.bestScore ?? settled()?.score)} <span class="muted small">{sweptParams(live.state()?.bestParams ?? settled()?.params, swept())}</span></dd></div>
              </dl>
              <SweepSetup sweep={sw()} />
              <Show when={status() === 'FAILED'}><ErrorBox error={{ code: sw().errorCode ?? 'FAILED', message: sw().error ?? 'The sweep failed' }} title="Sweep failed" /></Show>
              <Show when={recommendations.state().length > 0}>
                <div class="notice" data-testid="sweep-recommendations">
                  <strong>Recommendations drawn from this sweep</strong>
                  <ul class="plain-list">
                    <For each={recommendations.state()}>
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

            <Show when={sw().robustness}>{(r) => <RobustnessPanel robustness={r()} bestScore={settled()?.score} />}</Show>
            <OverfittingPanel overfitting={sw().overfitting ?? null} learnedStart={sw().learnedStart} />
            <Show when={sw().validation?.holdoutFraction}>
              <HoldoutPanel sweep={sw()} rows={holdout.rows()} error={holdout.error()} swept={swept()} />
            </Show>
            <Show when={sw().validation?.walkForward}>
              <WalkForwardPanel sweep={sw()} report={walkForward.report()} error={walkForward.error()} swept={swept()} />
            </Show>

            <Show when={hasRows()} fallback={<p class="state">{finished() ? 'No combination was tested.' : 'Rows appear here as workers test them.'}</p>}>
              <Show when={places().length > 1}>
                <div class="toolbar panel" data-testid="place-picker">
                  <label class="inline-field">
                    Explore the rows of
                    <select value={placeKey(place())} onChange={(e) => setChosenPlace(e.currentTarget.value)} data-testid="place">
                      {/* `selected` per option: the select's own value is set before its options exist. */}
                      <For each={places()}>{(p) => <option value={placeKey(p)} selected={placeKey(p) === placeKey(place())}>{placeLabel(p)}</option>}</For>
                    </select>
                  </label>
                </div>
              </Show>
              <HeatmapPanel sweepId={sw().id} swept={swept()} place={place()} revision={revision} current={paramRecord(sw().baseParams)} />
              <SensitivityPanel sweepId={sw().id} swept={swept()} place={place()} revision={revision} />
              <ResultsPanel sweep={sw()} place={place()} swept={swept()} revision={revision} />
            </Show>
          </article>
        )}
      </Show>
    </QueryState>
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

