import { RUN_SETTINGS, RUN_SETTING_NAMES, type RunSettingName, type RunSettings, type RunSettingsInput, type ScaleOutTarget, type SettingSpec, type TargetWeight } from '../engine/index.ts';
import { builder, type SchemaTypes } from '../graphql/builder.ts';
import { ValueRef } from '../graphql/values.graphql.ts';
import { SETTING_DEFINITIONS, type SettingDefinition } from './setting-definitions.ts';

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

const TARGET_FIELDS = {
  levelR: "The target's level in multiples of R (the distance from the entry price to the position's stop at entry)",
  fraction: 'The fraction of the quantity entered this target closes, in (0, 1]',
} as const;

const ScaleOutTargetInput = builder.inputType('ScaleOutTargetInput', {
  description: 'One partial take-profit of a TARGETS setting (scaleOutTargets)',
  fields: (t) => ({
    levelR: t.float({ required: true, description: TARGET_FIELDS.levelR }),
    fraction: t.float({ required: true, description: TARGET_FIELDS.fraction }),
  }),
});

const ScaleOutTargetRef = builder.objectRef<ScaleOutTarget>('ScaleOutTarget').implement({
  description: 'One partial take-profit a run or a sweep scaled out at',
  fields: (t) => ({
    levelR: t.exposeFloat('levelR', { description: TARGET_FIELDS.levelR }),
    fraction: t.exposeFloat('fraction', { description: TARGET_FIELDS.fraction }),
  }),
});

const WEIGHT_FIELDS = {
  symbol: "The symbol, one of the run's (or its universe's pairs)",
  weight: 'The fraction of equity its position is resized to at a rebalance, in [0, 1]',
} as const;

const TargetWeightInput = builder.inputType('TargetWeightInput', {
  description: 'One symbol of a WEIGHTS setting (rebalanceWeights)',
  fields: (t) => ({
    symbol: t.string({ required: true, description: WEIGHT_FIELDS.symbol }),
    weight: t.float({ required: true, description: WEIGHT_FIELDS.weight }),
  }),
});

const TargetWeightRef = builder.objectRef<TargetWeight>('TargetWeight').implement({
  description: "One symbol's target weight a run or a sweep rebalanced to",
  fields: (t) => ({
    symbol: t.exposeString('symbol', { description: WEIGHT_FIELDS.symbol }),
    weight: t.exposeFloat('weight', { description: WEIGHT_FIELDS.weight }),
  }),
});

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
      case 'targets':
        return t.field({ ...options, type: [ScaleOutTargetInput] });
      case 'weights':
        return t.field({ ...options, type: [TargetWeightInput] });
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
        const options = { description: spec.description, nullable: (spec.kind === 'float' || spec.kind === 'int') && spec.nullable === true };
        const value = (settings: RunSettings) => settings[name] as never;
        switch (spec.kind) {
          case 'bool':
            return [name, t.boolean({ ...options, resolve: value })];
          case 'enum':
            return [name, t.field({ ...options, type: settingEnums.get(name)!, resolve: value })];
          case 'targets':
            return [name, t.field({ ...options, type: [ScaleOutTargetRef], resolve: value })];
          case 'weights':
            return [name, t.field({ ...options, type: [TargetWeightRef], resolve: value })];
          case 'int':
            return [name, t.int({ ...options, resolve: value })];
          case 'float':
            return [name, t.float({ ...options, resolve: value })];
        }
      }),
    ),
});

const SettingKindEnum = builder.enumType('SettingKind', {
  values: {
    FLOAT: { description: 'A number' },
    INT: { description: 'A whole number' },
    BOOL: { description: 'true or false' },
    ENUM: { description: 'One of `choices`' },
    TARGETS: { description: 'A list of partial targets (levelR, fraction): levels in (min, max] increasing, fractions in (0, 1] summing to at most 1, at most `maxItems` of them' },
    WEIGHTS: { description: "A list of target weights (symbol, weight): weights in [min, max] summing to at most 1, each symbol once and among the run's, at most `maxItems` of them" },
  } as const,
});

const SettingChoiceRef = builder.objectRef<SettingDefinition['choices'][number]>('SettingChoice').implement({
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The enum value the API takes' }),
    label: t.exposeString('label', { description: 'A few words for a choice list' }),
    description: t.exposeString('description'),
  }),
});

const SettingDefinitionRef = builder.objectRef<SettingDefinition>('SettingDefinition').implement({
  description: 'One option of a run or a sweep as defined on the server: a form renders and checks it from this, keeping no copy',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The input field' }),
    label: t.exposeString('label', { description: 'What a person reads, e.g. "Trailing stop"' }),
    unit: t.exposeString('unit', { nullable: true, description: 'The unit of the value ("%", "bps", "quote"…), null when it has none' }),
    description: t.exposeString('description'),
    kind: t.field({ type: SettingKindEnum, resolve: (d) => d.kind }),
    default: t.field({ type: ValueRef, nullable: true, description: 'What an absent value becomes (a Value with no field set: off); null with `required` when there is none', resolve: (d) => (d.required ? null : { value: d.default }) }),
    required: t.exposeBoolean('required', { description: 'The request must give it (no default)' }),
    nullable: t.exposeBoolean('nullable', { description: 'null is a value of its own: the feature is off' }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    minExclusive: t.exposeBoolean('minExclusive'),
    maxExclusive: t.exposeBoolean('maxExclusive'),
    choices: t.field({ type: [SettingChoiceRef], description: 'The values of an ENUM setting; empty for the others', resolve: (d) => [...d.choices] }),
    maxItems: t.exposeInt('maxItems', { nullable: true, description: 'TARGETS and WEIGHTS: the most entries the list holds; null for the other kinds' }),
  }),
});

builder.queryFields((t) => ({
  runSettingDefinitions: t.field({
    type: [SettingDefinitionRef],
    description: 'Every account, execution and data option of runBacktest and optimizeStrategy, with its label, unit, default and bounds',
    resolve: () => [...SETTING_DEFINITIONS],
  }),
}));
