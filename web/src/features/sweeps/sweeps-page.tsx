import { paramRecord } from '../../lib/values.ts';
import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatNumber, formatParams, formatPercent } from '../../lib/format.ts';
import { ProgressBar } from '../../ui/progress-bar.tsx';
import { QueryState } from '../../ui/states.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { createSweepList, type SweepListItem } from './data.ts';
import { evaluationCount } from './evaluations.ts';
import { objectiveLabel } from './search-form.ts';

/** How a sweep checks what it finds, in a few words. */
export function validationText(sweep: SweepListItem): string {
  const v = sweep.validation;
  if (v?.holdoutFraction) return `hold-out ${formatPercent(v.holdoutFraction * 100)}`;
  if (v?.walkForward) return `walk-forward × ${v.walkForward.windows}`;
  return 'in sample only';
}

/** Every parameter sweep with its progress and best combination, kept current by `sweepChanges` (no polling). */
export default function SweepsPage(): JSX.Element {
  const list = createSweepList();
  return (
    <section class="page" data-testid="sweeps-page" data-live={list.live() ? 'on' : 'off'}>
      <header class="page__header">
        <h1>Parameter sweeps</h1>
        <A href="/sweeps/new" class="button primary">New sweep</A>
      </header>
      <QueryState error={list.error()} loading={list.loading()} what="sweeps" empty={list.sweeps().length === 0} emptyText={<p>No sweeps yet. <A href="/sweeps/new">Sweep a strategy's parameters</A> to find what works.</p>}>
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr><th>Sweep</th><th>Status</th><th>Market</th><th>Objective · validation</th><th class="num">Evaluations</th><th class="num">Best score</th><th>Best parameters</th><th>Created (UTC)</th></tr>
            </thead>
            <tbody>
              <For each={list.sweeps()}>
                {(sweep) => (
                  <tr data-testid="sweep-row" data-sweep-id={sweep.id} data-status={sweep.status}>
                    <td><A href={`/sweeps/${sweep.id}`}>{sweep.name}</A></td>
                    <td>
                      <StatusBadge status={sweep.status} />
                      <Show when={sweep.status === 'RUNNING'}><ProgressBar value={sweep.progress} label={`${sweep.name} progress`} /></Show>
                    </td>
                    <td class="small">{sweep.symbols.join(', ')} · {sweep.timeframe}</td>
                    <td class="small">{objectiveLabel(sweep.objective.name)} · {validationText(sweep)}</td>
                    <td class="num">{evaluationCount(sweep.completedEvaluations, sweep.totalEvaluations, sweep.status)}</td>
                    <td class="num">{formatNumber(sweep.best?.score)}</td>
                    <td class="small">{formatParams(sweep.best ? paramRecord(sweep.best.params) : null)}</td>
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
