import { Show, type JSX } from 'solid-js';
import type { ApiError } from '../lib/errors.ts';

export function ErrorBox(props: { error: ApiError | null | undefined; title?: string }): JSX.Element {
  return (
    <Show when={props.error}>
      {(error) => (
        <div class="error-box" role="alert" data-testid="error-box">
          <strong>{props.title ?? 'Request failed'}</strong>
          <code class="error-box__code" data-testid="error-code">{error().code}</code>
          <p class="error-box__message">{error().message}</p>
        </div>
      )}
    </Show>
  );
}
