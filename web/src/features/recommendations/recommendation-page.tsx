import { paramRecord } from '../../lib/values.ts';
import { A, useParams } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { formatDateTime, formatParams } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { SettingsFacts } from '../../ui/settings-facts.tsx';
import { ConfidenceView } from './confidence-view.tsx';
import { createRecommendation, rejectedUnreviewed } from './data.ts';
import { EvidenceTable } from './evidence-table.tsx';
import { RealisedView } from './realised-view.tsx';
import { DecisionButtons, RecommendationFigures, ValueTable } from './recommendation-card.tsx';
import { ValidationView } from './validation-view.tsx';
import { readValidation } from './validation.ts';

/** One recommendation at its own address, live: the validation, the confidence's terms, the evidence, the decision and what applying brought. */
export default function RecommendationPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const rec = createRecommendation(() => params.id);
  return (
    <section class="page" data-testid="recommendation-page">
      <p><A href="/recommendations">All recommendations</A></p>
      <QueryState error={rec.error()} loading={rec.loading()} what="the recommendation" empty={rec.found()} emptyText={<p>Recommendation {params.id} does not exist.</p>}>
        <Show when={rec.recommendation()}>
          {(r) => (
            <article class="page" data-testid="recommendation-detail" data-id={r().id} data-status={r().status} data-realised-status={r().realisedStatus ?? ''} data-updates={rec.updates()}>
              <header class="page__header">
                <div>
                  <h1>{r().type.toLowerCase()} recommendation · {r().strategyTitle}</h1>
                  <p class="muted">
                    {r().symbols.join(', ')} · {r().timeframe} · created {formatDateTime(r().createdAt)}
                    <Show when={r().decidedAt}> · decided {formatDateTime(r().decidedAt)}</Show>
                    <Show when={r().appliedAt}> · applied {formatDateTime(r().appliedAt)}</Show>
                  </p>
                </div>
                <StatusBadge status={r().status} testId="recommendation-status" />
              </header>
              <ErrorBox error={rec.liveError()} title="Live updates stopped" />

              <section class="panel" aria-labelledby="change-title">
                <h2 id="change-title">The change</h2>
                <ValueTable recommendation={r()} all />
                <RecommendationFigures recommendation={r()} />
                <Show when={rejectedUnreviewed(r())}>
                  <p class="notice" data-testid="rejection-reason">Stored as considered but not emitted: {r().rejectionReason}</p>
                </Show>
                <p class="rationale">{r().rationale}</p>
                <DecisionButtons recommendation={r()} onDecided={rec.put} />
                <Show when={r().realisedStatus}><RealisedView recommendation={r()} /></Show>
              </section>

              <section class="panel" aria-labelledby="validation-title" data-testid="validation-panel">
                <h2 id="validation-title">Validation on data it was not derived from</h2>
                <ValidationView validation={readValidation(r().validation)} />
              </section>

              <section class="panel" aria-labelledby="confidence-title">
                <h2 id="confidence-title">Confidence</h2>
                <ConfidenceView confidence={r().confidence} />
              </section>

              <section class="panel" aria-labelledby="evidence-title">
                <h2 id="evidence-title">Evidence ({r().evidence.length} tested rows)</h2>
                <Show when={r().sweepId}>{(sweepId) => <p class="small"><A href={`/sweeps/${sweepId()}`}>The sweep it was drawn from</A></p>}</Show>
                <Show when={r().evidence.length > 0} fallback={<p class="muted">No sweep rows are linked.</p>}>
                  <EvidenceTable evidence={r().evidence} recommendation={r()} />
                </Show>
              </section>

              <section class="panel" aria-labelledby="base-title">
                <h2 id="base-title">What both sides share</h2>
                <p class="small"><strong>Parameters:</strong> {formatParams(paramRecord(r().baseParams))}</p>
                <SettingsFacts settings={r().baseSettings} />
              </section>
            </article>
          )}
        </Show>
      </QueryState>
    </section>
  );
}
