import { Show, type JSX } from 'solid-js';
import type { ApiError } from '../lib/errors.ts';
import { ErrorBox } from './error-box.tsx';

export function Loading(props: { what?: string }): JSX.Element {
  return (
    <p class="state state--loading" role="status" data-testid="loading">
      <span class="spinner" aria-hidden="true" /> Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

export function Empty(props: { children: JSX.Element }): JSX.Element {
  return <div class="state state--empty" data-testid="empty">{props.children}</div>;
}

/**
 * The three states every data view has: an error (with its code), loading (until the first
 * answer), then the content, or `empty` when there is nothing to show. An error after data has
 * arrived (a refetch while the server is away) is shown above the content, which stays.
 */
export function QueryState(props: {
  error: ApiError | null | undefined;
  loading: boolean;
  empty?: boolean;
  emptyText?: JSX.Element;
  what?: string;
  /** Data was shown before the error: keep it. */
  hasData?: boolean;
  children: JSX.Element;
}): JSX.Element {
  return (
    <Show when={!props.error || props.hasData} fallback={<ErrorBox error={props.error} title={`Could not load ${props.what ?? 'this'}`} />}>
      <ErrorBox error={props.error} title={`Could not refresh ${props.what ?? 'this'}: showing it as it was`} />
      <Show when={!props.loading} fallback={<Loading what={props.what} />}>
        <Show when={!props.empty} fallback={<Empty>{props.emptyText ?? <p>Nothing here yet.</p>}</Empty>}>
          {props.children}
        </Show>
      </Show>
    </Show>
  );
}
