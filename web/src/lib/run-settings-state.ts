import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, on } from 'solid-js';
import { createStore } from 'solid-js/store';
import { dayOf } from './dates.ts';
import { createFormMarkets, createSettingDefinitions, createStrategies } from './form-data.ts';
import { offeredTimeframes, storedIntervalsOf } from './intervals.ts';
import type { StrategyParam } from './operations.ts';
import { createPresetFor, followPreset, presetNames, presetPlaceholders } from './presets.ts';
import { defaultParamText, initialSettings, parseMarket, parseParams, parseSettings, type FormErrors, type MarketForm, type ParamText, type PresetCover, type SettingText, type SettingValues } from './run-settings-form.ts';
import { initialStrategy } from './strategy-choice.ts';

/**
 * The state the run and sweep forms share, in one place: market and range, strategy, its parameter
 * texts, the settings, and the preset that may fill them. Setting defaults and bounds come from the
 * server's definitions; a form adds only what is its own (extra legs, sweep ranges and search).
 */

export interface RunSettingsForm extends MarketForm {
  strategy: string;
  params: ParamText;
  settings: SettingValues;
}

type Coverage = ReturnType<ReturnType<typeof createFormMarkets>['coverage']>[number];

/** The market the bundled sample provides, where a new form starts when it is stored. */
const SAMPLE_SYMBOL = 'SYNTH-BTCUSDT';

/**
 * Where a new form starts: the sample's symbol (at `timeframe` when stored) or else the first stored
 * market, at `timeframe` when its candles offer it (stored or built from a shorter stored interval),
 * else at what is stored, over the whole stored range.
 */
export function startingMarket(coverage: readonly Coverage[], timeframe: string): Pick<MarketForm, 'symbols' | 'timeframe' | 'startDate' | 'endDate'> | null {
  const first = coverage.find((c) => c.symbol === SAMPLE_SYMBOL && c.interval === timeframe) ?? coverage.find((c) => c.symbol === SAMPLE_SYMBOL) ?? coverage[0];
  if (!first) return null;
  const offered = offeredTimeframes(storedIntervalsOf(coverage), [first.symbol]) ?? [];
  return {
    symbols: [first.symbol],
    timeframe: offered.some((o) => o.interval === timeframe) ? timeframe : first.interval,
    startDate: dayOf(Date.parse(first.first)),
    endDate: dayOf(Date.parse(first.last)),
  };
}

export interface RunSettingsFormOptions {
  /** The timeframe a new form prefers (see startingMarket). */
  readonly timeframe: string;
  /** Called when another strategy is chosen, with its parameters: a form resets what it derives from them. */
  readonly onStrategy?: (params: readonly StrategyParam[]) => void;
}

export function createRunSettingsForm(options: RunSettingsFormOptions) {
  const [search] = useSearchParams<{ strategy?: string; universe?: string }>();
  const strategies = createStrategies();
  const markets = createFormMarkets();
  const settingDefinitions = createSettingDefinitions();
  const definitions = settingDefinitions.definitions;
  const [form, setForm] = createStore<RunSettingsForm>({ name: '', symbols: [], timeframe: '', startDate: '', endDate: '', strategy: '', params: {}, settings: {} });
  const [touched, setTouched] = createSignal(false);
  // Names the user typed into since choosing the strategy: a preset appearing or going never overwrites them.
  const [typed, setTyped] = createSignal<ReadonlySet<string>>(new Set());
  const typedIn = (name: string) => typed().has(name);
  const markTyped = (name: string) => setTyped(new Set([...typed(), name]));
  const selected = createMemo(() => strategies.strategies().find((s) => s.name === form.strategy));
  const params = () => selected()?.params ?? [];
  const paramsOf = (name: string) => strategies.strategies().find((s) => s.name === name)?.params;

  // The settings start from the server's definitions once they arrive.
  createEffect(() => {
    if (definitions().length > 0 && Object.keys(form.settings).length === 0) setForm('settings', initialSettings(definitions()));
  });
  createEffect(() => {
    const list = strategies.strategies();
    if (!form.strategy && list.length > 0) setForm('strategy', initialStrategy(list.map((s) => s.name), search.strategy)!);
  });
  createEffect(
    on(
      () => form.strategy,
      () => {
        setTyped(new Set<string>());
        setForm('params', defaultParamText(params()));
        options.onStrategy?.(params());
      },
    ),
  );
  // ?universe=<id> (the Universes page's links) trades that universe, once it is known to be stored.
  createEffect(() => {
    if (touched() || form.universe || !search.universe) return;
    if (markets.universes().some((u) => u.id === search.universe)) setForm('universe', search.universe);
  });
  // The starting market holds until the user edits the market.
  createEffect(() => {
    if (touched() || form.symbols.length > 0) return;
    const start = startingMarket(markets.coverage(), options.timeframe);
    if (start) setForm(start);
  });

  // The preset for this strategy, first symbol and timeframe: what it sets is left blank for the server to fill.
  const preset = createPresetFor(() => (form.strategy ? { strategy: form.strategy, symbol: form.symbols[0] ?? '', timeframe: form.timeframe } : null));
  const cover = createMemo<PresetCover>(() => ({ params: presetNames(preset(), 'params'), settings: presetNames(preset(), 'settings') }));
  const usePreset = followPreset(preset, {
    updateParams: (update) => setForm('params', update),
    updateSettings: (update) => setForm('settings', update),
    defaultParams: () => defaultParamText(params()),
    defaultSettings: () => initialSettings(definitions()),
    typedIn,
  });

  return {
    form,
    strategies,
    markets,
    settingDefinitions,
    definitions,
    selected,
    params,
    paramsOf,
    preset,
    cover,
    usePreset,
    placeholders: (part: 'params' | 'settings') => presetPlaceholders(preset(), part),
    setMarket: <K extends keyof MarketForm>(key: K, value: MarketForm[K]) => {
      setTouched(true);
      setForm(key, value as never);
    },
    /** Only a user's own choice: it also ends the starting market. */
    setStrategy: (strategy: string) => {
      setTouched(true);
      setForm('strategy', strategy);
    },
    setParam: (name: string, value: string | boolean) => {
      markTyped(name);
      setForm('params', name, value);
    },
    setSetting: (name: string, value: SettingText) => {
      markTyped(name);
      setForm('settings', name, value);
    },
    /** Market, the parameters `only` keeps (all by default) and settings as API fields, with the problems found. */
    parse(errors: FormErrors, paramField: string, only: (param: StrategyParam) => boolean = () => true) {
      return {
        market: parseMarket(form, errors, settingDefinitions.limits()),
        params: parseParams(params().filter(only), form.params, paramField, errors, cover().params),
        settings: parseSettings(definitions(), form.settings, errors, cover().settings),
      };
    },
  };
}

export type RunSettingsFormState = ReturnType<typeof createRunSettingsForm>;
