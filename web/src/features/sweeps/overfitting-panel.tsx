import { For, Show, type JSX } from 'solid-js';
import { formatInt, formatNumber, formatPercent } from '../../lib/format.ts';
import type { Sweep } from './data.ts';

type Overfitting = NonNullable<Sweep['overfitting']>;

/**
 * Whether the sweep's choice is real, as the server computed it when the sweep completed: the
 * Probability of Backtest Overfitting over its in-sample rows and the Deflated Sharpe Ratio of its best
 * row, each read in words; and, for an ADAPTIVE sweep, where its search started and which markets that
 * was learned from.
 */
export function OverfittingPanel(props: { overfitting: Overfitting | null; learnedStart: Sweep['learnedStart'] }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="overfitting-title" data-testid="overfitting-panel">
      <h2 id="overfitting-title">Is the choice real?</h2>
      <Show when={props.overfitting} fallback={<p class="muted">Computed when the sweep completes.</p>}>
        {(o) => (
          <dl class="counters">
            <div title="Share of the combinatorial splits of the in-sample days where the set best on one half ranks in the bottom half of the other (Bailey et al. 2015)">
              <dt>Probability of backtest overfitting</dt>
              <dd data-testid="pbo" data-value={o().pbo?.probability ?? ''} class={o().pbo == null ? '' : o().pbo!.probability > 0.5 ? 'loss' : 'gain'}>
                {o().pbo == null ? `— (${o().pboReason ?? 'not computable'})` : formatPercent(o().pbo!.probability * 100)}
              </dd>
            </div>
            <div title="Probability that the best row's Sharpe ratio beats what that many sets without edge would show by luck (Bailey and López de Prado 2014)">
              <dt>Deflated Sharpe ratio of the best row</dt>
              <dd data-testid="dsr" data-value={o().deflatedSharpe?.ratio ?? ''} class={o().deflatedSharpe?.ratio == null ? '' : o().deflatedSharpe!.ratio! >= 0.95 ? 'gain' : ''}>
                {o().deflatedSharpe == null ? `— (${o().deflatedSharpeReason ?? 'not computable'})` : formatNumber(o().deflatedSharpe!.ratio)}
              </dd>
            </div>
            <Show when={o().pbo}>
              {(pbo) => (
                <div title="Of the chosen sets across the splits"><dt>Out-of-sample loss</dt><dd>{formatPercent(pbo().probabilityOfLoss * 100)} of {formatInt(pbo().splits)} splits</dd></div>
              )}
            </Show>
            <Show when={o().deflatedSharpe}>
              {(dsr) => (
                <div title="Per day, not annualised"><dt>Best Sharpe / luck of {formatInt(dsr().trials)} trials</dt><dd>{formatNumber(dsr().dailySharpe)} / {formatNumber(dsr().expectedMaximumDailySharpe)}</dd></div>
              )}
            </Show>
          </dl>
        )}
      </Show>
      <p class="muted small">
        Near 0, the search's choice carries to data it did not see; at or above 50 %, it picked noise and no parameter recommendation is drawn from this sweep. A deflated Sharpe ratio of 0.95 or more
        says the best row is unlikely to be the luck of trying that many sets (it is strict where parameters matter a lot).
      </p>
      <Show when={props.learnedStart}>
        {(start) => (
          <p class="small" data-testid="learned-start">
            The adaptive search started from {formatInt(start().sets.length)} set(s) learned from{' '}
            <For each={start().markets.slice(0, 4)}>{(m, i) => <>{i() > 0 ? ', ' : ''}{m.market} ({formatPercent(m.weight * 100)})</>}</For>
            {start().markets.length > 4 ? ' …' : ''}.
          </p>
        )}
      </Show>
    </section>
  );
}
