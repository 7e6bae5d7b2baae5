import type { AnyVariables, Client, TypedDocumentNode } from '@urql/core';
import { useClient } from '@urql/solid';
import { createEffect, createSignal, onCleanup, untrack, type Accessor } from 'solid-js';
import { apiError, type ApiError } from './errors.ts';

export interface LiveState<S> {
  readonly state: Accessor<S>;
  /** Events received so far (0 until the server's first answer). */
  readonly events: Accessor<number>;
  readonly error: Accessor<ApiError | null>;
}

/**
 * A subscription folded into accumulated state (never re-queried): `fold` gets each event. It
 * restarts from `initial(variables)` whenever the variables change, and stops when they are null.
 */
export function createLive<Data, Variables extends AnyVariables, S>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Accessor<Variables | null>,
  initial: (variables: Variables | null) => S,
  fold: (state: S, data: Data) => S,
  client: Client = useClient(),
): LiveState<S> {
  const [state, setState] = createSignal<S>(initial(null));
  const [events, setEvents] = createSignal(0);
  const [error, setError] = createSignal<ApiError | null>(null);
  createEffect(() => {
    const vars = variables();
    untrack(() => {
      setState(() => initial(vars));
      setEvents(0);
      setError(null);
    });
    if (vars === null) return;
    const { unsubscribe } = client.subscription(document, vars).subscribe((result) => {
      if (result.error) setError(apiError(result.error));
      if (result.data) {
        const data = result.data;
        setState((previous) => fold(previous, data));
        setEvents((n) => n + 1);
      }
    });
    onCleanup(unsubscribe);
  });
  return { state, events, error };
}
