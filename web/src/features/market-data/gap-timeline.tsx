import { For, type JSX } from 'solid-js';
import { formatDateTime, formatInt } from '../../lib/format.ts';

export interface Gap {
  readonly from: string;
  readonly to: string;
  readonly missing: number;
}

/** The stored span as a bar with each gap marked where it falls (at least a hairline, so short gaps stay visible). */
export function GapTimeline(props: { first: string; last: string; gaps: readonly Gap[]; label: string }): JSX.Element {
  const start = () => Date.parse(props.first);
  const span = () => Math.max(1, Date.parse(props.last) - start());
  const position = (iso: string) => Math.min(100, Math.max(0, ((Date.parse(iso) - start()) / span()) * 100));
  return (
    <div class="gap-timeline" role="img" aria-label={`${props.label}: ${props.gaps.length} gaps between ${formatDateTime(props.first)} and ${formatDateTime(props.last)}`} data-testid="gap-timeline" data-gaps={props.gaps.length}>
      <For each={props.gaps}>
        {(gap) => (
          <span
            class="gap-timeline__gap"
            style={{ left: `${position(gap.from)}%`, width: `max(2px, ${position(gap.to) - position(gap.from)}%)` }}
            title={`${formatInt(gap.missing)} missing: ${formatDateTime(gap.from)} → ${formatDateTime(gap.to)}`}
          />
        )}
      </For>
    </div>
  );
}
