import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatNumber, formatPercent } from '../../lib/format.ts';
import { QueryState } from '../../ui/states.tsx';
import { createStrategies } from '../../lib/form-data.ts';
import { createMarketRanking } from './data.ts';

/**
 * Where a strategy works, learned across markets: every market it was swept on with validation, ranked
 * by the out-of-sample Sharpe ratio the other markets with similar features predict for it, beside what
 * it actually did (a good model's predictions follow the observed column).
 */
export function MarketRanking(): JSX.Element {
  const strategies = createStrategies();
  const [strategy, setStrategy] = createSignal<string | null>(null);
  const ranking = createMarketRanking(strategy);
  return (
    <section class="panel" aria-labelledby="ranking-title" data-testid="market-ranking">
      <header class="page__header">
        <h2 id="ranking-title">Where it works</h2>
        <label class="inline-field">
          Strategy
          <select value={strategy() ?? ''} onChange={(e) => setStrategy(e.currentTarget.value || null)} data-testid="ranking-strategy">
            <option value="">choose…</option>
            <For each={strategies.strategies()}>{(s) => <option value={s.name}>{s.title}</option>}</For>
          </select>
        </label>
      </header>
      <p class="muted small">
        Each market a strategy was swept on with validation, with the out-of-sample Sharpe ratio of the set its sweep chose, and the one predicted for it from the other markets with similar volatility, trend
        and autocorrelation (itself left out). Best predicted first.
      </p>
      <Show when={strategy()}>
        <QueryState error={ranking.error()} loading={ranking.loading()} what="the ranking" empty={ranking.ranks().length === 0} emptyText={<p class="muted">No validated sweep of this strategy yet.</p>}>
          <div class="table-wrap">
            <table class="data-table compact">
              <thead><tr><th>Market</th><th class="num">Predicted OOS Sharpe</th><th class="num">Observed OOS Sharpe</th><th class="num">Volatility</th><th class="num">Trend efficiency</th><th class="num">Autocorrelation</th><th>Sweep</th></tr></thead>
              <tbody>
                <For each={ranking.ranks()}>
                  {(r) => (
                    <tr data-testid="ranking-row" data-market={`${r.symbol} ${r.timeframe}`}>
                      <th scope="row">{r.symbol} · {r.timeframe}</th>
                      <td class="num">{formatNumber(r.predicted)}</td>
                      <td class={`num ${r.observed == null ? '' : r.observed >= 0 ? 'gain' : 'loss'}`}>{formatNumber(r.observed)}</td>
                      <td class="num">{formatPercent(r.features?.volatilityPct)}</td>
                      <td class="num">{formatNumber(r.features?.trendEfficiency)}</td>
                      <td class="num">{formatNumber(r.features?.autocorrelation)}</td>
                      <td><Show when={r.sweepId} fallback="—">{(id) => <A href={`/sweeps/${id()}`}>open</A>}</Show></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </QueryState>
      </Show>
    </section>
  );
}
