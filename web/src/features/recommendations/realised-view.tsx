import { A } from '@solidjs/router';
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { formatDateTime, formatPoints, formatSignedPercent } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { Recommendation } from './data.ts';

/**
 * What applying it brought: the recommended and the current values backtested on data newer than
 * the evidence, realised against expected improvement (live while the validation runs go).
 */
export function RealisedView(props: { recommendation: Recommendation; compact?: boolean }): JSX.Element {
  const r = () => props.recommendation;
  const range = () => (r().realisedFrom ? ` (${formatDateTime(r().realisedFrom)} → ${formatDateTime(r().realisedTo)})` : '');
  return (
    <div class="realised" data-testid="realised" data-realised-status={r().realisedStatus ?? ''} aria-live="polite">
      <Switch>
        <Match when={r().realisedStatus === 'RUNNING'}>
          <p><StatusBadge status="RUNNING" testId="realised-status" /> Applied: backtesting the recommended and the current values on newer data{range()}…</p>
        </Match>
        <Match when={r().realisedStatus === 'MEASURED'}>
          <p>
            <StatusBadge status="MEASURED" testId="realised-status" /> On newer data{range()}: ROI{' '}
            <strong class={(r().realisedRoiImprovement ?? 0) >= 0 ? 'gain' : 'loss'} data-testid="realised-roi">{formatPoints(r().realisedRoiImprovement)}</strong> realised against{' '}
            {formatPoints(r().expectedRoiImprovement)} expected; win rate {formatPoints(r().realisedWinRateImprovement)} against {formatPoints(r().expectedWinRateImprovement)}.
          </p>
        </Match>
        <Match when={r().realisedStatus === 'NO_NEW_DATA'}>
          <p><StatusBadge status="NO_NEW_DATA" testId="realised-status" /> Not measured yet: {r().realisedMessage ?? 'too few candles are stored after the evidence'}.</p>
        </Match>
        <Match when={r().realisedStatus === 'FAILED'}>
          <p><StatusBadge status="FAILED" testId="realised-status" /> The measurement failed: {r().realisedMessage ?? 'see the validation runs'}.</p>
        </Match>
      </Switch>
      <Show when={!props.compact && r().validationRuns.length > 0}>
        <ul class="plain-list" data-testid="validation-runs">
          <For each={r().validationRuns}>
            {(run) => (
              <li>
                <A href={`/runs/${run.id}`}>{run.name}</A> <StatusBadge status={run.status} />{' '}
                <span class="muted small">{run.symbols.join(', ')} · {run.timeframe}{run.metrics ? ` · ROI ${formatSignedPercent(run.metrics.roi)} over ${run.metrics.totalTrades} trades` : ''}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
