import { RUN_SETTINGS, RUN_SETTING_NAMES, type RunSettingName, type RunSettings, type RunSettingsInput, type SettingSpec } from '../engine/index.ts';
import { builder, type SchemaTypes } from '../graphql/builder.ts';
import { DATA_OPTIONS } from './data-options.ts';

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

/** A setting as a form shows it: what it is called, in what unit, its kind, default and bounds. */
interface SettingDefinition {
  readonly name: string;
  readonly spec: SettingSpec;
}

const SettingKindEnum = builder.enumType('SettingKind', {
  values: {
    FLOAT: { value: 'float', description: 'A number' },
    INT: { value: 'int', description: 'A whole number' },
    BOOL: { value: 'bool', description: 'true or false' },
    ENUM: { value: 'enum', description: 'One of `choices`' },
  } as const,
});

const SettingChoiceRef = builder.objectRef<{ value: string; label: string; description: string }>('SettingChoice').implement({
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The enum value the API takes' }),
    label: t.exposeString('label', { description: 'A few words for a choice list' }),
    description: t.exposeString('description'),
  }),
});

const numberSpec = (spec: SettingSpec) => (spec.kind === 'float' || spec.kind === 'int' ? spec : null);

const SettingDefinitionRef = builder.objectRef<SettingDefinition>('SettingDefinition').implement({
  description: 'One option of a run or a sweep as defined on the server: a form renders and checks it from this, keeping no copy',
  fields: (t) => ({
    name: t.string({ description: 'The input field', resolve: (d) => d.name }),
    label: t.string({ description: 'What a person reads, e.g. "Trailing stop"', resolve: (d) => d.spec.label }),
    unit: t.string({ nullable: true, description: 'The unit of the value ("%", "bps", "quote"…), null when it has none', resolve: (d) => d.spec.unit ?? null }),
    description: t.string({ resolve: (d) => d.spec.description }),
    kind: t.field({ type: SettingKindEnum, resolve: (d) => d.spec.kind }),
    default: t.field({ type: 'JSON', nullable: true, description: 'What an absent value becomes; null with `required` when there is none', resolve: (d) => d.spec.default ?? null }),
    required: t.boolean({ description: 'The request must give it (no default)', resolve: (d) => d.spec.default === undefined }),
    nullable: t.boolean({ description: 'null is a value of its own: the feature is off', resolve: (d) => numberSpec(d.spec)?.nullable === true }),
    min: t.float({ nullable: true, resolve: (d) => numberSpec(d.spec)?.min ?? null }),
    max: t.float({ nullable: true, resolve: (d) => numberSpec(d.spec)?.max ?? null }),
    minExclusive: t.boolean({ resolve: (d) => numberSpec(d.spec)?.minExclusive === true }),
    maxExclusive: t.boolean({ resolve: (d) => numberSpec(d.spec)?.maxExclusive === true }),
    choices: t.field({
      type: [SettingChoiceRef],
      description: 'The values of an ENUM setting; empty for the others',
      resolve: (d) => {
        const spec = d.spec;
        if (spec.kind !== 'enum') return [];
        const labels = spec.valueLabels as Record<string, string>, descriptions = spec.valueDescriptions as Record<string, string>;
        return spec.values.map((value) => ({ value, label: labels[value], description: descriptions[value] }));
      },
    }),
  }),
});

const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  ...RUN_SETTING_NAMES.map((name) => ({ name, spec: RUN_SETTINGS[name] as SettingSpec })),
  ...Object.entries(DATA_OPTIONS).map(([name, spec]) => ({ name, spec: spec as SettingSpec })),
];

builder.queryFields((t) => ({
  runSettingDefinitions: t.field({
    type: [SettingDefinitionRef],
    description: 'Every account, execution and data option of runBacktest and optimizeStrategy, with its label, unit, default and bounds',
    resolve: () => [...SETTING_DEFINITIONS],
  }),
}));
