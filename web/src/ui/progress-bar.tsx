import type { JSX } from 'solid-js';

/** A determinate progress bar; `value` is 0..1 and is exposed to assistive tech as 0–100. */
export function ProgressBar(props: { value: number; label: string; tone?: 'running' | 'done' | 'failed'; testId?: string }): JSX.Element {
  const percent = () => Math.round(Math.min(1, Math.max(0, props.value || 0)) * 100);
  return (
    <div
      class={`progress progress--${props.tone ?? 'running'}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent()}
      data-testid={props.testId ?? 'progress-bar'}
    >
      <div class="progress__fill" style={{ width: `${percent()}%` }} />
      <span class="progress__text">{percent()} %</span>
    </div>
  );
}
