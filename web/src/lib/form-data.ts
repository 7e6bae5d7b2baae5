import type { Accessor } from 'solid-js';
import { createGraphQLQuery } from './query.ts';
import { FORM_MARKETS, PRESETS, RUN_SETTING_DEFINITIONS, STRATEGIES, type RequestLimits, type SettingDefinition } from './operations.ts';

/** What the run and sweep forms (and the pages reporting a run's settings) load: strategies, setting definitions, stored markets, presets. */

export function createStrategies() {
  const query = createGraphQLQuery(STRATEGIES, () => ({}), 'cache-first');
  return { strategies: () => query.data()?.strategies ?? [], loading: query.loading, error: query.error };
}

/** Every run and sweep option as the server defines it, and the limits of one request: what the forms render and check. */
export function createSettingDefinitions() {
  const query = createGraphQLQuery(RUN_SETTING_DEFINITIONS, () => ({}), 'cache-first');
  return {
    definitions: (): readonly SettingDefinition[] => query.data()?.runSettingDefinitions ?? [],
    limits: (): RequestLimits | null => query.data()?.runRequestLimits ?? null,
    loaded: () => query.data() !== undefined,
    error: query.error,
  };
}

/** The stored markets a form offers, with their ranges, and the stored universes it may trade instead of symbols. */
export function createFormMarkets() {
  const query = createGraphQLQuery(FORM_MARKETS, () => ({}), 'cache-and-network');
  return {
    coverage: () => query.data()?.marketData ?? [],
    universes: () => query.data()?.universes ?? [],
    loaded: () => query.data() !== undefined,
    error: query.error,
    refetch: query.refetch,
  };
}

/** Presets of a strategy (null: none chosen yet). */
export function createPresets(strategy: Accessor<string | null>) {
  const query = createGraphQLQuery(PRESETS, () => (strategy() ? { strategy: strategy()! } : null), 'network-only');
  return { presets: () => query.data()?.presets ?? [], error: query.error };
}
