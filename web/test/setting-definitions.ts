import type { SettingDefinition as ServedDefinition } from '../../server/backtest/setting-definitions.ts';
import type { SettingDefinition } from '../src/lib/operations.ts';

/** A plain value as the API's typed Value. */
export const value = (plain: unknown) => ({ number: typeof plain === 'number' ? plain : null, boolean: typeof plain === 'boolean' ? plain : null, text: typeof plain === 'string' ? plain : null });

/** Definitions as `runSettingDefinitions` serves them to the forms (defaults as typed Values). */
export const asServed = (definitions: readonly ServedDefinition[]): SettingDefinition[] =>
  definitions.map((d) => ({ ...d, choices: [...d.choices], default: d.required ? null : value(d.default) }));
