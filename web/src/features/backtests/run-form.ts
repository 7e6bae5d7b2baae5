import { parseMarket, parseParams, parseSettings, NO_PRESET, type FormErrors, type MarketForm, type ParamText, type PresetCover, type SettingValues } from '../../lib/run-settings-form.ts';
import type { RequestLimits, SettingDefinition, StrategyParam } from '../../lib/operations.ts';
import type { RunBacktestInput } from './data.ts';

/** The run form: its legs, and the whole form as the API input (the parts it shares with the sweep form are in lib/run-settings-form.ts). */

export interface LegForm {
  strategy: string;
  symbols: string[];
  params: ParamText;
}

export interface RunForm extends MarketForm {
  strategy: string;
  params: ParamText;
  settings: SettingValues;
  extraLegs: LegForm[];
}

/** The whole form as RunBacktestInput, or the problems that keep it from being sent. */
export function buildRunInput(
  form: RunForm,
  paramsOf: (strategy: string) => readonly StrategyParam[] | undefined,
  definitions: readonly SettingDefinition[],
  preset: PresetCover = NO_PRESET,
  limits: RequestLimits | null = null,
): { input: RunBacktestInput; errors: FormErrors } {
  const errors: FormErrors = {};
  const market = parseMarket(form, errors, limits);
  if (!paramsOf(form.strategy)) (errors['strategy'] ??= []).push('Choose a strategy');
  const strategyParams = parseParams(paramsOf(form.strategy) ?? [], form.params, 'strategyParams', errors, preset.params);
  const settings = parseSettings(definitions, form.settings, errors, preset.settings);
  const extraLegs = form.extraLegs.map((leg, index) => {
    const field = `extraLegs.${index}`;
    if (!paramsOf(leg.strategy)) (errors[`${field}.strategy`] ??= []).push('Choose a strategy');
    if (leg.symbols.length === 0) (errors[`${field}.symbols`] ??= []).push('Choose at least one symbol');
    return { strategy: leg.strategy, symbols: leg.symbols, strategyParams: parseParams(paramsOf(leg.strategy) ?? [], leg.params, `${field}.strategyParams`, errors) };
  });
  const input = {
    ...market,
    strategy: form.strategy,
    strategyParams,
    ...settings,
    ...(extraLegs.length > 0 ? { extraLegs } : {}),
  } as RunBacktestInput;
  return { input, errors };
}

/** A GraphQL literal of a JSON value (object keys unquoted, enums bare). */
function literal(value: unknown, enumKeys: ReadonlySet<string>, key = ''): string {
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, enumKeys)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${literal(v, enumKeys, k)}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  if (typeof value === 'string' && enumKeys.has(key)) return value;
  return JSON.stringify(value);
}

/** The exact mutation that starts this run from any GraphQL tool (enum settings written bare). */
export function runAsGraphQL(input: RunBacktestInput, definitions: readonly SettingDefinition[]): string {
  const enums = new Set(definitions.filter((d) => d.kind === 'ENUM').map((d) => d.name));
  const fields = Object.entries(input)
    .map(([key, value]) => `    ${key}: ${literal(value, enums, key)}`)
    .join('\n');
  return `mutation RunBacktest {\n  runBacktest(input: {\n${fields}\n  }) {\n    id\n    status\n  }\n}\n`;
}
