import { createUniqueId, For, Show, type JSX } from 'solid-js';
import { Problems, useBuilder } from './builder-context.tsx';
import type { Node } from './document.ts';

const DEFAULT = 'default';
const NUMBER = 'value';

/**
 * A number of the document: written in place (`{ value }`) or a named parameter (`{ param }`); with
 * `defaultValue`, it may also be left out (an indicator parameter taking its default).
 */
export function NumberField(props: {
  label: string;
  path: string;
  value: Node | undefined;
  onChange: (value: Node | undefined) => void;
  defaultValue?: number;
  unit?: string | null;
}): JSX.Element {
  const builder = useBuilder();
  const id = createUniqueId();
  const mode = () => (props.value === undefined ? DEFAULT : 'param' in props.value ? `param:${props.value['param']}` : NUMBER);
  const choose = (choice: string) => {
    if (choice === DEFAULT) props.onChange(undefined);
    else if (choice === NUMBER) props.onChange({ value: props.defaultValue ?? (props.value && 'value' in props.value ? props.value['value'] : 0) });
    else props.onChange({ param: choice.slice('param:'.length) });
  };
  return (
    <div class="number-field" data-number={props.path}>
      <label for={id}>{props.label}{props.unit ? ` (${props.unit})` : ''}</label>
      <div class="number-field__controls">
        <select id={mode() === NUMBER ? undefined : id} aria-label={`${props.label}: number or parameter`} value={mode()} onChange={(e) => choose(e.currentTarget.value)} data-role="number-mode">
          <Show when={props.defaultValue !== undefined}>
            <option value={DEFAULT}>default ({props.defaultValue})</option>
          </Show>
          <option value={NUMBER}>number</option>
          <For each={builder.paramNames()}>{(name) => <option value={`param:${name}`}>parameter {name}</option>}</For>
        </select>
        <Show when={mode() === NUMBER}>
          <input
            id={id}
            type="number"
            step="any"
            inputMode="decimal"
            value={String(props.value?.['value'] ?? '')}
            onInput={(e) => {
              const n = e.currentTarget.valueAsNumber;
              if (Number.isFinite(n)) props.onChange({ value: n });
            }}
            data-role="number-value"
          />
        </Show>
      </div>
      <Problems path={props.path} />
    </div>
  );
}
