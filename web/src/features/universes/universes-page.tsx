import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { EXCHANGES } from '../../../../domain/symbols.ts';
import { INTERVALS } from '../../../../domain/intervals.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { CREATE_UNIVERSE, UNIVERSE_PAIRS, UNIVERSES, UPDATE_UNIVERSE } from './operations.ts';
import { draftOf, EMPTY_DRAFT, inputOf, type UniverseDraft, type UniverseRecord } from './universe-form.ts';

/** Named universes: the list, an editor for a list of pairs or a rule, and the pairs a universe resolves to at a start. */
export default function UniversesPage(): JSX.Element {
  const universes = createGraphQLQuery(UNIVERSES, () => ({}));
  const rows = () => universes.data()?.universes ?? [];
  const [editing, setEditing] = createSignal<UniverseRecord | null>(null);
  const [draft, setDraft] = createSignal<UniverseDraft>({ ...EMPTY_DRAFT });
  const [error, setError] = createSignal<ApiError | null>(null);
  const [saved, setSaved] = createSignal<UniverseRecord | null>(null);
  const create = createGraphQLMutation(CREATE_UNIVERSE);
  const update = createGraphQLMutation(UPDATE_UNIVERSE);
  const set = <K extends keyof UniverseDraft>(key: K, value: UniverseDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const edit = (universe: UniverseRecord | null) => {
    setEditing(universe);
    setDraft(universe ? draftOf(universe) : { ...EMPTY_DRAFT });
    setError(null);
    setSaved(universe);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const current = editing();
    const input = inputOf(draft());
    const outcome = current ? await update.execute({ id: current.id, input }) : await create.execute({ input });
    setError(apiError(outcome.error));
    const universe = outcome.data ? ('updateUniverse' in outcome.data ? outcome.data.updateUniverse : outcome.data.createUniverse) : null;
    if (universe) {
      setEditing(universe);
      setSaved(universe);
      universes.refetch();
    }
  };
  return (
    <section class="page" data-testid="universes-page">
      <header class="page__header">
        <h1>Universes</h1>
        <button type="button" onClick={() => edit(null)} data-testid="new-universe">New universe</button>
      </header>
      <QueryState error={universes.error()} loading={universes.loading()} what="universes" empty={rows().length === 0} emptyText={<p>No universe yet: name a list of pairs, or a rule over the stored candles.</p>}>
        <div class="table-wrap">
          <table class="data-table" data-testid="universe-list">
            <thead><tr><th>Name</th><th>Pairs</th><th /></tr></thead>
            <tbody>
              <For each={rows()}>
                {(u) => (
                  <tr data-testid="universe-row" data-name={u.name}>
                    <td>{u.name}</td>
                    <td class="small">{u.symbols ? `${u.symbols.length} listed: ${u.symbols.slice(0, 6).join(', ')}${u.symbols.length > 6 ? '…' : ''}` : describeRule(u)}</td>
                    <td><button type="button" class="small-button" onClick={() => edit(u)}>Edit</button></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </QueryState>

      <section class="panel" aria-labelledby="universe-editor-title">
        <h2 id="universe-editor-title">{editing() ? `Edit ${editing()!.name}` : 'New universe'}</h2>
        <form class="universe-form" onSubmit={(e) => void save(e)} data-testid="universe-editor">
          <label>Name <input value={draft().name} onInput={(e) => set('name', e.currentTarget.value)} required /></label>
          <fieldset class="choices">
            <legend>Pairs from</legend>
            <label class="choice"><input type="radio" name="kind" checked={draft().kind === 'LIST'} onChange={() => set('kind', 'LIST')} /> a list</label>
            <label class="choice"><input type="radio" name="kind" checked={draft().kind === 'RULE'} onChange={() => set('kind', 'RULE')} /> a rule over the stored candles</label>
          </fieldset>
          <Show
            when={draft().kind === 'RULE'}
            fallback={
              <label class="wide">
                Pairs (comma or space separated; EXCHANGE:BASE/QUOTE for other exchanges)
                <textarea rows={3} value={draft().symbols} onInput={(e) => set('symbols', e.currentTarget.value)} />
              </label>
            }
          >
            <label>Quote asset <input value={draft().quoteAsset} onInput={(e) => set('quoteAsset', e.currentTarget.value)} /></label>
            <label>
              Exchange
              <select value={draft().exchange} onChange={(e) => set('exchange', e.currentTarget.value)}>
                <option value="">every exchange</option>
                <For each={EXCHANGES}>{(x) => <option value={x}>{x}</option>}</For>
              </select>
            </label>
            <label>Min mean daily quote volume <input inputmode="decimal" value={draft().minQuoteVolume} onInput={(e) => set('minQuoteVolume', e.currentTarget.value)} /></label>
            <label>Min listing age (days) <input inputmode="decimal" value={draft().minListingDays} onInput={(e) => set('minListingDays', e.currentTarget.value)} /></label>
            <label>Max pairs <input inputmode="numeric" value={draft().maxPairs} onInput={(e) => set('maxPairs', e.currentTarget.value)} /></label>
            <label>Volume lookback (days) <input inputmode="numeric" value={draft().lookbackDays} onInput={(e) => set('lookbackDays', e.currentTarget.value)} /></label>
          </Show>
          <div class="form-actions">
            <button type="submit" disabled={create.running() || update.running()}>{editing() ? 'Save' : 'Create'}</button>
          </div>
        </form>
        <ErrorBox error={error()} title="Could not save the universe" />
        <Show when={saved()}>{(u) => <ResolvedPairs universe={u()} />}</Show>
      </section>
    </section>
  );
}

function describeRule(u: UniverseRecord): string {
  const r = u.rule;
  if (!r) return '';
  const parts = [r.quoteAsset && `quoted in ${r.quoteAsset}`, r.exchange && `on ${r.exchange}`, r.minQuoteVolume != null && `volume ≥ ${r.minQuoteVolume}`, r.minListingDays != null && `listed ≥ ${r.minListingDays} days`, `top ${r.maxPairs}`];
  return `rule: ${parts.filter(Boolean).join(', ')}`;
}

/** The pairs a saved universe gives a run on a timeframe starting at a date (a rule reads only candles before it). */
function ResolvedPairs(props: { universe: UniverseRecord }): JSX.Element {
  const [timeframe, setTimeframe] = createSignal('1h');
  const [start, setStart] = createSignal(new Date().toISOString().slice(0, 10));
  const variables = createMemo(() => (start() ? { id: props.universe.id, timeframe: timeframe(), start: `${start()}T00:00:00.000Z` } : null));
  const pairs = createGraphQLQuery(UNIVERSE_PAIRS, variables, 'network-only');
  const list = () => pairs.data()?.universe.pairsAt ?? [];
  return (
    <div class="resolved-pairs" data-testid="resolved-pairs">
      <h3>Pairs of {props.universe.name}</h3>
      <div class="universe-form">
        <label>
          Timeframe
          <select value={timeframe()} onChange={(e) => setTimeframe(e.currentTarget.value)}>
            <For each={INTERVALS}>{(i) => <option value={i}>{i}</option>}</For>
          </select>
        </label>
        <label>Run starting (UTC) <input type="date" value={start()} onInput={(e) => setStart(e.currentTarget.value)} /></label>
      </div>
      <ErrorBox error={pairs.error()} title="No pairs" />
      <Show when={!pairs.error()}>
        <p class="small" data-testid="resolved-count">{list().length} pairs</p>
        <ul class="chips">
          <For each={list()}>{(symbol) => <li class="chip" data-testid="resolved-pair">{symbol}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}
