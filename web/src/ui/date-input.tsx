import { createEffect, type JSX } from 'solid-js';

/**
 * A date field that takes typed dates. Chrome's date input is typed segment by segment (month, day,
 * year digit by digit), and every keystroke that makes a valid date fires `input`; writing that value
 * back into the element (what a controlled `value={…}` does on each change) resets its typing state,
 * so "01/01/2025" became 0025-10-12. The value is written only when it differs from what the element
 * holds: a change from outside (a preset, the stored range) shows, the user's typing is left alone.
 */
export function DateInput(props: {
  id?: string;
  describedBy?: string;
  value: string;
  min?: string;
  max?: string;
  invalid?: boolean;
  onChange: (value: string) => void;
  testId?: string;
}): JSX.Element {
  let input: HTMLInputElement | undefined;
  createEffect(() => {
    const value = props.value;
    if (input && input.value !== value) input.value = value;
  });
  return (
    <input
      ref={input}
      id={props.id}
      type="date"
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid}
      min={props.min}
      max={props.max}
      onInput={(e) => props.onChange(e.currentTarget.value)}
      data-testid={props.testId}
    />
  );
}
