import { RUN_SETTINGS, RUN_SETTING_NAMES, type SettingSpec } from '../engine/index.ts';
import { DATA_OPTIONS } from './data-options.ts';
import type { PlainValue } from '../graphql/values.graphql.ts';

/** A run or sweep option as the API serves it to forms (`runSettingDefinitions`): plain data, one per setting. */
export interface SettingDefinition {
  readonly name: string;
  readonly label: string;
  readonly unit: string | null;
  readonly description: string;
  readonly kind: 'FLOAT' | 'INT' | 'BOOL' | 'ENUM' | 'TARGETS' | 'WEIGHTS';
  readonly default: PlainValue;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly min: number | null;
  readonly max: number | null;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
  readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string; readonly description: string }>;
  /** TARGETS and WEIGHTS: the most entries the list holds (null for the other kinds). */
  readonly maxItems: number | null;
}

function definitionOf(name: string, spec: SettingSpec): SettingDefinition {
  const required = spec.default === undefined;
  if (spec.kind === 'targets') {
    // An empty list is scaling out turned off: served as a Value with no field set, like a null setting.
    return { name, label: spec.label, unit: spec.unit ?? null, description: spec.description, default: null, required, kind: 'TARGETS', nullable: false, min: 0, max: spec.levelMax, minExclusive: true, maxExclusive: false, choices: [], maxItems: spec.maxTargets };
  }
  if (spec.kind === 'weights') {
    // Empty means equal weight: served as a Value with no field set, like a null setting.
    return { name, label: spec.label, unit: spec.unit ?? null, description: spec.description, default: null, required, kind: 'WEIGHTS', nullable: false, min: 0, max: 1, minExclusive: false, maxExclusive: false, choices: [], maxItems: spec.maxWeights };
  }
  const common = { name, label: spec.label, unit: spec.unit ?? null, description: spec.description, default: spec.default ?? null, required, maxItems: null };
  switch (spec.kind) {
    case 'bool':
      return { ...common, kind: 'BOOL', nullable: false, min: null, max: null, minExclusive: false, maxExclusive: false, choices: [] };
    case 'enum': {
      const labels = spec.valueLabels as Record<string, string>, descriptions = spec.valueDescriptions as Record<string, string>;
      const choices = spec.values.map((value) => ({ value, label: labels[value], description: descriptions[value] }));
      return { ...common, kind: 'ENUM', nullable: false, min: null, max: null, minExclusive: false, maxExclusive: false, choices };
    }
    default:
      return {
        ...common,
        kind: spec.kind === 'int' ? 'INT' : 'FLOAT',
        nullable: spec.nullable === true,
        min: spec.min,
        max: spec.max,
        minExclusive: spec.minExclusive === true,
        maxExclusive: spec.maxExclusive === true,
        choices: [],
      };
  }
}

/** The engine's run settings, then the data options, in the order a form shows them. */
export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  ...RUN_SETTING_NAMES.map((name) => definitionOf(name, RUN_SETTINGS[name])),
  ...Object.entries(DATA_OPTIONS).map(([name, spec]) => definitionOf(name, spec)),
];
