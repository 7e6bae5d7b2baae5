import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Problems, useBuilder } from './builder-context.tsx';
import type { SavedStrategy } from './data.ts';
import type { Problem } from './document.ts';

/** Title, the saved version and its checks, Save, and Run or Sweep once saved without changes. */
export function BuilderHeader(props: { isNew: boolean; saved: SavedStrategy | null; unsaved: boolean; saving: boolean; onSave: () => void; onGo: (page: 'runs' | 'sweeps') => void }): JSX.Element {
  return (
    <header class="page__header">
      <h1>{props.isNew ? 'New strategy' : 'Strategy'}</h1>
      <div class="header-actions">
        <Show when={props.saved}>
          {(s) => (
            <span class="muted small" data-testid="saved-version">
              {s().strategyName} · version {s().latestVersion}{props.unsaved ? ' · unsaved changes' : ' · saved'} · history {s().latest.checks.historyBars} bars · look-ahead check {s().latest.checks.lookAhead.passed ? 'passed' : 'FAILED'}
            </span>
          )}
        </Show>
        <button type="button" class="primary" onClick={() => props.onSave()} disabled={props.saving} data-testid="save-strategy">
          {props.saved ? 'Save as a new version' : 'Save'}
        </button>
        <button type="button" onClick={() => props.onGo('runs')} disabled={!props.saved || props.unsaved} title={props.unsaved ? 'Save first' : undefined} data-testid="run-strategy">Run</button>
        <button type="button" onClick={() => props.onGo('sweeps')} disabled={!props.saved || props.unsaved} title={props.unsaved ? 'Save first' : undefined} data-testid="sweep-strategy">Sweep</button>
      </div>
    </header>
  );
}

/** The document's name and description. */
export function DocumentHeadFields(): JSX.Element {
  const builder = useBuilder();
  return (
    <section class="panel builder-section">
      <label class="field">
        <span class="field__label">Name</span>
        <input type="text" value={builder.document.name} onInput={(e) => builder.write(['name'], e.currentTarget.value)} data-testid="strategy-name" />
      </label>
      <Problems path="name" />
      <label class="field">
        <span class="field__label">Description</span>
        <input type="text" value={builder.document.description ?? ''} onInput={(e) => builder.write(['description'], e.currentTarget.value)} data-testid="strategy-description" />
      </label>
    </section>
  );
}

/** The user's saved strategies, each opening in the builder. */
export function SavedStrategiesList(props: {
  strategies: ReadonlyArray<{ id: string; name: string; latestVersion: number; updatedAt: string }>;
  deleting: boolean;
  error: ApiError | null;
  onDelete: (strategy: { id: string; name: string }) => void;
}): JSX.Element {
  return (
    <Show when={props.strategies.length > 0}>
      <section class="panel builder-section" data-testid="saved-strategies">
        <h2>Saved strategies</h2>
        <ErrorBox error={props.error} title="Could not delete" />
        <ul class="plain-list">
          <For each={props.strategies}>
            {(s) => (
              <li data-testid="saved-strategy" data-id={s.id}>
                <A href={`/strategies/${s.id}`}>{s.name}</A> <span class="muted small">v{s.latestVersion} · {formatDateTime(s.updatedAt)}</span>{' '}
                <button type="button" class="small-button" disabled={props.deleting} onClick={() => props.onDelete(s)} data-testid="delete-strategy">
                  Delete
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/** Problems with the document as a whole (those of a block are shown beside it). */
export function GeneralProblems(props: { problems: readonly Problem[] }): JSX.Element {
  return (
    <Show when={props.problems.length > 0}>
      <ul class="field__errors" data-testid="document-problems">
        <For each={props.problems}>{(p) => <li>{p.path ? `${p.path}: ` : ''}{p.message}</li>}</For>
      </ul>
    </Show>
  );
}
