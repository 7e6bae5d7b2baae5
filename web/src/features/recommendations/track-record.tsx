import { For, type JSX } from 'solid-js';
import type { ApiError } from '../../lib/errors.ts';
import { formatInt, formatNumber, formatPercent, formatPoints } from '../../lib/format.ts';
import { QueryState } from '../../ui/states.tsx';
import type { TypeStats } from './data.ts';

/**
 * How each type of recommendation has done: counts by status, and the calibration realised results
 * give (hit rate, how realised gains compared with expected ones), which scales the next ones.
 */
export function TrackRecord(props: { stats: readonly TypeStats[]; loading: boolean; error: ApiError | null }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="track-title" data-testid="recommendation-stats">
      <h2 id="track-title">Track record</h2>
      <p class="muted small">
        Applied recommendations are measured on data newer than their evidence. Per type, the hit rate (hits + 1) / (measured + 2) sets the confidence multiplier min(1, 2 × hit rate), and
        realised / expected gains set the scale applied to the next expected improvements.
      </p>
      <QueryState error={props.error} loading={props.loading} what="the track record">
        <div class="table-wrap">
          <table class="data-table compact">
            <thead>
              <tr>
                <th>Type</th><th class="num">Total</th><th class="num">Pending</th><th class="num">Accepted</th><th class="num">Applied</th><th class="num">Rejected</th>
                <th class="num">Measured</th><th class="num">Hits</th><th class="num">Hit rate</th><th class="num">Mean expected</th><th class="num">Mean realised</th><th class="num">Scale</th><th class="num">Confidence ×</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.stats}>
                {(s) => (
                  <tr data-testid="stats-row" data-type={s.type} data-total={s.total} data-applied={s.applied}>
                    <th scope="row">{s.type.toLowerCase()}</th>
                    <td class="num">{formatInt(s.total)}</td>
                    <td class="num">{formatInt(s.pending)}</td>
                    <td class="num">{formatInt(s.accepted)}</td>
                    <td class="num">{formatInt(s.applied)}</td>
                    <td class="num">{formatInt(s.rejected)}</td>
                    <td class="num">{formatInt(s.calibration.measured)}</td>
                    <td class="num">{formatInt(s.calibration.hits)}</td>
                    <td class="num">{formatPercent(s.calibration.hitRate * 100)}</td>
                    <td class="num">{formatPoints(s.calibration.meanExpectedRoiImprovement)}</td>
                    <td class={`num ${s.calibration.meanRealisedRoiImprovement == null ? '' : s.calibration.meanRealisedRoiImprovement >= 0 ? 'gain' : 'loss'}`}>{formatPoints(s.calibration.meanRealisedRoiImprovement)}</td>
                    <td class="num">× {formatNumber(s.calibration.scale)}</td>
                    <td class="num">× {formatNumber(s.calibration.confidenceMultiplier)}</td>
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
