import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { INTERVALS } from '../../../../domain/intervals.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { createFormMarkets } from '../../lib/form-data.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { UNIVERSE_PAIRS } from './operations.ts';
import type { UniverseRecord } from './universe-form.ts';

/** The pairs a saved universe gives a run on a timeframe starting at a date (a rule reads only candles before it). */
export function ResolvedPairs(props: { universe: UniverseRecord }): JSX.Element {
  const [timeframe, setTimeframe] = createSignal('1h');
  // Until a day is chosen: the last day with stored candles (a rule reads the candles before the start, and
  // today is often after every stored market, where no rule finds a pair).
  const markets = createFormMarkets();
  const [chosenStart, setStart] = createSignal<string | null>(null);
  const start = () => chosenStart() ?? lastStoredDay(markets.coverage()) ?? new Date().toISOString().slice(0, 10);
  const variables = createMemo(() => (start() ? { id: props.universe.id, timeframe: timeframe(), start: `${start()}T00:00:00.000Z` } : null));
  const pairs = createGraphQLQuery(UNIVERSE_PAIRS, variables, 'network-only');
  const list = () => pairs.data()?.universe.pairsAt ?? [];
  return (
    <div class="resolved-pairs" data-testid="resolved-pairs">
      <h3>Pairs of {props.universe.name}</h3>
      <div class="universe-form">
        <label>
          Timeframe
          <select value={timeframe()} onChange={(e) => setTimeframe(e.currentTarget.value)}>
            <For each={INTERVALS}>{(i) => <option value={i}>{i}</option>}</For>
          </select>
        </label>
        <label>Run starting (UTC) <input type="date" value={start()} onInput={(e) => setStart(e.currentTarget.value)} /></label>
      </div>
      <ErrorBox error={pairs.error()} title="No pairs" />
      <Show when={!pairs.error()}>
        <p class="small" data-testid="resolved-count">{list().length} pairs</p>
        <ul class="chips">
          <For each={list()}>{(symbol) => <li class="chip" data-testid="resolved-pair">{symbol}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}

/** The UTC day of the latest stored candle of any market, or null when nothing is stored. */
function lastStoredDay(coverage: ReadonlyArray<{ last: string }>): string | null {
  const last = coverage.reduce<string | null>((latest, market) => (latest === null || market.last > latest ? market.last : latest), null);
  return last === null ? null : new Date(last).toISOString().slice(0, 10);
}
