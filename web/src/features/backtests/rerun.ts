import type { RunBacktestInput, RunDetail } from './data.ts';
import { legsOf } from './run-legs.tsx';

export type GapPolicy = NonNullable<RunBacktestInput['gapPolicy']>;

/** A run's own request again, with another gap policy: what "run it again, skipping the gaps" sends. */
export function rerunInput(run: RunDetail, gapPolicy: GapPolicy): RunBacktestInput {
  const [first, ...extra] = legsOf(run);
  // urql adds __typename to what it returns; an input must not carry it.
  const { __typename: _type, ...settings }: RunDetail['settings'] & { __typename?: string } = run.settings;
  return {
    name: `${run.name} (gaps: ${gapPolicy.toLowerCase()})`,
    symbols: [...first.symbols],
    timeframe: run.timeframe,
    startDate: run.startDate,
    endDate: run.endDate,
    strategy: first.strategy,
    strategyParams: first.params,
    ...(extra.length > 0 ? { extraLegs: extra.map((leg) => ({ strategy: leg.strategy, symbols: [...leg.symbols], strategyParams: leg.params })) } : {}),
    ...settings,
    scaleOutTargets: settings.scaleOutTargets.map(({ levelR, fraction }) => ({ levelR, fraction })),
    rebalanceWeights: settings.rebalanceWeights.map(({ symbol, weight }) => ({ symbol, weight })),
    gapPolicy,
    fetchMissingData: run.fetchMissingData,
    warmupHistory: run.warmupHistory,
  };
}
