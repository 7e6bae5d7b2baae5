import { For, Show, type JSX } from 'solid-js';
import { ReliabilityChart } from '../../charts/reliability-chart.tsx';
import type { ApiError } from '../../lib/errors.ts';
import { formatInt, formatNumber, formatPercent, formatPoints } from '../../lib/format.ts';
import { QueryState } from '../../ui/states.tsx';
import type { TypeStats } from './data.ts';

/**
 * How each type of recommendation has done: counts by status, and what the measured ones say about the
 * next (the confidence's calibration slope, the Brier score, the reliability curve, and the scale of
 * expected improvements). RISK is measured in Sharpe ratio, the others in ROI points.
 */
export function TrackRecord(props: { stats: readonly TypeStats[]; loading: boolean; error: ApiError | null }): JSX.Element {
  const unit = (s: TypeStats, x: number | null | undefined) => (s.calibration.improvementUnit === 'SHARPE' ? (x == null ? '—' : `${x >= 0 ? '+' : '−'}${formatNumber(Math.abs(x))} Sharpe`) : formatPoints(x));
  const measured = () =>
    props.stats.flatMap((s) => s.calibration.reliability.filter((b) => b.count > 0 && b.meanPredicted != null && b.hitRate != null).map((b) => ({ ...b, meanPredicted: b.meanPredicted!, hitRate: b.hitRate! })));
  return (
    <section class="panel" aria-labelledby="track-title" data-testid="recommendation-stats">
      <h2 id="track-title">Track record</h2>
      <p class="muted small">
        Applied recommendations are measured on data newer than their evidence; a hit is a realised improvement above 0. A confidence is the predicted probability of a hit: the
        calibration slope keeps the next confidences as close to ½ as the measured ones deserved, and realised / expected gains scale the next expected improvements.
      </p>
      <QueryState error={props.error} loading={props.loading} what="the track record">
        <div class="table-wrap">
          <table class="data-table compact">
            <thead>
              <tr>
                <th>Type</th><th class="num">Total</th><th class="num">Pending</th><th class="num">Accepted</th><th class="num">Applied</th><th class="num">Rejected</th>
                <th class="num">Measured</th><th class="num">Hits</th><th class="num">Hit rate</th><th class="num">Brier</th><th class="num">Slope</th><th class="num">Mean expected</th><th class="num">Mean realised</th>
                <th class="num">Scale</th>
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
                    <td class="num" title="Hits of those measured; the calibration uses (hits + 1) / (measured + 2), ½ before any is measured">
                      {s.calibration.measured > 0 ? formatPercent((s.calibration.hits / s.calibration.measured) * 100) : '—'}
                    </td>
                    <td class="num" title="Mean of (confidence − outcome)²: 0 perfect, 0.25 always ½">{formatNumber(s.calibration.brierScore)}</td>
                    <td class="num">× {formatNumber(s.calibration.slope)}</td>
                    <td class="num">{unit(s, s.calibration.meanExpectedImprovement)}</td>
                    <td class={`num ${s.calibration.meanRealisedImprovement == null ? '' : s.calibration.meanRealisedImprovement >= 0 ? 'gain' : 'loss'}`}>{unit(s, s.calibration.meanRealisedImprovement)}</td>
                    <td class="num">× {formatNumber(s.calibration.scale)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <h3>Reliability</h3>
        <Show when={measured().length > 0} fallback={<p class="muted small" data-testid="reliability-empty">No applied recommendation has been measured yet: the curve appears once one has.</p>}>
          <ReliabilityChart points={measured()} />
          <p class="muted small">Each point is a bin of measured recommendations (all types): the confidence they were given against how often they came true. A calibrated record lies on the diagonal.</p>
        </Show>
      </QueryState>
    </section>
  );
}
