import type { RunBacktestInput, StrategyParam } from './data.ts';

/**
 * The run form's model, shared by the sweep form: every simulation option of RunBacktestInput
 * once (label, default, help, kind), the text the inputs hold, and the conversion to the API
 * input with the checks a form can make before asking the server.
 */

export type SettingKey =
  | 'initialCapital' | 'positionSize' | 'sizingMode' | 'feeRate' | 'slippageBps' | 'quantityStep' | 'minNotional'
  | 'maxOpenPositions' | 'allowShort' | 'oppositeSignal' | 'trailingStopPct' | 'maxDrawdownStopPct'
  | 'gapPolicy' | 'fetchMissingData';

export interface SettingSpec {
  readonly key: SettingKey;
  readonly label: string;
  readonly kind: 'number' | 'int' | 'bool' | 'choice';
  readonly initial: string | boolean;
  /** Blank turns it off (sent as absent); otherwise blank is an error. */
  readonly blankMeansOff?: boolean;
  readonly unit?: string;
  readonly help: string;
  readonly choices?: ReadonlyArray<{ value: string; label: string }>;
}

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'initialCapital', label: 'Initial capital', kind: 'number', initial: '10000', unit: 'quote', help: 'Cash the account starts with, in the quote currency.' },
  {
    key: 'sizingMode', label: 'Sizing', kind: 'choice', initial: 'FIXED_QUOTE', help: 'How the position size is read.',
    choices: [
      { value: 'FIXED_QUOTE', label: 'Fixed amount of quote' },
      { value: 'PERCENT_EQUITY', label: '% of equity' },
      { value: 'RISK_PERCENT', label: '% of equity at risk to the stop' },
    ],
  },
  { key: 'positionSize', label: 'Position size', kind: 'number', initial: '1000', help: 'Per trade: quote amount, or percent, following the sizing mode.' },
  { key: 'feeRate', label: 'Fee rate', kind: 'number', initial: '0.001', unit: 'fraction', help: 'Fraction of notional per fill (0.001 = 0.1 %).' },
  { key: 'slippageBps', label: 'Slippage', kind: 'number', initial: '0', unit: 'bps', help: 'Adverse offset of market fills in basis points (1 bp = 0.01 %).' },
  { key: 'quantityStep', label: 'Quantity step', kind: 'number', initial: '0', help: 'Quantities round down to a multiple of this (0 = no rounding).' },
  { key: 'minNotional', label: 'Minimum order', kind: 'number', initial: '0', unit: 'quote', help: 'Orders below this quote amount are skipped.' },
  { key: 'maxOpenPositions', label: 'Max open positions', kind: 'int', initial: '10', help: 'Across all symbols and legs.' },
  { key: 'trailingStopPct', label: 'Trailing stop', kind: 'number', initial: '', blankMeansOff: true, unit: '%', help: 'Trails the best price by this percent; blank = off.' },
  { key: 'maxDrawdownStopPct', label: 'Max drawdown stop', kind: 'number', initial: '', blankMeansOff: true, unit: '%', help: 'Close everything and stop beyond this drawdown; blank = off.' },
  {
    key: 'gapPolicy', label: 'Missing candles', kind: 'choice', initial: 'FAIL', help: 'What to do about gaps in the data.',
    choices: [
      { value: 'FAIL', label: 'Fail (list the gaps)' },
      { value: 'SKIP', label: 'Skip (trade through)' },
      { value: 'FILL', label: 'Fill (flat candles)' },
    ],
  },
  { key: 'allowShort', label: 'Allow shorts', kind: 'bool', initial: true, help: 'Open SHORT positions on sell signals.' },
  { key: 'fetchMissingData', label: 'Download missing candles', kind: 'bool', initial: true, help: 'Fetch what the store lacks from Binance first (synthetic symbols never are).' },
];

export type SettingValues = Record<SettingKey, string | boolean>;
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
  /** `YYYY-MM-DD`, UTC */
  startDate: string;
  /** `YYYY-MM-DD`, UTC, inclusive */
  endDate: string;
}

export interface RunForm extends MarketForm {
  strategy: string;
  params: ParamText;
  settings: SettingValues;
  extraLegs: LegForm[];
}

export const initialSettings = (): SettingValues =>
  Object.fromEntries(SETTINGS.map((setting) => [setting.key, setting.initial])) as SettingValues;

/** The text inputs start from the strategy's defaults. */
export function defaultParamText(params: readonly StrategyParam[]): ParamText {
  return Object.fromEntries(params.map((p) => [p.name, p.type === 'bool' ? p.default === true : String(p.default)]));
}

export type FormErrors = Record<string, string[]>;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC midnight) to ISO; `inclusiveEnd` moves it to the next midnight. */
export function dayToIso(day: string, inclusiveEnd = false): string | null {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms + (inclusiveEnd ? DAY_MS : 0)).toISOString();
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
    if (textValue === '' && fromPreset.has(spec.name)) continue;
    if (textValue === '') (errors[at] ??= []).push(`${spec.name} is empty: enter a value (default ${String(spec.default)})`);
    else if (!NUMBER.test(textValue)) (errors[at] ??= []).push(`${spec.name} must be a number`);
    else if (spec.type === 'int' && !Number.isInteger(Number(textValue))) (errors[at] ??= []).push(`${spec.name} must be a whole number`);
    else values[spec.name] = Number(textValue);
  }
  return values;
}

/** The simulation settings as API fields (absent when turned off, or left blank for a preset to fill). */
export function parseSettings(settings: SettingValues, errors: FormErrors, fromPreset: ReadonlySet<string> = new Set()): Partial<RunBacktestInput> {
  const out: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    const raw = settings[spec.key];
    if (spec.kind === 'bool') out[spec.key] = raw === true;
    else if (spec.kind === 'choice') out[spec.key] = raw;
    else {
      const text = String(raw).trim();
      if (text === '') {
        if (!spec.blankMeansOff && !fromPreset.has(spec.key)) (errors[spec.key] ??= []).push(`${spec.label} is empty: enter a value`);
      } else if (!NUMBER.test(text)) (errors[spec.key] ??= []).push(`${spec.label} must be a number`);
      else if (spec.kind === 'int' && !Number.isInteger(Number(text))) (errors[spec.key] ??= []).push(`${spec.label} must be a whole number`);
      else out[spec.key] = Number(text);
    }
  }
  return out as Partial<RunBacktestInput>;
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
export function withPreset<T extends Record<string, string | boolean>>(text: T, values: Record<string, unknown>, mode: 'leave' | 'fill', keep: (name: string) => boolean = () => false): T {
  const next: Record<string, string | boolean> = { ...text };
  for (const [name, value] of Object.entries(values)) {
    if (!(name in text) || keep(name)) continue;
    if (typeof value === 'boolean') next[name] = value;
    else if (typeof value !== 'number') next[name] = String(value);
    else next[name] = mode === 'leave' ? '' : String(value);
  }
  return next as T;
}

/** Blank texts back to their defaults (when no preset fills them any more); names `keep` picks stay. */
export function fillBlanks<T extends Record<string, string | boolean>>(text: T, defaults: T, keep: (name: string) => boolean = () => false): T {
  const next: Record<string, string | boolean> = { ...text };
  for (const name of Object.keys(text)) if (next[name] === '' && !keep(name) && name in defaults) next[name] = defaults[name];
  return next as T;
}

/** Market, range and name as API fields. */
export function parseMarket(form: MarketForm, errors: FormErrors) {
  if (form.symbols.length === 0) (errors['symbols'] ??= []).push('Choose at least one symbol');
  if (!form.timeframe) (errors['timeframe'] ??= []).push('Choose a timeframe');
  const startDate = dayToIso(form.startDate);
  const endDate = dayToIso(form.endDate, true);
  if (!startDate) (errors['startDate'] ??= []).push('Enter a start date');
  if (!endDate) (errors['endDate'] ??= []).push('Enter an end date');
  return {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    symbols: form.symbols,
    timeframe: form.timeframe,
    startDate: startDate ?? '',
    endDate: endDate ?? '',
  };
}

/** The whole form as RunBacktestInput, or the problems that keep it from being sent. */
export function buildRunInput(
  form: RunForm,
  paramsOf: (strategy: string) => readonly StrategyParam[] | undefined,
  preset: PresetCover = NO_PRESET,
): { input: RunBacktestInput; errors: FormErrors } {
  const errors: FormErrors = {};
  const market = parseMarket(form, errors);
  if (!paramsOf(form.strategy)) (errors['strategy'] ??= []).push('Choose a strategy');
  const strategyParams = parseParams(paramsOf(form.strategy) ?? [], form.params, 'strategyParams', errors, preset.params);
  const settings = parseSettings(form.settings, errors, preset.settings);
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

const ENUM_FIELDS: ReadonlySet<string> = new Set(['sizingMode', 'gapPolicy']);

/** The exact mutation that starts this run from any GraphQL tool. */
export function runAsGraphQL(input: RunBacktestInput): string {
  const fields = Object.entries(input)
    .map(([key, value]) => `    ${key}: ${literal(value, ENUM_FIELDS, key)}`)
    .join('\n');
  return `mutation RunBacktest {\n  runBacktest(input: {\n${fields}\n  }) {\n    id\n    status\n  }\n}\n`;
}
