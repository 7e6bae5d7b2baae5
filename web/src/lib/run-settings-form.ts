import { intervalMs, isInterval } from '../../../domain/intervals.ts';
import { scaleOutTargetIssues } from '../../../domain/scale-out-targets.ts';
import { targetWeightIssues } from '../../../domain/target-weights.ts';
import { dayToMs, lastDayToApi, startDayToApi } from './dates.ts';
import type { RequestLimits, SettingDefinition, StrategyParam } from './operations.ts';
import { plainOf } from './values.ts';

/**
 * The model the run and sweep forms share: the text the inputs hold, and the conversion to API
 * fields with the checks a form can make before asking the server. Every setting's label, unit,
 * kind, default and bounds come from the definitions the server serves (`runSettingDefinitions`),
 * never a copy here.
 */

/** A list setting's entry as the API takes it (scaleOutTargets). */
export interface TargetInput {
  readonly levelR: number;
  readonly fraction: number;
}
/** A list setting's entry as the API takes it (rebalanceWeights). */
export interface WeightInput {
  readonly symbol: string;
  readonly weight: number;
}
/** The settings as API input fields: a number, a flag, a choice or a list of targets or weights, by setting name. */
export type SettingInput = Record<string, string | number | boolean | TargetInput[] | WeightInput[]>;

/** Where the form starts from a value of its own: capital has no default, and 1,000 a trade reads better in a first run. */
const FORM_STARTS: Readonly<Record<string, string>> = { initialCapital: '10000', positionSize: '1000' };

/** "Stop loss (%)": what a form shows for a setting or a parameter. */
export const labelWithUnit = (item: { label: string; unit?: string | null }): string => (item.unit ? `${item.label} (${item.unit})` : item.label);

/** One row of a TARGETS setting as typed: a level in R and the fraction of the position it closes. */
export interface TargetRow {
  readonly levelR: string;
  readonly fraction: string;
}
/** One row of a WEIGHTS setting as typed: a symbol and the fraction of equity it is rebalanced to. */
export interface WeightRow {
  readonly symbol: string;
  readonly weight: string;
}
/** What a setting's input holds: text, a checkbox, or the rows of a list of targets or weights. */
export type SettingText = string | boolean | readonly TargetRow[] | readonly WeightRow[];
export type SettingValues = Record<string, SettingText>;
export type ParamText = Record<string, string | boolean>;

export interface MarketForm {
  name: string;
  symbols: string[];
  /** A stored universe's id, traded instead of `symbols` (its pairs are chosen when the run starts); absent or '' for the symbols. */
  universe?: string;
  timeframe: string;
  /** `YYYY-MM-DD`, UTC: the first day included */
  startDate: string;
  /** `YYYY-MM-DD`, UTC: the last day included (lib/dates.ts converts it to the API's exclusive end) */
  endDate: string;
}

/** The settings' texts before anything is typed: the server's defaults (blank where null means off). */
export function initialSettings(definitions: readonly SettingDefinition[]): SettingValues {
  return Object.fromEntries(
    definitions.map((d) => {
      const value = d.default ? plainOf(d.default) : null;
      if (d.kind === 'TARGETS' || d.kind === 'WEIGHTS') return [d.name, []];
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

/** A setting's or parameter's bounds, as the definitions the server serves carry them. */
export interface Bounds {
  readonly min?: number | null;
  readonly max?: number | null;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

const lowerWords = (b: Bounds) => `${b.minExclusive ? 'more than' : 'at least'} ${b.min}`;
const upperWords = (b: Bounds) => `${b.maxExclusive ? 'less than' : 'at most'} ${b.max}`;

/** "at least 0, less than 0.1": the bounds in words, as a form shows them beside the input ('' when there are none). */
export function boundsText(bounds: Bounds): string {
  return [bounds.min != null ? lowerWords(bounds) : null, bounds.max != null ? upperWords(bounds) : null].filter((part) => part !== null).join(', ');
}

/** A number against a definition's bounds: the message a form shows, or null when it fits. */
function outOfBounds(label: string, value: number, bounds: Bounds): string | null {
  const { min, max } = bounds;
  if (min != null && (bounds.minExclusive ? value <= min : value < min)) return `${label} must be ${lowerWords(bounds)}`;
  if (max != null && (bounds.maxExclusive ? value >= max : value > max)) return `${label} must be ${upperWords(bounds)}`;
  return null;
}

/** A typed number checked against its definition: the number, or null once the problem is reported. */
function parseNumber(text: string, item: Bounds & { readonly label: string }, whole: boolean, problem: (message: string) => void): number | null {
  const number = Number(text);
  const found = !NUMBER.test(text) ? `${item.label} must be a number` : whole && !Number.isInteger(number) ? `${item.label} must be a whole number` : outOfBounds(item.label, number, item);
  if (found === null) return number;
  problem(found);
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
    if (textValue === '') problem(`${spec.label} is empty: enter a value (default ${String(plainOf(spec.default))})`);
    else {
      const number = parseNumber(textValue, spec, spec.type === 'int', problem);
      if (number !== null) values[spec.name] = number;
    }
  }
  return values;
}

/**
 * The settings as API fields (absent when turned off, or left blank for a preset to fill); each
 * problem is put on its own field, in the words of its label.
 */
export function parseSettings(definitions: readonly SettingDefinition[], settings: SettingValues, errors: FormErrors, fromPreset: ReadonlySet<string> = new Set()): SettingInput {
  const out: SettingInput = {};
  for (const d of definitions) {
    const raw = settings[d.name];
    const problem = (message: string) => (errors[d.name] ??= []).push(message);
    if (d.kind === 'BOOL') out[d.name] = raw === true;
    else if (d.kind === 'ENUM') out[d.name] = String(raw);
    else if (d.kind === 'TARGETS') {
      const targets = parseTargetRows(Array.isArray(raw) ? (raw as TargetRow[]) : [], d.label, problem);
      if (targets !== null) out[d.name] = targets;
    } else if (d.kind === 'WEIGHTS') {
      const weights = parseWeightRows(Array.isArray(raw) ? (raw as WeightRow[]) : [], d.label, problem);
      if (weights !== null) out[d.name] = weights;
    } else {
      const text = String(raw ?? '').trim();
      if (text === '') {
        if (!d.nullable && !fromPreset.has(d.name)) problem(`${d.label} is empty: enter a value`);
      } else {
        const number = parseNumber(text, d, d.kind === 'INT', problem);
        if (number !== null) out[d.name] = number;
      }
    }
  }
  return out;
}

/**
 * A list setting's rows as API input: each row must read (its number cells numbers), then the list must pass
 * the shared rule of domain/ (the API's own check). Null when a problem was reported.
 */
function parseRows<Row, Input>(rows: readonly Row[], read: (row: Row) => Input | null, unreadable: (index: number) => string, issuesOf: (list: Input[]) => ReadonlyArray<{ readonly message: string }>, problem: (message: string) => void): Input[] | null {
  const list: Input[] = [];
  let readable = true;
  rows.forEach((row, index) => {
    const input = read(row);
    if (input === null) {
      problem(unreadable(index));
      readable = false;
    } else list.push(input);
  });
  if (!readable) return null;
  const issues = issuesOf(list);
  for (const issue of issues) problem(issue.message);
  return issues.length === 0 ? list : null;
}

const numberOf = (text: string): number | null => (NUMBER.test(text.trim()) ? Number(text.trim()) : null);

/** Partial targets (domain/scale-out-targets.ts: levels increasing, fractions in (0, 1] summing to at most 1). */
function parseTargetRows(rows: readonly TargetRow[], label: string, problem: (message: string) => void): TargetInput[] | null {
  const read = (row: TargetRow) => {
    const levelR = numberOf(row.levelR), fraction = numberOf(row.fraction);
    return levelR === null || fraction === null ? null : { levelR, fraction };
  };
  return parseRows(rows, read, (index) => `${label}, row ${index + 1}: enter a number for the level (R) and the fraction closed`, scaleOutTargetIssues, problem);
}

/** Target weights (domain/target-weights.ts: each in [0, 1], summing to at most 1, each symbol once). */
function parseWeightRows(rows: readonly WeightRow[], label: string, problem: (message: string) => void): WeightInput[] | null {
  const read = (row: WeightRow) => {
    const weight = numberOf(row.weight);
    return weight === null || row.symbol === '' ? null : { symbol: row.symbol, weight };
  };
  return parseRows(rows, read, (index) => `${label}, row ${index + 1}: choose a symbol and enter its weight as a number`, targetWeightIssues, problem);
}

/** A list read back (a preset, a run) as the rows its field edits. */
function rowsOf(list: readonly (TargetInput | WeightInput)[]): TargetRow[] | WeightRow[] {
  return list.every((entry) => 'symbol' in entry)
    ? (list as WeightInput[]).map((w) => ({ symbol: w.symbol, weight: String(w.weight) }))
    : (list as TargetInput[]).map((t) => ({ levelR: String(t.levelR), fraction: String(t.fraction) }));
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
export function withPreset<T extends Record<string, SettingText>>(text: T, values: Record<string, unknown>, mode: 'leave' | 'fill', keep: (name: string) => boolean = () => false): T {
  const next: Record<string, SettingText> = { ...text };
  for (const [name, value] of Object.entries(values)) {
    if (!(name in text) || keep(name)) continue;
    if (typeof value === 'boolean') next[name] = value;
    else if (Array.isArray(value)) next[name] = rowsOf(value);
    else if (typeof value !== 'number') next[name] = String(value);
    else next[name] = mode === 'leave' ? '' : String(value);
  }
  return next as T;
}

/** Blank texts back to their defaults (when no preset fills them any more); names `keep` picks stay. */
export function fillBlanks<T extends Record<string, SettingText>>(text: T, defaults: T, keep: (name: string) => boolean = () => false): T {
  const next: Record<string, SettingText> = { ...text };
  for (const name of Object.keys(text)) if (next[name] === '' && !keep(name) && name in defaults) next[name] = defaults[name];
  return next as T;
}

/**
 * Market, range and name as API fields. The days are checked here, in the form's terms (the last
 * day included, as typed), so the API's exclusive end never reaches a message.
 */
export function parseMarket(form: MarketForm, errors: FormErrors, limits: RequestLimits | null = null) {
  if (!form.universe && form.symbols.length === 0) (errors['symbols'] ??= []).push('Choose at least one symbol');
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
    ...(form.universe ? { universe: form.universe } : { symbols: form.symbols }),
    timeframe: form.timeframe,
    startDate: startDayToApi(form.startDate) ?? '',
    endDate: lastDayToApi(form.endDate) ?? '',
  };
}

