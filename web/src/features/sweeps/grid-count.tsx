import { Show, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { formatInt } from '../../lib/format.ts';

/** The sweepPlan answer the count shows (the server's own grid and constraints). */
export interface PlanCount {
  readonly combinations: number;
  readonly skippedByConstraint: number | null;
  readonly toRun: number | null;
  readonly limit: number;
  readonly overLimit: string | null;
}

/** How many combinations the ranges make, how many the constraints skip, and whether that fits the limit: as the server counts them. */
export function GridCount(props: { plan: PlanCount | null; error: ApiError | null; counting: boolean; method: string; budget: string }): JSX.Element {
  return (
    <div class="field--wide grid-count" aria-live="polite" data-testid="grid-count" data-total={props.plan?.combinations} data-skipped={props.plan?.skippedByConstraint ?? undefined}>
      <Show when={props.plan} fallback={<span class="muted">{props.error ? `Not counted: ${props.error.message}` : props.counting ? 'Counting the combinations…' : 'The count appears once the form has no problem left.'}</span>}>
        {(plan) => (
          <>
            <strong>{formatInt(plan().combinations)}</strong> combinations
            <Show when={plan().skippedByConstraint !== null} fallback={<> (constraints not checked beyond the limit)</>}>
              {', '}<strong>{formatInt(plan().skippedByConstraint!)}</strong> skipped by constraints → <strong>{formatInt(plan().toRun!)}</strong> to run
            </Show>
            <Show when={props.method !== 'GRID'}>
              <div class="small">The {props.method.toLowerCase()} search evaluates at most {props.budget} of them.</div>
            </Show>
            <Show when={plan().overLimit}><div class="field__errors">{plan().overLimit}: narrow the ranges or raise the limit (at most {formatInt(plan().limit)}).</div></Show>
          </>
        )}
      </Show>
    </div>
  );
}
