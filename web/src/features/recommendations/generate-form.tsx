import type { JSX } from 'solid-js';
import { StrategyOptions } from '../../ui/strategy-options.tsx';

/** Ask a worker to compare every validated sweep (of one strategy, or all) for symbol and timeframe recommendations. */
export function GenerateForm(props: { strategies: ReadonlyArray<{ name: string; title: string }>; strategy: string; running: boolean; onStrategy: (strategy: string) => void; onSubmit: () => void }): JSX.Element {
  return (
    <form class="toolbar" onSubmit={(e) => { e.preventDefault(); props.onSubmit(); }} data-testid="generate-form">
      <label class="inline-field">
        Strategy
        <select value={props.strategy} onChange={(e) => props.onStrategy(e.currentTarget.value)} data-testid="generate-strategy">
          <option value="">all</option>
          <StrategyOptions strategies={props.strategies} value={(s) => s.name} label={(s) => s.title} />
        </select>
      </label>
      <button type="submit" class="primary" disabled={props.running} data-testid="generate-recommendations" title="Compare every completed, validated sweep for where (symbol) and on which timeframe the strategy works best">
        {props.running ? 'Asking…' : 'Look across all sweeps'}
      </button>
    </form>
  );
}
