import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { formatDateTime, formatDrawdown, formatInt, formatNumber, formatPercent, formatPoints, formatSignedPercent } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createDecide, NEXT_STATUSES, type Recommendation, type RecommendationStatus } from './data.ts';

const ACTION_LABEL: Record<RecommendationStatus, string> = { ACCEPTED: 'Accept', REJECTED: 'Reject', APPLIED: 'Mark applied', PENDING: '' };

/** One recommendation: what to change, what it is expected to bring, how sure, why, and the evidence. */
export function RecommendationCard(props: { recommendation: Recommendation; onDecided?: () => void }): JSX.Element {
  const decide = createDecide();
  const [status, setStatus] = createSignal<RecommendationStatus | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);
  const current = () => status() ?? props.recommendation.status;
  const r = () => props.recommendation;
  const names = () => [...new Set([...Object.keys((r().currentParams ?? {}) as object), ...Object.keys((r().recommendedParams ?? {}) as object)])];
  const param = (params: unknown, name: string) => String((params as Record<string, unknown> | null)?.[name] ?? '—');
  const changed = () => names().filter((name) => param(r().currentParams, name) !== param(r().recommendedParams, name));
  const unchanged = () => names().filter((name) => param(r().currentParams, name) === param(r().recommendedParams, name));
  const act = async (next: RecommendationStatus) => {
    setError(null);
    const outcome = await decide.execute({ id: r().id, status: next });
    if (outcome.error) setError(apiError(outcome.error));
    else {
      setStatus(outcome.data.decideRecommendation.status);
      props.onDecided?.();
    }
  };
  return (
    <article class="panel recommendation" data-testid="recommendation" data-id={r().id} data-status={current()}>
      <header class="page__header">
        <div>
          <h2><A href={`/recommendations/${r().id}`}>{r().type.toLowerCase()} · {r().strategy}</A></h2>
          <p class="muted small">{r().symbols.join(', ')} · {r().timeframe} · {formatDateTime(r().createdAt)}</p>
        </div>
        <StatusBadge status={current()} testId="recommendation-status" />
      </header>
      <dl class="counters">
        <div><dt>Expected win rate</dt><dd class={(r().expectedWinRateImprovement ?? 0) >= 0 ? 'gain' : 'loss'}>{formatPoints(r().expectedWinRateImprovement)}</dd></div>
        <div><dt>Expected ROI</dt><dd class={(r().expectedRoiImprovement ?? 0) >= 0 ? 'gain' : 'loss'}>{formatPoints(r().expectedRoiImprovement)}</dd></div>
        <div><dt>Confidence</dt><dd title="(grid neighbours that also beat the current parameters + 1) / (neighbours + 2)">{formatPercent(r().confidenceScore * 100)}</dd></div>
      </dl>
      <div class="table-wrap">
        <table class="data-table compact">
          <thead><tr><th>Change</th><th class="num">Current</th><th class="num">Recommended</th></tr></thead>
          <tbody>
            <For each={changed()}>
              {(name) => (
                <tr class="changed">
                  <th scope="row">{name}</th>
                  <td class="num">{param(r().currentParams, name)}</td>
                  <td class="num">{param(r().recommendedParams, name)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={unchanged().length > 0}>
        <p class="muted small">Unchanged: {unchanged().map((name) => `${name} ${param(r().currentParams, name)}`).join(' · ')}</p>
      </Show>
      <p class="rationale">{r().rationale}</p>
      <details>
        <summary>Evidence ({r().evidence.length} tested combinations)</summary>
        <div class="table-wrap">
          <table class="data-table compact">
            <thead><tr><th>Parameters</th><th class="num">Score</th><th class="num">ROI</th><th class="num">Win rate</th><th class="num">Max DD</th><th class="num">Trades</th><th>Source</th></tr></thead>
            <tbody>
              <For each={r().evidence}>
                {(row) => (
                  <tr>
                    <td class="small">{Object.entries(row.params as Record<string, unknown>).map(([k, v]) => `${k} ${String(v)}`).join(' · ')}</td>
                    <td class="num">{formatNumber(row.score)}</td>
                    <td class="num">{formatSignedPercent(row.metrics.roi)}</td>
                    <td class="num">{formatPercent(row.metrics.winRate)}</td>
                    <td class="num">{formatDrawdown(row.metrics.maxDrawdownPercentage)}</td>
                    <td class="num">{formatInt(row.metrics.totalTrades)}</td>
                    <td class="small">
                      <Show when={row.run} fallback={<Show when={row.sweepId} fallback="baseline">{(sweepId) => <A href={`/sweeps/${sweepId()}`}>sweep row</A>}</Show>}>
                        {(run) => <A href={`/runs/${run().id}`}>{run().name}</A>}
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
      <Show when={r().sweepId}>{(sweepId) => <p class="small"><A href={`/sweeps/${sweepId()}`}>The sweep it was drawn from</A></p>}</Show>
      <ErrorBox error={error()} title="Could not record the decision" />
      <div class="actions">
        <For each={NEXT_STATUSES[current()]}>
          {(next) => (
            <button type="button" class={next === 'REJECTED' ? 'danger' : 'primary'} disabled={decide.running()} onClick={() => void act(next)} data-testid={`decide-${next}`}>
              {ACTION_LABEL[next]}
            </button>
          )}
        </For>
        <Show when={current() === 'APPLIED'}><span class="muted small">Realised results are not reported by the API yet.</span></Show>
      </div>
    </article>
  );
}
