import { For, Show, createUniqueId, type JSX } from 'solid-js';

/**
 * A labelled form control with help text and the errors the API or the form found for it; the
 * control is linked to both (aria-describedby) so screen readers read them.
 */
export function Field(props: {
  label: string;
  help?: JSX.Element;
  errors?: readonly string[] | undefined;
  wide?: boolean;
  field?: string;
  children: (ids: { id: string; describedBy: string; invalid: boolean }) => JSX.Element;
}): JSX.Element {
  const id = createUniqueId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const invalid = () => (props.errors?.length ?? 0) > 0;
  return (
    <div class={`field${props.wide ? ' field--wide' : ''}${invalid() ? ' field--invalid' : ''}`} data-field={props.field}>
      <label class="field__label" for={id}>{props.label}</label>
      {props.children({ id, describedBy: `${props.help ? helpId : ''} ${invalid() ? errorId : ''}`.trim(), invalid: invalid() })}
      <Show when={props.help}>
        <p class="field__hint" id={helpId}>{props.help}</p>
      </Show>
      <Show when={invalid()}>
        <ul class="field__errors" id={errorId} data-testid={`field-error-${props.field ?? ''}`}>
          <For each={props.errors}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}
