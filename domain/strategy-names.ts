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

/** `user:<strategy id>`, no version: every version of a user strategy (strategyFamilyName). */
const FAMILY_PATTERN = /^user:[0-9a-f-]{36}$/;

export function isStrategyFamilyName(value: string): boolean {
  return FAMILY_PATTERN.test(value);
}

/** The name that stands for every version of `name`'s strategy: itself for a built-in, `user:<id>` for a user strategy. */
export function strategyFamilyName(name: string): string {
  const parsed = parseUserStrategyName(name);
  return parsed === null ? name : `user:${parsed.id}`;
}
