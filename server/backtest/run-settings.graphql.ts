import { RUN_SETTINGS, RUN_SETTING_NAMES, type RunSettingName, type RunSettings, type RunSettingsInput, type SettingSpec } from '../engine/index.ts';
import { builder, type SchemaTypes } from '../graphql/builder.ts';

/**
 * The GraphQL face of the run settings (engine/settings.ts): every input field, the enums and the
 * output type are generated from that one table, so a setting added there appears here by itself.
 */

const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

/** One GraphQL enum per enum setting (sizingMode → SizingMode), values described. */
const settingEnums = new Map(
  RUN_SETTING_NAMES.flatMap((name) => {
    const spec: SettingSpec = RUN_SETTINGS[name];
    if (spec.kind !== 'enum') return [];
    const values = Object.fromEntries(spec.values.map((value) => [value, { description: (spec.valueDescriptions as Record<string, string>)[value] }]));
    return [[name, builder.enumType(pascal(name), { values })]] as const;
  }),
);

type SettingInputFields = {
  [K in RunSettingName]: PothosSchemaTypes.InputFieldRef<SchemaTypes, K extends 'initialCapital' ? number : RunSettingsInput[K]>;
};

/** The input fields of every setting; absent ones take their defaults (initialCapital has none). */
export function runSettingInputFields(t: PothosSchemaTypes.InputFieldBuilder<SchemaTypes, 'InputObject'>): SettingInputFields {
  const field = (name: RunSettingName) => {
    const spec: SettingSpec = RUN_SETTINGS[name];
    const options = { description: spec.description, required: spec.default === undefined };
    switch (spec.kind) {
      case 'bool':
        return t.boolean(options);
      case 'enum':
        return t.field({ ...options, type: settingEnums.get(name)! });
      case 'int':
        return t.int(options);
      case 'float':
        return t.float(options);
    }
  };
  return Object.fromEntries(RUN_SETTING_NAMES.map((name) => [name, field(name)])) as SettingInputFields;
}

export const RunSettingsRef = builder.objectRef<RunSettings>('RunSettings').implement({
  description: 'The account and execution settings a run or a sweep used, defaults filled in',
  fields: (t) =>
    Object.fromEntries(
      RUN_SETTING_NAMES.map((name) => {
        const spec: SettingSpec = RUN_SETTINGS[name];
        const options = { description: spec.description, nullable: spec.kind !== 'bool' && spec.kind !== 'enum' && spec.nullable === true };
        const value = (settings: RunSettings) => settings[name] as never;
        switch (spec.kind) {
          case 'bool':
            return [name, t.boolean({ ...options, resolve: value })];
          case 'enum':
            return [name, t.field({ ...options, type: settingEnums.get(name)!, resolve: value })];
          case 'int':
            return [name, t.int({ ...options, resolve: value })];
          case 'float':
            return [name, t.float({ ...options, resolve: value })];
        }
      }),
    ),
});
