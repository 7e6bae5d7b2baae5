import { For, type JSX } from 'solid-js';
import type { ResultOf } from '../../graphql.ts';
import { paramRecord } from '../../lib/values.ts';
import type { Strategy } from '../../lib/operations.ts';
import type { RunLegFields } from './operations.ts';
import { labelWithUnit } from '../../lib/run-settings-form.ts';

/** One strategy leg of a run: the strategy, its parameters by name and the symbols it trades. */
export interface RunLeg {
  readonly strategy: string;
  /** What a person reads for `strategy` (a user strategy's name and version). */
  readonly strategyTitle: string;
  readonly params: Record<string, number | boolean>;
  readonly symbols: readonly string[];
}

/** A run's legs, their parameters as records. */
export const legsOf = (run: { legs: readonly ResultOf<typeof RunLegFields>[] }): RunLeg[] =>
  run.legs.map((leg) => ({ strategy: leg.strategy, strategyTitle: leg.strategyTitle, params: paramRecord(leg.params), symbols: leg.symbols }));

/** "ema_cross on BTCUSDT + rsi_reversion on ETHUSDT": every leg, for a header. */
export const describeLegs = (legs: readonly RunLeg[]): string =>
  legs.map((leg) => (legs.length > 1 ? `${leg.strategyTitle} on ${leg.symbols.join(', ')}` : leg.strategyTitle)).join(' + ');

/** A leg's parameters as the form labels them ("Fast EMA (bars) 12"). */
export function ParamList(props: { leg: RunLeg; strategies: readonly Strategy[] }): JSX.Element {
  const specs = () => props.strategies.find((s) => s.name === props.leg.strategy)?.params ?? [];
  const label = (name: string) => {
    const spec = specs().find((p) => p.name === name);
    return spec ? labelWithUnit(spec) : name;
  };
  return (
    <dl class="facts param-list" data-testid="param-list">
      <For each={Object.entries(props.leg.params)}>
        {([name, value]) => (
          <>
            <dt title={name}>{label(name)}</dt>
            <dd>{typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}</dd>
          </>
        )}
      </For>
    </dl>
  );
}
