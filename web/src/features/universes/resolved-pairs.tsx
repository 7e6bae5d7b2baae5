import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { INTERVALS } from '../../../../domain/intervals.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { UNIVERSE_PAIRS } from './operations.ts';
import type { UniverseRecord } from './universe-form.ts';

/** The pairs a saved universe gives a run on a timeframe starting at a date (a rule reads only candles before it). */
export function ResolvedPairs(props: { universe: UniverseRecord }): JSX.Element {
  const [timeframe, setTimeframe] = createSignal('1h');
  const [start, setStart] = createSignal(new Date().toISOString().slice(0, 10));
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
