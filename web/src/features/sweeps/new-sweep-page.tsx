import { paramRecord, plainOf } from '../../lib/values.ts';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { initialStrategy } from '../../lib/strategy-choice.ts';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { fieldErrorsOf, type ApiError } from '../../lib/errors.ts';
import { dayOf } from '../../lib/dates.ts';
import { formatInt } from '../../lib/format.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Field } from '../../ui/field.tsx';
import { createFormMarkets, createSettingDefinitions, createStrategies, type StrategyParam } from '../backtests/data.ts';
import { FieldsToFix, FORM_LABELS, MarketFields, SettingsFields } from '../backtests/form-fields.tsx';
import { placeParamIssues } from '../backtests/param-issues.ts';
import { defaultParamText, initialSettings, labelWithUnit, parseMarket, parseParams, parseSettings, type FormErrors, type MarketForm, type ParamText, type SettingValues } from '../backtests/run-form.ts';
import { offeredTimeframes } from '../../lib/intervals.ts';
import { storedIntervals } from '../backtests/form-fields.tsx';
import { createPresetFor, followPreset, presetNames, presetPlaceholders, PresetNotice } from '../recommendations/preset-notice.tsx';
import { createOptimize, type OptimizeInput } from './data.ts';
import { countGrid, toParameterRanges, type RangeSpec } from './grid.ts';
import { SWEEP_INPUT_DESCRIPTIONS } from './operations.ts';
import { SearchFields } from './search-fields.tsx';
import { initialSearch, parseSearch, type SearchForm } from './search-form.ts';
import { fieldDescriptions } from '../../lib/introspection.ts';

interface SweepForm extends MarketForm {
  strategy: string;
  base: ParamText;
  ranges: Record<string, RangeSpec>;
  settings: SettingValues;
  maxCombinations: string;
  search: SearchForm;
}

/** Two parameters swept by default: a small grid around the defaults, ready to run. */
export function defaultRanges(params: readonly StrategyParam[]): Record<string, RangeSpec> {
  const ranges: Record<string, RangeSpec> = {};
  const numeric = params.flatMap((p) => (p.type === 'int' && p.default.number !== null && p.default.number > 0 ? [{ ...p, start: p.default.number }] : [])).slice(0, 2);
  for (const p of params) ranges[p.name] = { kind: 'fixed' };
  for (const p of numeric) {
    const d = p.start;
    const step = Math.max(p.step ?? 1, Math.round(d / 3));
    ranges[p.name] = { kind: 'range', min: String(Math.max(p.min ?? 1, d - step)), max: String(d + step * 2), step: String(step) };
  }
  return ranges;
}

export default function NewSweepPage(): JSX.Element {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ strategy?: string }>();
  const strategies = createStrategies();
  const markets = createFormMarkets();
  const descriptions = createGraphQLQuery(SWEEP_INPUT_DESCRIPTIONS, () => ({}), 'cache-first');
  const help = createMemo(() => {
    return fieldDescriptions(descriptions.data()?.__type, 'inputFields');
  });
  const optimize = createOptimize();
  const settingDefinitions = createSettingDefinitions();
  const definitions = settingDefinitions.definitions;
  const [form, setForm] = createStore<SweepForm>({
    name: '', symbols: [], timeframe: '', startDate: '', endDate: '', strategy: '', base: {}, ranges: {}, settings: {}, maxCombinations: '2000', search: initialSearch(),
  });
  // The settings start from the server's definitions once they arrive.
  createEffect(() => {
    if (definitions().length > 0 && Object.keys(form.settings).length === 0) setForm('settings', initialSettings(definitions()));
  });
  const [errors, setErrors] = createSignal<FormErrors>({});
  const [general, setGeneral] = createSignal<ApiError | null>(null);
  const [touched, setTouched] = createSignal(false);
  const selected = createMemo(() => strategies.strategies().find((s) => s.name === form.strategy));
  const params = () => selected()?.params ?? [];

  createEffect(() => {
    const list = strategies.strategies();
    if (!form.strategy && list.length > 0) setForm('strategy', initialStrategy(list.map((s) => s.name), search.strategy)!);
  });
  // Names the user typed into since choosing the strategy: a preset appearing or going never overwrites them.
  const [typed, setTyped] = createSignal<ReadonlySet<string>>(new Set());
  const typedIn = (name: string) => typed().has(name);
  const markTyped = (name: string) => setTyped(new Set([...typed(), name]));
  createEffect(
    on(
      () => form.strategy,
      () => {
        setTyped(new Set<string>());
        setForm({ base: defaultParamText(params()), ranges: defaultRanges(params()) });
      },
    ),
  );
  // The first stored symbol (the sample's BTC when present) at 1 h when its candles offer it (stored or
  // resampled from a shorter stored interval), else at what is stored; the whole stored range.
  createEffect(() => {
    const coverage = markets.coverage();
    if (coverage.length === 0 || touched() || form.symbols.length > 0) return;
    const first = coverage.find((c) => c.symbol === 'SYNTH-BTCUSDT') ?? coverage[0];
    const offered = offeredTimeframes(storedIntervals(markets), [first.symbol]) ?? [];
    const timeframe = offered.find((o) => o.interval === '1h')?.interval ?? first.interval;
    setForm({ symbols: [first.symbol], timeframe, startDate: dayOf(Date.parse(first.first)), endDate: dayOf(Date.parse(first.last)) });
  });

  // The preset for this strategy, first symbol and timeframe: base values it sets are left blank for the server to fill.
  const preset = createPresetFor(() => (form.strategy ? { strategy: form.strategy, symbol: form.symbols[0] ?? '', timeframe: form.timeframe } : null));
  const usePreset = followPreset(preset, {
    updateParams: (update) => setForm('base', update),
    updateSettings: (update) => setForm('settings', update),
    defaultParams: () => defaultParamText(params()),
    defaultSettings: () => initialSettings(definitions()),
    typedIn,
  });

  /** The base values as the grid count sees them: the preset's where a field is left to it. */
  const baseValues = createMemo(() => {
    const given = parseParams(params(), form.base, 'baseParams', {}, presetNames(preset(), 'params'));
    return { ...paramRecord(preset()?.params), ...given };
  });
  const count = createMemo(() => countGrid(params(), form.ranges, baseValues(), selected()?.constraints ?? []));

  const build = (): { input: OptimizeInput; errors: FormErrors } => {
    const found: FormErrors = {};
    const market = parseMarket(form, found, settingDefinitions.limits());
    const swept = new Set(Object.entries(form.ranges).filter(([, r]) => r.kind !== 'fixed').map(([name]) => name));
    const base = parseParams(params().filter((p) => !swept.has(p.name)), form.base, 'baseParams', found, presetNames(preset(), 'params'));
    const settings = parseSettings(definitions(), form.settings, found, presetNames(preset(), 'settings'));
    const search = parseSearch(form.search, found);
    for (const [name, problem] of Object.entries(count().problems)) (found[`parameterRanges.${name}`] ??= []).push(problem);
    if (swept.size === 0) (found['parameterRanges'] ??= []).push('Sweep at least one parameter');
    const max = Number(form.maxCombinations);
    if (!Number.isInteger(max) || max < 1) (found['maxCombinations'] ??= []).push('A whole number of at least 1');
    return {
      input: { ...market, strategy: form.strategy, baseParams: base, parameterRanges: toParameterRanges(form.ranges, params()), maxCombinations: max, ...settings, ...search } as OptimizeInput,
      errors: found,
    };
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setGeneral(null);
    const { input, errors: found } = build();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const outcome = await optimize.execute({ input });
    if (outcome.error) {
      const { fields, general: other } = fieldErrorsOf(outcome.error);
      setErrors(placeParamIssues(fields, () => params()));
      setGeneral(other);
      return;
    }
    navigate(`/sweeps/${outcome.data.optimizeStrategy.id}`);
  };

  const setRange = (name: string, spec: RangeSpec) => {
    setTouched(true);
    setForm('ranges', name, spec);
  };

  return (
    <form class="page" onSubmit={onSubmit} novalidate data-testid="sweep-form">
      <header class="page__header"><h1>New parameter sweep</h1></header>
      <ErrorBox error={strategies.error()} title="Could not load strategies" />
      <ErrorBox error={settingDefinitions.error()} title="Could not load the settings" />
      <MarketFields form={form} markets={markets} errors={errors()} onChange={(key, value) => { setTouched(true); setForm(key, value as never); }} />
      <fieldset>
        <legend>Strategy and ranges</legend>
        <Field label={FORM_LABELS.strategy} help={selected()?.description} field="strategy" errors={errors()['strategy']} wide>
          {(ids) => (
            <select id={ids.id} value={form.strategy} onChange={(e) => setForm('strategy', e.currentTarget.value)} data-testid="strategy">
              <For each={strategies.strategies()}>{(s) => <option value={s.name} selected={s.name === form.strategy}>{s.name}</option>}</For>
            </select>
          )}
        </Field>
        <PresetNotice preset={preset()} onLeave={() => usePreset('leave')} onFill={() => usePreset('fill')} />
        <div class="field--wide table-wrap">
          <table class="data-table ranges-table" data-testid="ranges">
            <thead><tr><th>Parameter</th><th>Sweep</th><th>Values</th></tr></thead>
            <tbody>
              <For each={params()}>
                {(param) => {
                  const spec = () => form.ranges[param.name] ?? { kind: 'fixed' };
                  const rangeErrors = () => errors()[`parameterRanges.${param.name}`] ?? errors()[`baseParams.${param.name}`] ?? (count().problems[param.name] ? [count().problems[param.name]] : []);
                  return (
                    <tr data-testid={`range-${param.name}`}>
                      <th scope="row">
                        {labelWithUnit(param)}
                        <div class="muted small">{param.description}</div>
                      </th>
                      <td>
                        <select
                          aria-label={`How to sweep ${param.label}`}
                          value={spec().kind}
                          onChange={(e) => {
                            const kind = e.currentTarget.value as RangeSpec['kind'];
                            const d = String(plainOf(param.default));
                            setRange(param.name, kind === 'fixed' ? { kind } : kind === 'list' ? { kind, values: d } : { kind, min: d, max: d, step: String(param.step ?? 1) });
                          }}
                          data-testid={`range-kind-${param.name}`}
                        >
                          <option value="fixed">fixed</option>
                          <option value="range">range</option>
                          <option value="list">list</option>
                        </select>
                      </td>
                      <td>
                        <Show when={spec().kind === 'fixed'}>
                          <input
                            aria-label={`${param.label} value`}
                            placeholder={presetPlaceholders(preset(), 'params')[param.name]}
                            value={String(form.base[param.name] ?? '')}
                            onInput={(e) => { markTyped(param.name); setForm('base', param.name, param.type === 'bool' ? e.currentTarget.value === 'true' : e.currentTarget.value); }}
                            data-testid={`base-${param.name}`}
                          />
                        </Show>
                        <Show when={spec().kind === 'range' ? (spec() as Extract<RangeSpec, { kind: 'range' }>) : null}>
                          {(range) => (
                            <div class="range-inputs">
                              <For each={['min', 'max', 'step'] as const}>
                                {(part) => (
                                  <label>
                                    <span class="small muted">{part}</span>
                                    <input inputmode="decimal" value={range()[part]} onInput={(e) => setRange(param.name, { ...range(), [part]: e.currentTarget.value })} data-testid={`range-${part}-${param.name}`} />
                                  </label>
                                )}
                              </For>
                            </div>
                          )}
                        </Show>
                        <Show when={spec().kind === 'list' ? (spec() as Extract<RangeSpec, { kind: 'list' }>) : null}>
                          {(list) => <input aria-label={`${param.label} values, comma-separated`} value={list().values} onInput={(e) => setRange(param.name, { kind: 'list', values: e.currentTarget.value })} data-testid={`range-list-${param.name}`} />}
                        </Show>
                        <Show when={rangeErrors().length > 0}><p class="field__errors" role="alert">{rangeErrors().join('; ')}</p></Show>
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
        <div class="field--wide grid-count" aria-live="polite" data-testid="grid-count" data-total={count().total} data-skipped={count().skipped}>
          <strong>{formatInt(count().total)}</strong> combinations
          <Show when={!count().tooLarge} fallback={<> (too many to check constraints here)</>}>
            {', '}<strong>{formatInt(count().skipped)}</strong> skipped by constraints → <strong>{formatInt(count().total - count().skipped)}</strong> to run
          </Show>
          <Show when={form.search.method !== 'GRID'}>
            <div class="small">The {form.search.method.toLowerCase()} search evaluates at most {form.search.budget} of them.</div>
          </Show>
          <Show when={count().unchecked.length > 0}><div class="muted small">Checked by the server only: {count().unchecked.join('; ')}</div></Show>
          <Show when={count().total > Number(form.maxCombinations)}><div class="field__errors">More than the limit of {form.maxCombinations}: narrow the ranges or raise the limit.</div></Show>
        </div>
        <Show when={errors()['parameterRanges']}><p class="field__errors field--wide" role="alert">{errors()['parameterRanges']!.join('; ')}</p></Show>
        <Field label="Combination limit" help={help()['maxCombinations']} field="maxCombinations" errors={errors()['maxCombinations']}>
          {(ids) => <input id={ids.id} inputmode="numeric" value={form.maxCombinations} onInput={(e) => setForm('maxCombinations', e.currentTarget.value)} />}
        </Field>
      </fieldset>
      <SearchFields form={form.search} errors={errors()} help={help()} onChange={(patch) => setForm('search', patch)} />
      <SettingsFields definitions={definitions()} values={form.settings} errors={errors()} placeholders={presetPlaceholders(preset(), 'settings')} onChange={(key, value) => { markTyped(key); setForm('settings', key, value); }} />
      <ErrorBox error={general()} title="The sweep was not started" />
      <FieldsToFix errors={errors()} definitions={definitions()} params={params()} />
      <div class="actions sticky-actions">
        <button type="submit" class="primary" disabled={optimize.running() || !settingDefinitions.loaded()} data-testid="start-sweep">{optimize.running() ? 'Starting…' : 'Start sweep'}</button>
      </div>
    </form>
  );
}
