import { For, Show, type JSX } from 'solid-js';
import type { RecentRun } from '../graphql/operations.ts';
import { formatDateTime, formatPercent } from '../lib/format.ts';

export function RecentRuns(props: { runs: RecentRun[] }): JSX.Element {
  return (
    <section class="panel recent" data-testid="recent-runs">
      <h2>Recent runs</h2>
      <Show when={props.runs.length > 0} fallback={<p class="muted">No backtests yet.</p>}>
        <table class="runs">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">ROI</th>
              <th scope="col" class="num">Win rate</th>
              <th scope="col">Created (UTC)</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.runs}>
              {(run) => (
                <tr data-testid="recent-run">
                  <td>{run.name}</td>
                  <td><span class={`status status--${run.status.toLowerCase()}`}>{run.status}</span></td>
                  <td class="num" classList={{ negative: (run.roi ?? 0) < 0 }}>{formatPercent(run.roi)}</td>
                  <td class="num">{formatPercent(run.winRate)}</td>
                  <td>{formatDateTime(run.createdAt)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
