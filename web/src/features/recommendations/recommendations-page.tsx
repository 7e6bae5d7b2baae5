import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { createStrategies } from '../../lib/form-data.ts';
import { createGenerate, createRecommendationFeed, createRecommendationStats, rejectedUnreviewed, TYPES, type Recommendation, type RecommendationStatus, type RecommendationType } from './data.ts';
import { GenerateForm } from './generate-form.tsx';
import { MarketRanking } from './market-ranking.tsx';
import { RecommendationCard } from './recommendation-card.tsx';
import { RejectedList } from './rejected-list.tsx';
import { TrackRecord } from './track-record.tsx';

const OPEN: readonly RecommendationStatus[] = ['PENDING', 'ACCEPTED', 'APPLIED'];

const isType = (value: string | undefined): value is RecommendationType => TYPES.includes(value as RecommendationType);

/**
 * Recommendations: the emitted ones to decide on (new ones and every status or realised change
 * arrive live), what was considered and rejected, the track record per type, and a button to look
 * across every sweep for symbol and timeframe recommendations.
 */
export default function RecommendationsPage(): JSX.Element {
  const [search, setSearch] = useSearchParams<{ status?: string; type?: string; rtype?: string; q?: string }>();
  const status = (): RecommendationStatus[] => (search.status && OPEN.includes(search.status as RecommendationStatus) ? [search.status as RecommendationStatus] : [...OPEN]);
  const type = () => (isType(search.type) ? search.type : null);
  // One live feed (the newest FEED_PAGE); the lists below are views of it.
  const feed = createRecommendationFeed(() => ({}), () => true);
  const emitted = createMemo(() => feed.items().filter((r) => status().includes(r.status) && (!type() || r.type === type())));
  const rejected = createMemo(() => feed.items().filter((r) => r.status === 'REJECTED'));
  const stats = createRecommendationStats();
  // Any change anywhere moves the counts: re-read them.
  createEffect(on(feed.events, () => stats.refetch(), { defer: true }));
  const decided = (r: Recommendation) => {
    feed.put(r);
    stats.refetch();
  };

  const strategies = createStrategies();
  const generate = createGenerate();
  const [strategy, setStrategy] = createSignal('');
  const [generateState, setGenerateState] = createSignal<{ error: ApiError | null; requested: boolean }>({ error: null, requested: false });
  const runGenerate = async () => {
    const outcome = await generate.execute(strategy() ? { strategy: strategy() } : {});
    setGenerateState({ error: apiError(outcome.error), requested: outcome.error === null });
  };

  return (
    <section class="page" data-testid="recommendations-page" data-live={feed.liveError() ? 'off' : 'on'}>
      <header class="page__header">
        <h1>Recommendations</h1>
        <GenerateForm strategies={strategies.strategies()} strategy={strategy()} running={generate.running()} onStrategy={setStrategy} onSubmit={() => void runGenerate()} />
      </header>
      <p class="muted">
        Each is drawn from a sweep (or from several, for a symbol or timeframe), derived in sample and checked on data it was not derived from; it is emitted only when it beats the current settings there.
        Applying one makes it the preset new runs and sweeps start from, and measures it on newer data.
      </p>
      <ErrorBox error={generateState().error} title="Could not ask for recommendations" />
      <Show when={generateState().requested}>
        <p class="notice" role="status" data-testid="generate-requested">Asked: a worker compares the sweeps now; what it finds appears below (emitted or rejected) as it is stored.</p>
      </Show>
      <ErrorBox error={feed.liveError()} title="Live updates stopped" />

      <TrackRecord stats={stats.stats()} loading={stats.loading()} error={stats.error()} />
      <MarketRanking />

      <section aria-labelledby="emitted-title" class="page">
        <header class="page__header">
          <h2 id="emitted-title">To decide on, and applied</h2>
          <div class="toolbar">
            <label class="inline-field">
              Status
              <select value={search.status ?? ''} onChange={(e) => setSearch({ status: e.currentTarget.value || undefined })} data-testid="recommendation-filter">
                <option value="">pending, accepted, applied</option>
                <For each={OPEN}>{(s) => <option value={s}>{s.toLowerCase()}</option>}</For>
              </select>
            </label>
            <label class="inline-field">
              Type
              <select value={search.type ?? ''} onChange={(e) => setSearch({ type: e.currentTarget.value || undefined })} data-testid="recommendation-type-filter">
                <option value="">all</option>
                <For each={TYPES}>{(t) => <option value={t}>{t.toLowerCase()}</option>}</For>
              </select>
            </label>
          </div>
        </header>
        <QueryState
          error={feed.error()}
          loading={feed.loading()}
          what="recommendations"
          empty={emitted().length === 0}
          emptyText={<p>Nothing to decide on. Recommendations appear here, live, when a <A href="/sweeps/new">sweep with a hold-out or walk-forward validation</A> finds something that holds up out of sample.</p>}
        >
          <div class="card-list">
            <For each={emitted()}>{(item) => <RecommendationCard recommendation={item} onDecided={decided} />}</For>
          </div>
        </QueryState>
      </section>

      <Show when={!feed.loading() && !feed.error()}>
        <RejectedList
          items={rejected()}
          type={isType(search.rtype) ? search.rtype : ''}
          query={search.q ?? ''}
          onFilter={(patch) => setSearch({ ...(patch.type !== undefined ? { rtype: patch.type || undefined } : {}), ...(patch.query !== undefined ? { q: patch.query || undefined } : {}) })}
        />
        <p class="muted small">{rejected().filter(rejectedUnreviewed).length} of them were stored rejected by their validation; the others were rejected on review.</p>
      </Show>
    </section>
  );
}
