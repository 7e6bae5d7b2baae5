import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatDrawdown, formatInt, formatNumber, formatPercent, formatPoints, formatPValue, formatSignedPercent } from '../../lib/format.ts';
import { METHOD_LABELS, type SideResult, type Validation } from './validation.ts';

type Row = { label: string; value: (s: SideResult) => number | null; format: (v: number | null) => string; difference: (v: number) => string; better: 'higher' | 'lower' | null };

const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v))}`;

const ROWS: readonly Row[] = [
  { label: 'ROI', value: (s) => s.roi, format: formatSignedPercent, difference: formatPoints, better: 'higher' },
  { label: 'Win rate', value: (s) => s.winRate, format: formatPercent, difference: formatPoints, better: 'higher' },
  { label: 'Max drawdown', value: (s) => s.maxDrawdownPercentage, format: formatDrawdown, difference: formatPoints, better: 'lower' },
  { label: 'Sharpe', value: (s) => s.sharpeRatio, format: formatNumber, difference: signed, better: 'higher' },
  { label: 'Score (objective)', value: (s) => s.score, format: formatNumber, difference: signed, better: 'higher' },
  { label: 'Trades', value: (s) => s.totalTrades, format: formatInt, difference: signed, better: null },
];

/** Current against recommended on one data set, with the difference coloured by which way is better. */
function SideBySide(props: { current: SideResult | null; recommended: SideResult | null; testId: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="data-table compact" data-testid={props.testId}>
        <thead><tr><th>Metric</th><th class="num">Current</th><th class="num">Recommended</th><th class="num">Difference</th></tr></thead>
        <tbody>
          <For each={ROWS}>
            {(row) => {
              const c = () => (props.current ? row.value(props.current) : null);
              const r = () => (props.recommended ? row.value(props.recommended) : null);
              const diff = () => (c() !== null && r() !== null ? r()! - c()! : null);
              const good = () => (diff() === null || row.better === null || diff() === 0 ? '' : (diff()! > 0) === (row.better === 'higher') ? 'gain' : 'loss');
              return (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="num">{row.format(c())}</td>
                  <td class="num">{row.format(r())}</td>
                  <td class={`num ${good()}`}>{diff() === null ? '—' : row.difference(diff()!)}</td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/**
 * How the recommendation was checked on data it was not derived from: the method and range, both
 * sides out of sample (and in sample, to see what held up), the bootstrap probability that it beats
 * the current values, range edges, and for a symbol or timeframe every market compared.
 */
export function ValidationView(props: { validation: Validation | null }): JSX.Element {
  return (
    <Show when={props.validation} fallback={<p class="muted">No validation was recorded.</p>}>
      {(v) => (
        <div data-testid="validation-view" data-method={v().method ?? ''}>
          <p>
            <strong>{v().method ? METHOD_LABELS[v().method!] : 'Unknown method'}</strong>
            <Show when={v().fromMs !== null}> · {formatDateTime(v().fromMs)} → {formatDateTime(v().toMs)}</Show>
          </p>
          <Show when={v().test}>
            {(test) => (
              <p data-testid="significance-test" data-p={test().adjustedPValue}>
                Tested once on the validation days against the current settings: a paired bootstrap of the daily returns gives p = <strong>{formatPValue(test().pValue)}</strong>
                <Show when={test().candidatesTested > 1}>, <strong>{formatPValue(test().adjustedPValue)}</strong> after Holm's correction for {test().candidatesTested} candidates</Show>;{' '}
                {test().adjustedPValue < test().alpha ? 'below' : 'not below'} α = {formatNumber(test().alpha)}.
              </p>
            )}
          </Show>
          <Show when={v().onEdgeOf.length > 0}>
            <p class="notice warn" data-testid="on-edge">On the edge of the swept range of {v().onEdgeOf.join(', ')}: the optimum may lie outside the grid. Widen it and sweep again (confidence lowered).</p>
          </Show>
          <div class="two-columns">
            <section>
              <h3>Out of sample{v().method === 'ACROSS_SWEEPS' ? ' (the current market’s validation dates)' : ''}</h3>
              <SideBySide current={v().current} recommended={v().recommended} testId="validation-out-of-sample" />
            </section>
            <Show when={v().inSample}>
              {(inSample) => (
                <section>
                  <h3>In sample (the search's data)</h3>
                  <SideBySide current={inSample().current} recommended={inSample().recommended} testId="validation-in-sample" />
                </section>
              )}
            </Show>
          </div>
          <Show when={v().perYear.length > 0}>
            <h3>Per calendar year of the validation dates</h3>
            <div class="table-wrap">
              <table class="data-table compact" data-testid="validation-per-year">
                <thead><tr><th>Year</th><th class="num">Current</th><th class="num">Recommended</th><th class="num">Difference</th></tr></thead>
                <tbody>
                  <For each={v().perYear}>
                    {(y) => {
                      const diff = () => (y.current == null || y.recommended == null ? null : y.recommended - y.current);
                      return (
                        <tr>
                          <th scope="row">{y.year}</th>
                          <td class="num">{formatSignedPercent(y.current)}</td>
                          <td class="num">{formatSignedPercent(y.recommended)}</td>
                          <td class={`num ${diff() == null ? '' : diff()! >= 0 ? 'gain' : 'loss'}`}>{formatPoints(diff())}</td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
          <Show when={v().markets.length > 0}>
            <h3>Every market compared, over the same dates</h3>
            <div class="table-wrap">
              <table class="data-table compact" data-testid="validation-markets">
                <thead><tr><th>Market</th><th class="num">OOS ROI</th><th class="num">OOS trades</th><th class="num">OOS win rate</th><th class="num">IS Sharpe</th><th class="num">IS ROI</th><th>Sweep</th></tr></thead>
                <tbody>
                  <For each={v().markets}>
                    {(m) => (
                      <tr>
                        <th scope="row">{m.market}</th>
                        <td class={`num ${(m.outOfSample?.roi ?? 0) > 0 ? 'gain' : 'loss'}`}>{formatSignedPercent(m.outOfSample?.roi)}</td>
                        <td class="num">{formatInt(m.outOfSample?.totalTrades)}</td>
                        <td class="num">{formatPercent(m.outOfSample?.winRate)}</td>
                        <td class="num">{formatNumber(m.inSample?.sharpeRatio)}</td>
                        <td class="num">{formatSignedPercent(m.inSample?.roi)}</td>
                        <td><Show when={m.sweepId} fallback="—">{(id) => <A href={`/sweeps/${id()}`}>open</A>}</Show></td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </div>
      )}
    </Show>
  );
}
