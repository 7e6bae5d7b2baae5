/**
 * How runs, sweeps, presets and recommendations name a user strategy: `user:<strategy id>@<version>`,
 * the exact version, so editing a strategy never changes what an old run used.
 */
const PATTERN = /^user:([0-9a-f-]{36})@([1-9][0-9]{0,5})$/;

export function userStrategyName(id: string, version: number): string {
  return `user:${id}@${version}`;
}

export function parseUserStrategyName(name: string): { id: string; version: number } | null {
  const m = PATTERN.exec(name);
  return m === null ? null : { id: m[1], version: Number(m[2]) };
}

export function isUserStrategyName(name: string): boolean {
  return name.startsWith('user:');
}

/** `user:<strategy id>`, no version: every version of a user strategy (strategyFamily). */
const FAMILY_PATTERN = /^user:[0-9a-f-]{36}$/;

/** The name that stands for every version of `name`'s strategy: itself for a built-in, `user:<id>` for a user strategy. */
export function strategyFamilyName(name: string): string {
  const parsed = parseUserStrategyName(name);
  return parsed === null ? name : `user:${parsed.id}`;
}

/**
 * A list filter's strategy, as a MikroORM condition: a name matches itself; a family name (`user:<id>`, see
 * strategyFamilyName) matches every version. The pattern admits no LIKE wildcard.
 */
export function strategyNameCondition(value: string): string | { $like: string } {
  return FAMILY_PATTERN.test(value) ? { $like: `${value}@%` } : value;
}

/** What list filters say of their strategy value. */
export const STRATEGY_FILTER_DESCRIPTION = 'A strategy name (user:<id>@<version> is that version), or user:<id> for every version of a user strategy (Strategy.family)';
