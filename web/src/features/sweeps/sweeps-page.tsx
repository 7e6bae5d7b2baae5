import { A } from '@solidjs/router';
import { For, onCleanup, Show, type JSX } from 'solid-js';
import { formatDateTime, formatInt, formatNumber, formatParams } from '../../lib/format.ts';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createSweepList } from './data.ts';

const REFRESH_MS = 3000;

/** Every parameter sweep with its progress and best combination. */
export default function SweepsPage(): JSX.Element {
  const list = createSweepList();
  const timer = setInterval(() => document.visibilityState === 'visible' && list.sweeps().some((s) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(s.status)) && list.refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  return (
    <section class="page" data-testid="sweeps-page">
      <header class="page__header">
        <h1>Parameter sweeps</h1>
        <A href="/sweeps/new" class="button primary">New sweep</A>
      </header>
      <QueryState error={list.error()} loading={list.loading()} what="sweeps" empty={list.sweeps().length === 0} emptyText={<p>No sweeps yet. <A href="/sweeps/new">Sweep a strategy's parameters</A> to find what works.</p>}>
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr><th>Sweep</th><th>Status</th><th>Market</th><th class="num">Evaluations</th><th class="num">Best score</th><th>Best parameters</th><th>Created (UTC)</th></tr>
            </thead>
            <tbody>
              <For each={list.sweeps()}>
                {(sweep) => (
                  <tr data-testid="sweep-row">
                    <td><A href={`/sweeps/${sweep.id}`}>{sweep.name}</A></td>
                    <td>
                      <StatusBadge status={sweep.status} />
                      <Show when={sweep.status === 'RUNNING'}><ProgressBar value={sweep.progress} label={`${sweep.name} progress`} /></Show>
                    </td>
                    <td class="small">{sweep.symbols.join(', ')} · {sweep.timeframe}</td>
                    <td class="num">{formatInt(sweep.completedEvaluations)} / {formatInt(sweep.totalEvaluations)}</td>
                    <td class="num">{formatNumber(sweep.best?.score)}</td>
                    <td class="small">{formatParams(sweep.best?.params)}</td>
                    <td class="small nowrap">{formatDateTime(sweep.createdAt)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  );
}
