import { createMemo, createSignal, Show, type JSX } from 'solid-js';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { inputFieldDefaults } from '../../lib/introspection.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { QueryState } from '../../ui/states.tsx';
import { CREATE_UNIVERSE, DELETE_UNIVERSE, UNIVERSE_RULE_DEFAULTS, UNIVERSES, UPDATE_UNIVERSE } from './operations.ts';
import { ResolvedPairs } from './resolved-pairs.tsx';
import { UniverseEditor } from './universe-editor.tsx';
import { UniverseList } from './universe-list.tsx';
import { draftOf, EMPTY_DRAFT, inputOf, type UniverseDraft, type UniverseRecord } from './universe-form.ts';

/** Named universes: the list, an editor for a list of pairs or a rule, and the pairs a universe resolves to at a start. */
export default function UniversesPage(): JSX.Element {
  const universes = createGraphQLQuery(UNIVERSES, () => ({}));
  const rows = () => universes.data()?.universes ?? [];
  const ruleDefaults = createGraphQLQuery(UNIVERSE_RULE_DEFAULTS, () => ({}), 'cache-first');
  const defaults = createMemo(() => inputFieldDefaults(ruleDefaults.data()?.__type));
  const [editing, setEditing] = createSignal<UniverseRecord | null>(null);
  const [draft, setDraft] = createSignal<UniverseDraft>({ ...EMPTY_DRAFT });
  const [error, setError] = createSignal<ApiError | null>(null);
  const [saved, setSaved] = createSignal<UniverseRecord | null>(null);
  const create = createGraphQLMutation(CREATE_UNIVERSE);
  const update = createGraphQLMutation(UPDATE_UNIVERSE);
  const removal = createGraphQLMutation(DELETE_UNIVERSE);
  const [deleteError, setDeleteError] = createSignal<ApiError | null>(null);
  const remove = async (universe: UniverseRecord) => {
    if (!window.confirm(`Delete the universe "${universe.name}"? Runs and sweeps made with it keep their pairs.`)) return;
    const failure = apiError((await removal.execute({ id: universe.id })).error);
    setDeleteError(failure);
    if (failure) return;
    if (editing()?.id === universe.id) edit(null);
    universes.refetch();
  };
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
        <UniverseList universes={rows()} deleting={removal.running()} onEdit={edit} onDelete={(u) => void remove(u)} />
      </QueryState>
      <ErrorBox error={deleteError()} title="Could not delete the universe" />

      <section class="panel" aria-labelledby="universe-editor-title">
        <h2 id="universe-editor-title">{editing() ? `Edit ${editing()!.name}` : 'New universe'}</h2>
        <UniverseEditor draft={draft()} defaults={defaults()} set={set} saving={create.running() || update.running()} editing={editing() !== null} onSave={(e) => void save(e)} />
        <ErrorBox error={error()} title="Could not save the universe" />
        <Show when={saved()}>{(u) => <ResolvedPairs universe={u()} />}</Show>
      </section>
    </section>
  );
}
