import type { CombinedError } from '@urql/core';
import { useClient } from '@urql/solid';
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { ResultOf, VariablesOf } from '../../graphql.ts';
import { apiError, type ApiError } from '../../lib/errors.ts';
import { createGraphQLMutation, createGraphQLQuery } from '../../lib/query.ts';
import { problemsOf, type Problem } from './document.ts';
import { BUILDER_MARKETS, CREATE_USER_STRATEGY, DELETE_USER_STRATEGY, STRATEGY_DOCUMENTS, STRATEGY_LANGUAGE, STRATEGY_PREVIEW, UPDATE_USER_STRATEGY, USER_STRATEGY } from './operations.ts';

export type PreviewRequest = VariablesOf<typeof STRATEGY_PREVIEW>;
export type Preview = ResultOf<typeof STRATEGY_PREVIEW>['strategyPreview'];
export type SavedStrategy = NonNullable<ResultOf<typeof USER_STRATEGY>['userStrategy']>;

/** Waits this long after the last edit before asking for a preview, so typing does not flood the server. */
const PREVIEW_DEBOUNCE_MS = 400;

/** An error with the document's problems at their paths (INVALID_STRATEGY_DOCUMENT), or another error. */
export interface DocumentError {
  readonly error: ApiError;
  readonly problems: Problem[];
}

export function documentErrorOf(error: CombinedError): DocumentError {
  const problems = error.graphQLErrors.flatMap((e) => problemsOf(e.extensions));
  return { error: apiError(error) ?? { code: 'UNKNOWN_ERROR', message: error.message }, problems };
}

export function createCatalogue() {
  const query = createGraphQLQuery(STRATEGY_LANGUAGE, () => ({}), 'cache-first');
  return { catalogue: () => query.data()?.strategyLanguage, error: query.error };
}

export function createStrategyDocuments() {
  const query = createGraphQLQuery(STRATEGY_DOCUMENTS, () => ({}));
  return { data: query.data, error: query.error, refetch: query.refetch };
}

/** Deletes a saved strategy (deleteUserStrategy): null when done, else the API's error. */
export function createDelete() {
  const remove = createGraphQLMutation(DELETE_USER_STRATEGY);
  return {
    remove: async (id: string): Promise<ApiError | null> => apiError((await remove.execute({ id })).error),
    running: remove.running,
  };
}

export function createUserStrategy(id: Accessor<string | null>) {
  const query = createGraphQLQuery(USER_STRATEGY, () => (id() === null ? null : { id: id()! }), 'network-only');
  return { strategy: () => query.data()?.userStrategy ?? null, loaded: () => query.data() !== undefined, error: query.error };
}

export function createBuilderMarkets() {
  const query = createGraphQLQuery(BUILDER_MARKETS, () => ({}));
  return { coverage: () => query.data()?.marketData ?? [], error: query.error };
}

/**
 * The server's preview of the document, asked again (debounced) whenever the request changes; an
 * answer to an older request is dropped. Keeps the last preview while a new one is on its way.
 */
export function createPreview(request: Accessor<PreviewRequest | null>) {
  const client = useClient();
  const [preview, setPreview] = createSignal<Preview | null>(null);
  const [failure, setFailure] = createSignal<DocumentError | null>(null);
  const [pending, setPending] = createSignal(false);
  const [answeredKey, setAnsweredKey] = createSignal('');
  let asked = 0;
  createEffect(
    on(request, (vars) => {
      if (vars === null) return;
      setPending(true);
      const ticket = ++asked;
      const timer = setTimeout(async () => {
        const result = await client.query(STRATEGY_PREVIEW, vars, { requestPolicy: 'network-only' }).toPromise();
        if (ticket !== asked) return;
        setPending(false);
        setAnsweredKey(JSON.stringify(vars));
        if (result.error) setFailure(documentErrorOf(result.error));
        else {
          setFailure(null);
          setPreview(result.data?.strategyPreview ?? null);
        }
      }, PREVIEW_DEBOUNCE_MS);
      onCleanup(() => clearTimeout(timer));
    }),
  );
  return { preview, failure, pending, answeredKey };
}

/** Saves the document: a new strategy, or a new version of `id`. */
export function createSave() {
  const create = createGraphQLMutation(CREATE_USER_STRATEGY);
  const update = createGraphQLMutation(UPDATE_USER_STRATEGY);
  const save = async (id: string | null, documentJson: string): Promise<{ saved: SavedStrategy } | { failure: DocumentError }> => {
    const outcome = id === null ? await create.execute({ documentJson }) : await update.execute({ id, documentJson });
    if (outcome.error) return { failure: documentErrorOf(outcome.error) };
    const data = outcome.data as Record<string, SavedStrategy>;
    return { saved: data['createUserStrategy'] ?? data['updateUserStrategy'] };
  };
  return { save, running: () => create.running() || update.running() };
}
