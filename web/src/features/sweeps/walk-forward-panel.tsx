import { paramRecord } from '../../lib/values.ts';
import { createMemo, For, Show, type JSX } from 'solid-js';
import { ReturnsChart, type ReturnSeries } from '../../charts/returns-chart.tsx';
import type { ApiError } from '../../lib/errors.ts';
import { formatRange } from '../../lib/dates.ts';
import { formatNumber, formatPercent, formatPoints } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { METRICS, type MetricKey } from '../../lib/metrics.ts';
import type { Sweep, WalkForward } from './data.ts';
import { OpenRowButton } from '../../ui/open-row-button.tsx';
import { rowValue, SCORE_COLUMN, ROW_COLUMNS } from '../../lib/row-columns.ts';
import { sweptParams } from './row-metrics.ts';

const roi = ROW_COLUMNS.find((c) => c.key === 'roi')!;
const trades = ROW_COLUMNS.find((c) => c.key === 'totalTrades')!;

/** The stitched accounts' metrics compared side by side. */
const STITCHED_METRICS: readonly MetricKey[] = ['roi', 'maxDrawdownPercentage', 'sharpeRatio', 'winRate', 'profitFactor', 'totalTrades', 'finalEquity'];

/** Equity as % return from the initial capital, for overlaying two accounts. */
const asReturns = (label: string, curve: ReadonlyArray<{ timestamp: string; equity: number }>, capital: number): ReturnSeries => ({
  label,
  points: curve.map((p) => ({ x: Date.parse(p.timestamp), y: (p.equity / capital - 1) * 100 })),
});

/**
 * Walk-forward: per window, the set the search chose in sample and how it did on the following
 * out-of-sample data (beside the current parameters on the same data); efficiency, how stable the
 * choices were, and the out-of-sample windows stitched into one account against the current
 * parameters' stitched account.
 */
export function WalkForwardPanel(props: { sweep: Sweep; report: WalkForward | null; error: ApiError | null; swept: readonly string[] }): JSX.Element {
  const capital = () => props.sweep.settings.initialCapital;
  const series = createMemo(() => {
    const r = props.report;
    if (!r?.stitched) return [];
    return [
      asReturns("Walk-forward: each window's choice, out of sample", r.stitched.curve, capital()),
      ...(r.baselineStitched ? [asReturns('Current parameters, same windows', r.baselineStitched.curve, capital())] : []),
    ];
  });
  /** Windows whose search has chosen a set; stability means something from two of them on. */
  const chosen = () => props.report?.windows.filter((w) => w.inSample !== null).length ?? 0;
  const soFar = () => (props.sweep.status === 'COMPLETED' ? '' : ' so far');
  const stability = (value: number | null | undefined) => (chosen() < 2 ? '—' : `${formatNumber(value)}${soFar()}`);
  return (
    <section class="panel" aria-labelledby="wf-title" data-testid="walk-forward-panel">
      <h2 id="wf-title">Walk-forward</h2>
      <ErrorBox error={props.error} title="Could not load the walk-forward report" />
      <Show when={props.report} fallback={<p class="muted">Loading the walk-forward report…</p>}>
        {(report) => (
          <>
            <dl class="counters">
              <div title="Annualised out-of-sample return / annualised in-sample return (Pardo): near 1 holds up, near 0 was fit to noise">
                <dt>Walk-forward efficiency</dt>
                <dd data-testid="wf-efficiency">{report().efficiency.overall === null ? `— (${report().efficiency.reason ?? 'not computable'})` : formatNumber(report().efficiency.overall)}</dd>
              </div>
              <div title="1 = the same value chosen in every window">
                <dt>Parameter stability</dt>
                <dd data-testid="wf-stability-overall">{chosen() < 2 ? `— (${chosen()} of ${report().windows.length} windows chosen)` : stability(report().stabilityOverall)}</dd>
              </div>
              <div><dt>Stitched out-of-sample ROI</dt><dd class={report().stitched ? (report().stitched!.metrics.roi >= 0 ? 'gain' : 'loss') : undefined}>{roi.format(report().stitched?.metrics.roi)}</dd></div>
              <div><dt>Current parameters, same windows</dt><dd>{roi.format(report().baselineStitched?.metrics.roi)}</dd></div>
            </dl>

            <Show when={report().efficiency.thinWindows.length > 0}>
              <p class="notice warn" data-testid="wf-thin">
                Thin: window{report().efficiency.thinWindows.length > 1 ? 's' : ''} {report().efficiency.thinWindows.join(', ')} made fewer out-of-sample trades than minTrades ({props.sweep.minTrades}).
                Their returns are luck rather than evidence: no efficiency of their own, left out of the overall figure, never the basis of a recommendation.
              </p>
            </Show>
            <h3>Windows</h3>
            <div class="table-wrap">
              <table class="data-table compact" data-testid="wf-windows">
                <thead>
                  <tr>
                    <th>#</th><th>In sample (UTC)</th><th>Chosen</th><th class="num">IS score</th><th class="num">IS ROI</th>
                    <th>Out of sample (UTC)</th><th class="num">OOS ROI</th><th class="num">OOS trades</th><th class="num">Current OOS ROI</th><th class="num" title="OOS ROI minus the current parameters' OOS ROI, in percentage points">vs current</th><th class="num">Efficiency</th><th><span class="visually-hidden">Open</span></th>
                  </tr>
                </thead>
                <tbody>
                  <For each={report().windows}>
                    {(w, index) => {
                      // The window's ROI is coloured by its own sign; how it did against the current parameters is a column of its own.
                      const oosRoi = () => (w.outOfSample ? rowValue(w.outOfSample, 'roi') : null);
                      const edge = () => {
                        const ours = oosRoi(), theirs = w.baselineOutOfSample ? rowValue(w.baselineOutOfSample, 'roi') : null;
                        return ours != null && theirs != null ? ours - theirs : null;
                      };
                      const sign = (v: number | null | undefined) => (v == null || v === 0 ? '' : v > 0 ? 'gain' : 'loss');
                      return (
                        <tr data-testid="wf-window" data-window={w.window} data-thin={report().efficiency.thinWindows.includes(w.window)} class={report().efficiency.thinWindows.includes(w.window) ? 'thin' : ''}>
                          <td>{w.window}</td>
                          <td class="small nowrap">{w.inSample ? formatRange(w.inSample.fromDate, w.inSample.toDate) : '—'}</td>
                          <td class="small">{w.inSample ? sweptParams(w.inSample.params, props.swept) : '—'}</td>
                          <td class="num">{SCORE_COLUMN.format(w.inSample?.score)}</td>
                          <td class="num">{w.inSample ? roi.format(rowValue(w.inSample, 'roi')) : '—'}</td>
                          <td class="small nowrap">{w.outOfSample ? formatRange(w.outOfSample.fromDate, w.outOfSample.toDate) : '—'}</td>
                          <td class={`num ${sign(oosRoi())}`} data-testid="wf-oos-roi">{w.outOfSample ? roi.format(oosRoi()) : '—'}</td>
                          <td class="num">{w.outOfSample ? trades.format(rowValue(w.outOfSample, 'totalTrades')) : '—'}</td>
                          <td class="num">{w.baselineOutOfSample ? roi.format(rowValue(w.baselineOutOfSample, 'roi')) : '—'}</td>
                          <td class={`num ${sign(edge())}`} data-testid="wf-vs-current">{formatPoints(edge())}</td>
                          <td class="num" title={report().efficiency.perWindowReasons[index()] ?? undefined}>
                            {report().efficiency.perWindow[index()] === null ? <span class="muted small">{report().efficiency.thinWindows.includes(w.window) ? 'thin' : '—'}</span> : formatNumber(report().efficiency.perWindow[index()])}
                          </td>
                          <td class="nowrap small">
                            <Show when={w.inSample}>{(r) => <div>In: <OpenRowButton row={r()} label="open" /></div>}</Show>
                            <Show when={w.outOfSample}>{(r) => <div>Out: <OpenRowButton row={r()} label="open" /></div>}</Show>
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>

            <h3>Stitched out-of-sample account</h3>
            <Show when={report().stitched} fallback={<p class="muted">{props.sweep.status === 'COMPLETED' ? 'No stitched account was stored.' : 'Stitched when the sweep completes.'}</p>}>
              {(stitched) => (
                <>
                  <p class="muted small">Each window's chosen set traded only on its out-of-sample data, the windows one after another as one account, against the current parameters on the same windows.</p>
                  <div data-testid="stitched-panel" data-points={stitched().curve.length} data-baseline-points={report().baselineStitched?.curve.length ?? 0}>
                    <ReturnsChart series={series()} testId="stitched-chart" />
                  </div>
                  <div class="table-wrap">
                    <table class="data-table compact" data-testid="stitched-metrics">
                      <thead><tr><th>Metric</th><th class="num">Walk-forward</th><th class="num">Current parameters</th></tr></thead>
                      <tbody>
                        <For each={STITCHED_METRICS}>
                          {(key) => {
                            const spec = METRICS.find((m) => m.key === key)!;
                            return (
                              <tr>
                                <th scope="row">{spec.label}</th>
                                <td class="num">{spec.format(stitched().metrics[key], '')}</td>
                                <td class="num">{spec.format(report().baselineStitched?.metrics[key] ?? null, '')}</td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </Show>

            <h3>Chosen values per window</h3>
            <div class="table-wrap">
              <table class="data-table compact" data-testid="wf-stability">
                <thead><tr><th>Parameter</th><For each={report().windows}>{(w) => <th class="num">W{w.window}</th>}</For><th class="num" title="Share of windows choosing the most common value">Most common</th><th class="num" title="1 = the same value in every window">Stability</th></tr></thead>
                <tbody>
                  <For each={report().stability}>
                    {(p) => (
                      <tr data-testid="wf-chosen" data-param={p.name}>
                        <th scope="row">{p.name}</th>
                        {/* Each window's own choice under its own column: a window still searching shows —. */}
                        <For each={report().windows}>{(w) => <td class="num" data-window={w.window}>{w.inSample ? String(paramRecord(w.inSample.params)[p.name]) : '—'}</td>}</For>
                        <td class="num">{chosen() < 2 ? '—' : formatPercent(p.modeShare * 100)}</td>
                        <td class="num">{stability(p.stability)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
