import { A, useParams } from '@solidjs/router';
import { createMemo, Show, type JSX } from 'solid-js';
import { QueryState } from '../../ui/states.tsx';
import { createRecommendations } from './data.ts';
import { RecommendationCard } from './recommendation-card.tsx';

/** One recommendation at its own address (the API has no single-recommendation query: it is found in the list). */
export default function RecommendationPage(): JSX.Element {
  const params = useParams<{ id: string }>();
  const list = createRecommendations(() => null);
  const item = createMemo(() => list.items().find((r) => r.id === params.id) ?? null);
  return (
    <section class="page" data-testid="recommendation-page">
      <p><A href="/recommendations">All recommendations</A></p>
      <QueryState error={list.error()} loading={list.loading()} what="the recommendation" empty={!item()} emptyText={<p>Recommendation {params.id} does not exist.</p>}>
        <Show when={item()}>{(r) => <RecommendationCard recommendation={r()} />}</Show>
      </QueryState>
    </section>
  );
}
