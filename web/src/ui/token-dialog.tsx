import { Show, createEffect, createSignal, type JSX } from 'solid-js';
import { provideToken, tokenRequest } from '../lib/auth.ts';

/** Asks for the access token when the server refuses a request without one (see lib/auth.ts). */
export function TokenDialog(): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  const [token, setToken] = createSignal('');
  createEffect(() => {
    if (tokenRequest() && dialog && !dialog.open) dialog.showModal();
    if (!tokenRequest() && dialog?.open) dialog.close();
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (token().trim()) provideToken(token().trim());
  };
  return (
    <dialog ref={dialog} class="token-dialog" aria-labelledby="token-dialog-title" data-testid="token-dialog">
      <form method="dialog" onSubmit={submit}>
        <h2 id="token-dialog-title">Access token needed</h2>
        <p class="muted">
          <Show when={tokenRequest()?.rejected} fallback="This Candlelab server asks for an access token.">
            The server refused the stored token. Enter a valid one.
          </Show>{' '}
          It is kept in this browser's local storage.
        </p>
        <label class="field">
          <span class="field__label">Token</span>
          <input type="password" autocomplete="off" value={token()} onInput={(e) => setToken(e.currentTarget.value)} data-testid="token-input" />
        </label>
        <div class="actions">
          <button type="submit" class="primary" disabled={!token().trim()}>Use token</button>
        </div>
      </form>
    </dialog>
  );
}
