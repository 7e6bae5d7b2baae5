import type { BacktestConfig, StrategyLeg } from '../contract.ts';
import { DEFAULT_RUN_SETTINGS, runSettingsIssues, targetWeightSymbolIssues, type RunSettings } from '../settings.ts';
import { resolveParamsFor } from '../strategies/params.ts';
import { getStrategyModule } from '../strategies/registry.ts';
import type { StrategyModule } from '../strategies/types.ts';

/** Defaults for everything but capital and legs (settings.ts defines them). */
export const DEFAULT_BACKTEST_CONFIG: Omit<BacktestConfig, 'initialCapital' | 'legs'> = engineSettings({ ...DEFAULT_RUN_SETTINGS, initialCapital: 0 });

/** The engine's view of run settings: everything but sizing as is, sizing as one (mode, value) pair. */
function engineSettings(settings: RunSettings): Omit<BacktestConfig, 'initialCapital' | 'legs'> {
  const { sizingMode, positionSize, initialCapital: _capital, ...rest } = settings;
  return { ...rest, sizing: { mode: sizingMode, value: positionSize } };
}

/** Settings and legs → the engine's config. */
export function backtestConfigOf(settings: RunSettings, legs: readonly StrategyLeg[]): BacktestConfig {
  return { ...engineSettings(settings), initialCapital: settings.initialCapital, legs };
}

/** The engine's config → its run settings (the inverse of backtestConfigOf). */
export function runSettingsOf(config: BacktestConfig): RunSettings {
  const { legs: _legs, sizing, startTimeMs: _startTimeMs, ...rest } = config;
  return { ...rest, sizingMode: sizing?.mode, positionSize: sizing?.value };
}

/**
 * Bars of history the run's strategies need before its start (StrategyModule.historyBars), the most over
 * its legs: what the data layer loads before the start. Parameters left out take their defaults; the
 * constraints between them are not checked, so a sweep can ask about the corners of its ranges.
 */
export function historyBarsOf(legs: readonly StrategyLeg[], intervalMs: number, lookup: StrategyLookup = getStrategyModule): number {
  let bars = 0;
  for (const leg of legs) {
    const module = lookup(leg.strategy);
    if (module === undefined) continue;
    const params = Object.fromEntries(module.spec.params.map((spec) => [spec.name, leg.params?.[spec.name] ?? spec.default]));
    bars = Math.max(bars, module.historyBars(params, intervalMs));
  }
  return bars;
}

/** Strategy modules outside the public registry (tests inject scripted strategies this way). */
export type StrategyLookup = (name: string) => StrategyModule | undefined;

/** entryRanking STRATEGY_SERIES reads each leg's own rank series: a leg whose strategy has none is a problem (null = fine). */
export function entryRankingIssue(config: Pick<BacktestConfig, 'entryRanking' | 'legs'>, lookup: StrategyLookup = getStrategyModule): string | null {
  if (config.entryRanking !== 'STRATEGY_SERIES') return null;
  const without = config.legs.filter((leg) => lookup(leg.strategy)?.ranksEntries === false).map((leg) => leg.strategy);
  if (without.length === 0) return null;
  return `entryRanking STRATEGY_SERIES needs strategies whose document declares rules.rank; ${[...new Set(without)].join(', ')} has none`;
}

/** Checks a whole run configuration; returns one message per problem (empty = ok). */
export function validateBacktestConfig(config: BacktestConfig, lookup: StrategyLookup = getStrategyModule): string[] {
  const errors = runSettingsIssues(runSettingsOf(config)).map((issue) => issue.message);
  if (config.startTimeMs != null && !Number.isFinite(config.startTimeMs)) errors.push(`startTimeMs must be a finite time in ms, got ${config.startTimeMs}`);
  if (!Array.isArray(config.legs) || config.legs.length === 0) {
    errors.push('legs must list at least one strategy leg');
    return errors;
  }
  config.legs.forEach((leg, index) => {
    const where = `legs[${index}]`;
    if (!Array.isArray(leg.symbols) || leg.symbols.length === 0) errors.push(`${where}.symbols must list at least one symbol`);
    else if (new Set(leg.symbols).size !== leg.symbols.length) errors.push(`${where}.symbols lists a symbol twice`);
    const module = lookup(leg.strategy);
    if (module === undefined) {
      errors.push(`${where}: unknown strategy "${leg.strategy}"`);
      return;
    }
    const resolved = resolveParamsFor(module, leg.params ?? {});
    if ('errors' in resolved) for (const e of resolved.errors) errors.push(`${where} (${leg.strategy}): ${e}`);
  });
  const ranking = entryRankingIssue(config, lookup);
  if (ranking !== null) errors.push(ranking);
  const symbols = [...new Set(config.legs.flatMap((leg) => leg.symbols ?? []))];
  for (const issue of targetWeightSymbolIssues(config.rebalanceWeights ?? [], symbols)) errors.push(issue.message);
  return errors;
}
