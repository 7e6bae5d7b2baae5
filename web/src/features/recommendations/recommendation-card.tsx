import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatNumber, formatPercent, formatPoints, formatPValue, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createDecide, NEXT_STATUSES, rejectedUnreviewed, type Recommendation, type RecommendationStatus } from './data.ts';
import { RealisedView } from './realised-view.tsx';
import { valueRows } from '../../lib/recommendation-values.ts';
import { readValidation } from './validation.ts';

const ACTIONS: Record<RecommendationStatus, { label: string; help: string }> = {
  ACCEPTED: { label: 'Accept', help: 'Agree with it; apply it when you are ready' },
  REJECTED: { label: 'Reject', help: 'Decline it (kept, with the others considered)' },
  APPLIED: { label: 'Apply', help: 'Make the recommended values the preset new runs and sweeps start from, and measure them against the current ones on newer data' },
  PENDING: { label: '', help: '' },
};

/** Accept, reject and apply as the lifecycle allows; `onDecided` gets the recommendation as the server left it. */
export function DecisionButtons(props: { recommendation: Recommendation; onDecided: (r: Recommendation) => void }): JSX.Element {
  const decide = createDecide();
  const [error, setError] = createSignal<ApiError | null>(null);
  const act = async (next: RecommendationStatus) => {
    setError(null);
    const outcome = await decide.execute({ id: props.recommendation.id, status: next });
    if (outcome.error) setError(apiError(outcome.error));
    else props.onDecided(outcome.data.decideRecommendation);
  };
  return (
    <>
      <ErrorBox error={error()} title="Could not record the decision" />
      <Show when={NEXT_STATUSES[props.recommendation.status].length > 0}>
        <div class="actions">
          <For each={NEXT_STATUSES[props.recommendation.status]}>
            {(next) => (
              <button type="button" class={next === 'REJECTED' ? 'danger' : 'primary'} title={ACTIONS[next].help} disabled={decide.running()} onClick={() => void act(next)} data-testid={`decide-${next}`}>
                {ACTIONS[next].label}
              </button>
            )}
          </For>
        </div>
      </Show>
    </>
  );
}

/** What a recommendation changes, side by side (changed values first and bold). */
export function ValueTable(props: { recommendation: Recommendation; all?: boolean }): JSX.Element {
  const rows = () => valueRows(props.recommendation);
  const shown = () => (props.all ? [...rows()].sort((a, b) => Number(b.changed) - Number(a.changed)) : rows().filter((r) => r.changed));
  return (
    <div class="table-wrap">
      <table class="data-table compact" data-testid="recommendation-values">
        <thead><tr><th>Value</th><th class="num">Current</th><th class="num">Recommended</th></tr></thead>
        <tbody>
          <For each={shown()}>
            {(row) => (
              <tr classList={{ changed: row.changed }}>
                <th scope="row">{row.name}</th>
                <td class="num">{row.current}</td>
                <td class="num">{row.recommended}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** Expected (calibrated) improvements, confidence and the out-of-sample comparison in one line of figures. */
export function RecommendationFigures(props: { recommendation: Recommendation }): JSX.Element {
  const r = () => props.recommendation;
  const validation = () => readValidation(r().validation);
  const calibrated = () => r().rawExpectedRoiImprovement !== null && r().expectedRoiImprovement !== null && Math.abs(r().rawExpectedRoiImprovement! - r().expectedRoiImprovement!) > 1e-9;
  return (
    <dl class="counters">
      <div title="Out of sample, scaled by the track record of this type">
        <dt>Expected ROI change</dt>
        <dd class={(r().expectedRoiImprovement ?? 0) >= 0 ? 'gain' : 'loss'} data-testid="expected-roi">
          {formatPoints(r().expectedRoiImprovement)}
          <Show when={calibrated()}><span class="muted small"> (raw {formatPoints(r().rawExpectedRoiImprovement)})</span></Show>
        </dd>
      </div>
      <div><dt>Expected win-rate change</dt><dd class={(r().expectedWinRateImprovement ?? 0) >= 0 ? 'gain' : 'loss'}>{formatPoints(r().expectedWinRateImprovement)}</dd></div>
      <div><dt>Confidence</dt><dd data-testid="confidence">{formatPercent(r().confidenceScore * 100)}</dd></div>
      <Show when={validation()?.current && validation()?.recommended}>
        <div title="ROI on the data it was validated on (never used to choose it)">
          <dt>Out-of-sample ROI</dt>
          <dd>{formatSignedPercent(validation()!.current!.roi)} → {formatSignedPercent(validation()!.recommended!.roi)}</dd>
        </div>
      </Show>
      <Show when={validation()?.test}>
        {(test) => (
          <div title="One-sided p of the paired bootstrap of daily returns over the validation days, after the correction for the candidates tested; emitted only below α">
            <dt>p (α {formatNumber(test().alpha)})</dt>
            <dd data-testid="p-value" class={test().adjustedPValue < test().alpha ? 'gain' : 'loss'}>{formatPValue(test().adjustedPValue)}</dd>
          </div>
        )}
      </Show>
    </dl>
  );
}

/** One recommendation in a list: what it changes, what it is expected to bring, how sure, and the decision buttons. */
export function RecommendationCard(props: { recommendation: Recommendation; onDecided: (r: Recommendation) => void }): JSX.Element {
  const r = () => props.recommendation;
  return (
    <article class="panel recommendation" data-testid="recommendation" data-id={r().id} data-status={r().status} data-type={r().type} data-realised-status={r().realisedStatus ?? ''}>
      <header class="page__header">
        <div>
          <h2><A href={`/recommendations/${r().id}`}>{r().type.toLowerCase()} · {r().strategyTitle}</A></h2>
          <p class="muted small">{r().symbols.join(', ')} · {r().timeframe} · {formatDateTime(r().createdAt)}</p>
        </div>
        <StatusBadge status={r().status} testId="recommendation-status" />
      </header>
      <ValueTable recommendation={r()} />
      <RecommendationFigures recommendation={r()} />
      <Show when={rejectedUnreviewed(r())}><p class="notice" data-testid="rejection-reason">Not emitted: {r().rejectionReason}</p></Show>
      <p class="rationale">{r().rationale}</p>
      <Show when={r().realisedStatus}><RealisedView recommendation={r()} compact /></Show>
      <div class="toolbar">
        <A href={`/recommendations/${r().id}`} data-testid="recommendation-link">Validation, confidence and evidence</A>
        <Show when={r().sweepId}>{(sweepId) => <A href={`/sweeps/${sweepId()}`}>The sweep</A>}</Show>
      </div>
      <DecisionButtons recommendation={r()} onDecided={props.onDecided} />
    </article>
  );
}
