import { A, useSearchParams } from '@solidjs/router';
import { createMemo, For, type JSX } from 'solid-js';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createNewRecommendations, createRecommendations, type RecommendationStatus } from './data.ts';
import { RecommendationCard } from './recommendation-card.tsx';

const STATUSES: RecommendationStatus[] = ['PENDING', 'ACCEPTED', 'APPLIED', 'REJECTED'];

/** Recommendations drawn from sweeps; new ones appear as workers create them. */
export default function RecommendationsPage(): JSX.Element {
  const [search, setSearch] = useSearchParams<{ status?: string }>();
  const status = () => (search.status && STATUSES.includes(search.status as RecommendationStatus) ? [search.status as RecommendationStatus] : null);
  const list = createRecommendations(status);
  const fresh = createNewRecommendations();
  const items = createMemo(() => {
    const stored = list.items();
    const known = new Set(stored.map((r) => r.id));
    const added = fresh.state().filter((r) => !known.has(r.id) && (!status() || status()!.includes(r.status)));
    return [...added, ...stored];
  });
  return (
    <section class="page" data-testid="recommendations-page" data-live={fresh.events() >= 0 ? 'on' : 'off'}>
      <header class="page__header">
        <h1>Recommendations</h1>
        <label class="inline-field">
          Status
          <select value={search.status ?? ''} onChange={(e) => setSearch({ status: e.currentTarget.value || undefined })} data-testid="recommendation-filter">
            <option value="">All</option>
            <For each={STATUSES}>{(s) => <option value={s}>{s.toLowerCase()}</option>}</For>
          </select>
        </label>
      </header>
      <p class="muted">Each completed sweep yields at most one: its best combination, when it beats the current parameters. Evidence is in-sample.</p>
      <ErrorBox error={fresh.error()} title="Live updates stopped" />
      <QueryState error={list.error()} loading={list.loading()} what="recommendations" empty={items().length === 0} emptyText={<p>No recommendations yet. They appear here, live, when a <A href="/sweeps/new">sweep</A> finds better parameters.</p>}>
        <div class="card-list">
          <For each={items()}>{(item) => <RecommendationCard recommendation={item} />}</For>
        </div>
      </QueryState>
    </section>
  );
}
