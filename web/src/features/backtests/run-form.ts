import { plainOf } from '../../lib/values.ts';
import { dayToMs, lastDayToApi, startDayToApi } from '../../lib/dates.ts';
import { intervalMs, isInterval } from '../../../../domain/intervals.ts';
import { scaleOutTargetIssues } from '../../../../domain/scale-out-targets.ts';
import type { RequestLimits, RunBacktestInput, SettingDefinition, StrategyParam } from './data.ts';

/**
 * The run form's model, shared by the sweep form: the text the inputs hold, and the conversion to
 * the API input with the checks a form can make before asking the server. Every setting's label,
 * unit, kind, default and bounds come from the server (`runSettingDefinitions`), never a copy here.
 */

/** Where the form starts from a value of its own: capital has no default, and 1,000 a trade reads better in a first run. */
const FORM_STARTS: Readonly<Record<string, string>> = { initialCapital: '10000', positionSize: '1000' };

/** "Stop loss (%)": what a form shows for a setting or a parameter. */
export const labelWithUnit = (item: { label: string; unit?: string | null }): string => (item.unit ? `${item.label} (${item.unit})` : item.label);

/** One row of a TARGETS setting as typed: a level in R and the fraction of the position it closes. */
export interface TargetRow {
  readonly levelR: string;
  readonly fraction: string;
}
/** A setting's input: text, a checkbox, or the rows of a list of targets. */
export type SettingInput = string | boolean | readonly TargetRow[];
export type SettingValues = Record<string, SettingInput>;
export type ParamText = Record<string, string | boolean>;

export interface LegForm {
  strategy: string;
  symbols: string[];
  params: ParamText;
}

export interface MarketForm {
  name: string;
  symbols: string[];
  timeframe: string;
  /** `YYYY-MM-DD`, UTC: the first day included */
  startDate: string;
  /** `YYYY-MM-DD`, UTC: the last day included (lib/dates.ts converts it to the API's exclusive end) */
  endDate: string;
}

export interface RunForm extends MarketForm {
  strategy: string;
  params: ParamText;
  settings: SettingValues;
  extraLegs: LegForm[];
}

/** The settings' texts before anything is typed: the server's defaults (blank where null means off). */
export function initialSettings(definitions: readonly SettingDefinition[]): SettingValues {
  return Object.fromEntries(
    definitions.map((d) => {
      const value = d.default ? plainOf(d.default) : null;
      if (d.kind === 'TARGETS') return [d.name, []];
      return [d.name, d.kind === 'BOOL' ? value === true : (FORM_STARTS[d.name] ?? (value === null ? '' : String(value)))];
    }),
  );
}

/** The text inputs start from the strategy's defaults. */
export function defaultParamText(params: readonly StrategyParam[]): ParamText {
  return Object.fromEntries(params.map((p) => [p.name, p.type === 'bool' ? p.default.boolean === true : String(plainOf(p.default))]));
}

export type FormErrors = Record<string, string[]>;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i;

/** A number against a definition's bounds: the message a form shows, or null when it fits. */
function outOfBounds(label: string, value: number, bounds: { min?: number | null; max?: number | null; minExclusive?: boolean; maxExclusive?: boolean }): string | null {
  const { min, max } = bounds;
  if (min != null && (bounds.minExclusive ? value <= min : value < min)) return `${label} must be ${bounds.minExclusive ? 'more than' : 'at least'} ${min}`;
  if (max != null && (bounds.maxExclusive ? value >= max : value > max)) return `${label} must be ${bounds.maxExclusive ? 'less than' : 'at most'} ${max}`;
  return null;
}

/**
 * Parses the parameter inputs; a blank one is an error (never a silent default), except where a
 * preset sets it (`fromPreset`): then it is left out and the server takes the preset's value.
 */
export function parseParams(specs: readonly StrategyParam[], text: ParamText, field: string, errors: FormErrors, fromPreset: ReadonlySet<string> = new Set()): Record<string, number | boolean> {
  const values: Record<string, number | boolean> = {};
  for (const spec of specs) {
    const raw = text[spec.name];
    if (spec.type === 'bool') {
      values[spec.name] = raw === true;
      continue;
    }
    const textValue = typeof raw === 'string' ? raw.trim() : '';
    const at = `${field}.${spec.name}`;
    const problem = (message: string) => (errors[at] ??= []).push(message);
    if (textValue === '' && fromPreset.has(spec.name)) continue;
    const number = Number(textValue);
    if (textValue === '') problem(`${spec.label} is empty: enter a value (default ${String(plainOf(spec.default))})`);
    else if (!NUMBER.test(textValue)) problem(`${spec.label} must be a number`);
    else if (spec.type === 'int' && !Number.isInteger(number)) problem(`${spec.label} must be a whole number`);
    else {
      const bounds = outOfBounds(spec.label, number, spec);
      if (bounds) problem(bounds);
      else values[spec.name] = number;
    }
  }
  return values;
}

/**
 * The settings as API fields (absent when turned off, or left blank for a preset to fill); each
 * problem is put on its own field, in the words of its label.
 */
export function parseSettings(definitions: readonly SettingDefinition[], settings: SettingValues, errors: FormErrors, fromPreset: ReadonlySet<string> = new Set()): Partial<RunBacktestInput> {
  const out: Record<string, unknown> = {};
  for (const d of definitions) {
    const raw = settings[d.name];
    const problem = (message: string) => (errors[d.name] ??= []).push(message);
    if (d.kind === 'BOOL') out[d.name] = raw === true;
    else if (d.kind === 'ENUM') out[d.name] = raw;
    else if (d.kind === 'TARGETS') {
      const targets = parseTargetRows(Array.isArray(raw) ? raw : [], d.label, problem);
      if (targets !== null) out[d.name] = targets;
    }
    else {
      const text = String(raw ?? '').trim();
      const number = Number(text);
      if (text === '') {
        if (!d.nullable && !fromPreset.has(d.name)) problem(`${d.label} is empty: enter a value`);
      } else if (!NUMBER.test(text)) problem(`${d.label} must be a number`);
      else if (d.kind === 'INT' && !Number.isInteger(number)) problem(`${d.label} must be a whole number`);
      else {
        const bounds = outOfBounds(d.label, number, d);
        if (bounds) problem(bounds);
        else out[d.name] = number;
      }
    }
  }
  return out as Partial<RunBacktestInput>;
}

/**
 * Rows of a target list as API input: each cell must be a number, then the list must pass the shared rule
 * (domain/scale-out-targets.ts: levels increasing, fractions in (0, 1] summing to at most 1). Null when a
 * problem was reported.
 */
function parseTargetRows(rows: readonly TargetRow[], label: string, problem: (message: string) => void): Array<{ levelR: number; fraction: number }> | null {
  const targets: Array<{ levelR: number; fraction: number }> = [];
  let readable = true;
  rows.forEach((row, index) => {
    const cells = [row.levelR.trim(), row.fraction.trim()];
    if (cells.some((cell) => !NUMBER.test(cell))) {
      problem(`${label}, row ${index + 1}: enter a number for the level (R) and the fraction closed`);
      readable = false;
    } else targets.push({ levelR: Number(cells[0]), fraction: Number(cells[1]) });
  });
  if (!readable) return null;
  const issues = scaleOutTargetIssues(targets);
  for (const issue of issues) problem(issue.message);
  return issues.length === 0 ? targets : null;
}

/** What a preset sets, by part: the names the form may leave blank for the server to fill. */
export interface PresetCover {
  readonly params: ReadonlySet<string>;
  readonly settings: ReadonlySet<string>;
}

export const NO_PRESET: PresetCover = { params: new Set(), settings: new Set() };

/**
 * Parameter and setting texts for a preset: `leave` blanks what it sets (the server fills it),
 * `fill` writes its values in; values that are not numbers (a checkbox, a choice) are always
 * written, since their inputs cannot be blank. Names `keep` picks (the user typed there) stay.
 */
export function withPreset<T extends Record<string, SettingInput>>(text: T, values: Record<string, unknown>, mode: 'leave' | 'fill', keep: (name: string) => boolean = () => false): T {
  const next: Record<string, SettingInput> = { ...text };
  for (const [name, value] of Object.entries(values)) {
    if (!(name in text) || keep(name)) continue;
    if (typeof value === 'boolean') next[name] = value;
    else if (Array.isArray(value)) next[name] = value.map((t: { levelR: number; fraction: number }) => ({ levelR: String(t.levelR), fraction: String(t.fraction) }));
    else if (typeof value !== 'number') next[name] = String(value);
    else next[name] = mode === 'leave' ? '' : String(value);
  }
  return next as T;
}

/** Blank texts back to their defaults (when no preset fills them any more); names `keep` picks stay. */
export function fillBlanks<T extends Record<string, SettingInput>>(text: T, defaults: T, keep: (name: string) => boolean = () => false): T {
  const next: Record<string, SettingInput> = { ...text };
  for (const name of Object.keys(text)) if (next[name] === '' && !keep(name) && name in defaults) next[name] = defaults[name];
  return next as T;
}

/**
 * Market, range and name as API fields. The days are checked here, in the form's terms (the last
 * day included, as typed), so the API's exclusive end never reaches a message.
 */
export function parseMarket(form: MarketForm, errors: FormErrors, limits: RequestLimits | null = null) {
  if (form.symbols.length === 0) (errors['symbols'] ??= []).push('Choose at least one symbol');
  if (!form.timeframe) (errors['timeframe'] ??= []).push('Choose a timeframe');
  const startMs = dayToMs(form.startDate);
  const endMs = dayToMs(form.endDate);
  const problem = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (startMs === null) problem('startDate', form.startDate.trim() ? `${form.startDate} is not a date (YYYY-MM-DD)` : 'Enter a start date');
  if (endMs === null) problem('endDate', form.endDate.trim() ? `${form.endDate} is not a date (YYYY-MM-DD)` : 'Enter an end date');
  if (limits) {
    const earliest = Date.parse(limits.earliestDate), latest = Date.parse(limits.latestDate);
    const era = `${limits.earliestDate.slice(0, 4)}–${String(new Date(latest).getUTCFullYear() - 1)}`;
    if (startMs !== null && (startMs < earliest || startMs >= latest)) problem('startDate', `${form.startDate} is outside the years the app accepts (${era})`);
    if (endMs !== null && (endMs < earliest || endMs >= latest)) problem('endDate', `${form.endDate} is outside the years the app accepts (${era})`);
  }
  if (startMs !== null && endMs !== null && endMs < startMs) problem('endDate', `The end date ${form.endDate} is before the start date ${form.startDate}`);
  else if (startMs !== null && endMs !== null && isInterval(form.timeframe) && endMs + 86_400_000 - startMs < intervalMs(form.timeframe)) {
    problem('endDate', `${form.startDate} to ${form.endDate} is shorter than one ${form.timeframe} candle`);
  }
  return {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    symbols: form.symbols,
    timeframe: form.timeframe,
    startDate: startDayToApi(form.startDate) ?? '',
    endDate: lastDayToApi(form.endDate) ?? '',
  };
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
