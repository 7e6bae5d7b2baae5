import { Show, type JSX } from 'solid-js';

/** Copy as GraphQL and Run, and the mutation's text once asked for (to copy by hand where there is no clipboard). */
export function RunFormActions(props: { copied: boolean; running: boolean; ready: boolean; showGraphQL: boolean; graphqlText: string; onCopy: () => void }): JSX.Element {
  return (
    <>
      <div class="actions sticky-actions">
        <button type="button" onClick={() => props.onCopy()} data-testid="copy-graphql">{props.copied ? 'Copied' : 'Copy as GraphQL'}</button>
        <button type="submit" class="primary" disabled={props.running || !props.ready} data-testid="run-button">
          {props.running ? 'Starting…' : 'Run backtest'}
        </button>
      </div>
      <Show when={props.showGraphQL}>
        <label class="field field--wide">
          <span class="field__label">The mutation for this run (any GraphQL tool)</span>
          <textarea readonly rows={12} class="code" data-testid="graphql-text" value={props.graphqlText} />
        </label>
      </Show>
    </>
  );
}
