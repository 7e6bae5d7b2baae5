import { isStrategyFamilyName } from '../../domain/strategy-names.ts';

/**
 * A list filter's strategy, as a MikroORM condition: a name matches itself; a family name (`user:<id>`,
 * strategyFamilyName) matches every version. A family name admits no LIKE wildcard.
 */
export function strategyNameCondition(value: string): string | { $like: string } {
  return isStrategyFamilyName(value) ? { $like: `${value}@%` } : value;
}

/** What list filters say of their strategy value. */
export const STRATEGY_FILTER_DESCRIPTION = 'A strategy name (user:<id>@<version> is that version), or user:<id> for every version of a user strategy (Strategy.family)';
