import { Show, type JSX } from 'solid-js';
import { formatInt } from '../../lib/format.ts';
import type { countGrid } from './grid.ts';

/** How many combinations the ranges make, how many the constraints skip, and whether that fits the limit. */
export function GridCount(props: { count: ReturnType<typeof countGrid>; method: string; budget: string; limit: string }): JSX.Element {
  return (
    <div class="field--wide grid-count" aria-live="polite" data-testid="grid-count" data-total={props.count.total} data-skipped={props.count.skipped}>
      <strong>{formatInt(props.count.total)}</strong> combinations
      <Show when={!props.count.tooLarge} fallback={<> (too many to check constraints here)</>}>
        {', '}<strong>{formatInt(props.count.skipped)}</strong> skipped by constraints → <strong>{formatInt(props.count.total - props.count.skipped)}</strong> to run
      </Show>
      <Show when={props.method !== 'GRID'}>
        <div class="small">The {props.method.toLowerCase()} search evaluates at most {props.budget} of them.</div>
      </Show>
      <Show when={props.count.unchecked.length > 0}><div class="muted small">Checked by the server only: {props.count.unchecked.join('; ')}</div></Show>
      <Show when={props.count.total > Number(props.limit)}><div class="field__errors">More than the limit of {props.limit}: narrow the ranges or raise the limit.</div></Show>
    </div>
  );
}
