import { For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { RunExecutionMarks } from './data.ts';

/** Rows shown before "and n more": the API serves the whole list. */
const ROWS_SHOWN = 200;

/** Entry signals that did not become positions: when, which pair and side, the rank value it was ordered by, and why. */
export function SkippedSignals(props: { execution: RunExecutionMarks | null }): JSX.Element {
  const rows = () => props.execution?.skippedSignals ?? [];
  return (
    <Show when={rows().length > 0} fallback={<p class="muted">No entry signal was skipped.</p>}>
      <div class="table-wrap skipped-signals">
        <table class="data-table compact" data-testid="skipped-signals">
          <thead>
            <tr><th>Would have filled</th><th>Symbol</th><th>Side</th><th class="num">Rank value</th><th>Reason</th></tr>
          </thead>
          <tbody>
            <For each={rows().slice(0, ROWS_SHOWN)}>
              {(s) => (
                <tr>
                  <td>{formatDateTime(s.timeMs)}</td>
                  <td>{s.symbol}</td>
                  <td>{s.direction}</td>
                  <td class="num">{formatNumber(s.rankValue)}</td>
                  <td>{s.reason}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={rows().length > ROWS_SHOWN}>
        <p class="muted small">and {rows().length - ROWS_SHOWN} more</p>
      </Show>
    </Show>
  );
}
