import { For, Show, type JSX } from 'solid-js';
import { isUserStrategyName } from '../../../domain/strategy-names.ts';

/**
 * A select's strategy options in two groups, the built-ins and the strategies people saved: a saved one may
 * carry a built-in's name ("rsi_reversion", started from it), and the group tells them apart.
 */
export function StrategyOptions<T>(props: { strategies: readonly T[]; value: (s: T) => string; label: (s: T) => string; selected?: string }): JSX.Element {
  const option = (s: T) => (
    <option value={props.value(s)} selected={props.selected !== undefined && props.value(s) === props.selected}>
      {props.label(s)}
    </option>
  );
  const saved = () => props.strategies.filter((s) => isUserStrategyName(props.value(s)));
  return (
    <>
      <optgroup label="Built-in">
        <For each={props.strategies.filter((s) => !isUserStrategyName(props.value(s)))}>{option}</For>
      </optgroup>
      <Show when={saved().length > 0}>
        <optgroup label="Saved">
          <For each={saved()}>{option}</For>
        </optgroup>
      </Show>
    </>
  );
}
