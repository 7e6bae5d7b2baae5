import type { JSX } from 'solid-js';

/** A run, sweep, fetch or recommendation status as a coloured badge. */
export function StatusBadge(props: { status: string; testId?: string }): JSX.Element {
  return (
    <span class={`status status--${props.status.toLowerCase()}`} data-testid={props.testId ?? 'status'}>
      {props.status}
    </span>
  );
}
