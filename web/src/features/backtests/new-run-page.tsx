import { useNavigate, useSearchParams } from '@solidjs/router';
import { initialStrategy } from '../../lib/strategy-choice.ts';
import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { fieldErrorsOf, type ApiError } from '../../lib/errors.ts';
import { dayOf } from '../../lib/dates.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Field } from '../../ui/field.tsx';
import { MultiSelect } from '../../ui/multi-select.tsx';
import { createFormMarkets, createRunBacktest, createSettingDefinitions, createStrategies } from './data.ts';
import { createPresetFor, followPreset, presetNames, presetPlaceholders, PresetNotice } from '../recommendations/preset-notice.tsx';
import { createSymbolChoices, FieldsToFix, FORM_LABELS, MarketFields, ParamFields, SettingsFields } from './form-fields.tsx';
import { normaliseSymbol } from '../../lib/symbols.ts';
import { placeParamIssues } from './param-issues.ts';
import { buildRunInput, defaultParamText, initialSettings, runAsGraphQL, type FormErrors, type PresetCover, type RunForm } from './run-form.ts';

export default function NewRunPage(): JSX.Element {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ strategy?: string }>();
  const strategies = createStrategies();
  const markets = createFormMarkets();
  const settingDefinitions = createSettingDefinitions();
  const definitions = settingDefinitions.definitions;
  const submit = createRunBacktest();
  const paramsOf = (name: string) => strategies.strategies().find((s) => s.name === name)?.params;

  const [form, setForm] = createStore<RunForm>({
    name: '',
    symbols: [],
    timeframe: '',
    startDate: '',
    endDate: '',
    strategy: '',
    params: {},
    settings: {},
    extraLegs: [],
  });
  // The settings start from the server's definitions once they arrive.
  createEffect(() => {
    if (definitions().length > 0 && Object.keys(form.settings).length === 0) setForm('settings', initialSettings(definitions()));
  });
  const [touched, setTouched] = createSignal(false);
  // The form's own checks run live once a submit was tried; the server's stand until the next edit.
  const [submitted, setSubmitted] = createSignal(false);
  const [serverErrors, setErrors] = createSignal<FormErrors>({});
  const [general, setGeneral] = createSignal<ApiError | null>(null);
  const [showGraphQL, setShowGraphQL] = createSignal(false);
  const [copied, setCopied] = createSignal(false);

  const selected = createMemo(() => strategies.strategies().find((s) => s.name === form.strategy));

  createEffect(() => {
    const list = strategies.strategies();
    if (!form.strategy && list.length > 0) setForm('strategy', initialStrategy(list.map((s) => s.name), search.strategy)!);
  });
  // Names the user typed into since choosing the strategy: a preset appearing or going never overwrites them.
  const [typed, setTyped] = createSignal<ReadonlySet<string>>(new Set());
  const typedIn = (name: string) => typed().has(name);
  createEffect(
    on(
      () => form.strategy,
      () => {
        setTyped(new Set<string>());
        setForm('params', defaultParamText(selected()?.params ?? []));
      },
    ),
  );

  // The preset for this strategy, first symbol and timeframe: what it sets is left blank for the server to fill.
  const preset = createPresetFor(() => (form.strategy ? { strategy: form.strategy, symbol: form.symbols[0] ?? '', timeframe: form.timeframe } : null));
  const cover = createMemo<PresetCover>(() => ({ params: presetNames(preset(), 'params'), settings: presetNames(preset(), 'settings') }));
  const usePreset = followPreset(preset, {
    updateParams: (update) => setForm('params', update),
    updateSettings: (update) => setForm('settings', update),
    defaultParams: () => defaultParamText(selected()?.params ?? []),
    defaultSettings: () => initialSettings(definitions()),
    typedIn,
  });

  // The first stored market (the sample's 5m when present) and its whole range, until the user edits.
  createEffect(() => {
    const coverage = markets.coverage();
    if (coverage.length === 0 || touched() || form.symbols.length > 0) return;
    const first = coverage.find((c) => c.symbol === 'SYNTH-BTCUSDT' && c.interval === '5m') ?? coverage[0];
    setForm({ symbols: [first.symbol], timeframe: first.interval, startDate: dayOf(Date.parse(first.first)), endDate: dayOf(Date.parse(first.last)) });
  });

  const built = createMemo(() => buildRunInput(form, paramsOf, definitions(), cover(), settingDefinitions.limits()));
  const errors = createMemo<FormErrors>(() => (submitted() ? { ...built().errors, ...serverErrors() } : {}));
  const graphqlText = createMemo(() => runAsGraphQL(built().input, definitions()));

  const edit = (fn: () => void) => {
    setTouched(true);
    setCopied(false);
    setErrors({});
    fn();
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setGeneral(null);
    const { input, errors: found } = built();
    setSubmitted(true);
    setErrors({});
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    const outcome = await submit.execute({ input });
    if (outcome.error) {
      const { fields, general: other } = fieldErrorsOf(outcome.error);
      const legParams = (field: string) => {
        const leg = /^extraLegs\.(\d+)\./.exec(field);
        return leg ? paramsOf(form.extraLegs[Number(leg[1])]?.strategy ?? '') : paramsOf(form.strategy);
      };
      setErrors(placeParamIssues(fields, legParams));
      setGeneral(other ?? (Object.keys(fields).length > 0 ? null : { code: 'UNKNOWN_ERROR', message: 'The run was not started' }));
      focusFirstError();
      return;
    }
    navigate(`/runs/${outcome.data.runBacktest.id}`);
  };

  const copy = async () => {
    setShowGraphQL(true);
    try {
      await navigator.clipboard.writeText(graphqlText());
      setCopied(true);
    } catch {
      // No clipboard (plain http on another host): the text is shown selected to copy by hand.
      document.querySelector<HTMLTextAreaElement>('[data-testid="graphql-text"]')?.select();
    }
  };

  const legSymbols = createSymbolChoices(markets);

  return (
    <form class="page run-form" onSubmit={onSubmit} novalidate data-testid="backtest-form">
      <header class="page__header">
        <h1>New backtest</h1>
      </header>
      <ErrorBox error={strategies.error()} title="Could not load strategies" />
      <ErrorBox error={markets.error()} title="Could not load stored markets" />
      <ErrorBox error={settingDefinitions.error()} title="Could not load the settings" />

      <MarketFields form={form} markets={markets} errors={errors()} onChange={(key, value) => edit(() => setForm(key, value as never))} />

      <fieldset>
        <legend>Strategy</legend>
        <Field label={FORM_LABELS.strategy} help={selected()?.description} field="strategy" errors={errors()['strategy']} wide>
          {(ids) => (
            <select id={ids.id} aria-describedby={ids.describedBy} value={form.strategy} onChange={(e) => edit(() => setForm('strategy', e.currentTarget.value))} data-testid="strategy">
              <For each={strategies.strategies()}>{(s) => <option value={s.name} selected={s.name === form.strategy}>{s.name}</option>}</For>
            </select>
          )}
        </Field>
        <PresetNotice preset={preset()} onLeave={() => edit(() => usePreset('leave'))} onFill={() => edit(() => usePreset('fill'))} />
        <ParamFields
          params={selected()?.params ?? []}
          values={form.params}
          errors={errors()}
          field="strategyParams"
          placeholders={presetPlaceholders(preset(), 'params')}
          onChange={(name, value) => edit(() => { setTyped(new Set([...typed(), name])); setForm('params', name, value); })}
        />
        <Show when={(selected()?.constraints.length ?? 0) > 0}>
          <p class="field__hint field--wide">Constraints: {selected()?.constraints.join('; ')}</p>
        </Show>
      </fieldset>

      <fieldset>
        <legend>Extra legs</legend>
        <p class="field__hint field--wide">Further strategies trading from the same account (capital, open-position limit), each on its own symbols.</p>
        <For each={form.extraLegs}>
          {(leg, index) => {
            const legParams = () => paramsOf(leg.strategy) ?? [];
            const at = () => `extraLegs.${index()}`;
            return (
              <div class="leg field--wide" data-testid="extra-leg">
                <Field label={`Leg ${index() + 2} strategy`} field={`${at()}.strategy`} errors={errors()[`${at()}.strategy`]}>
                  {(ids) => (
                    <select
                      id={ids.id}
                      value={leg.strategy}
                      onChange={(e) => {
                        const strategy = e.currentTarget.value;
                        edit(() => setForm('extraLegs', index(), { strategy, params: defaultParamText(paramsOf(strategy) ?? []) }));
                      }}
                    >
                      <For each={strategies.strategies()}>{(s) => <option value={s.name}>{s.name}</option>}</For>
                    </select>
                  )}
                </Field>
                <Field label="Symbols" field={`${at()}.symbols`} errors={errors()[`${at()}.symbols`]} wide>
                  {(ids) => (
                    <MultiSelect
                      id={ids.id}
                      invalid={ids.invalid}
                      values={leg.symbols}
                      choices={legSymbols.choices()}
                      onQuery={legSymbols.search}
                      onChange={(values) => edit(() => setForm('extraLegs', index(), 'symbols', values))}
                      allowCustom
                      normalise={normaliseSymbol}
                    />
                  )}
                </Field>
                <ParamFields params={legParams()} values={leg.params} errors={errors()} field={`${at()}.strategyParams`} testPrefix={`leg${index()}-`} onChange={(name, value) => edit(() => setForm('extraLegs', index(), 'params', name, value))} />
                <button type="button" class="danger small-button" onClick={() => edit(() => setForm('extraLegs', produce((legs) => legs.splice(index(), 1))))}>
                  Remove leg
                </button>
              </div>
            );
          }}
        </For>
        <div class="field--wide">
          <button
            type="button"
            onClick={() =>
              edit(() => setForm('extraLegs', form.extraLegs.length, { strategy: form.strategy, symbols: [...form.symbols], params: defaultParamText(selected()?.params ?? []) }))
            }
            data-testid="add-leg"
          >
            Add a leg
          </button>
        </div>
      </fieldset>

      <SettingsFields
        definitions={definitions()}
        values={form.settings}
        errors={errors()}
        placeholders={presetPlaceholders(preset(), 'settings')}
        onChange={(key, value) => edit(() => { setTyped(new Set([...typed(), key])); setForm('settings', key, value); })}
      />

      <ErrorBox error={general()} title="The backtest was not started" />
      <FieldsToFix errors={errors()} definitions={definitions()} params={selected()?.params ?? []} />
      <div class="actions sticky-actions">
        <button type="button" onClick={() => void copy()} data-testid="copy-graphql">{copied() ? 'Copied' : 'Copy as GraphQL'}</button>
        <button type="submit" class="primary" disabled={submit.running() || !form.strategy || !settingDefinitions.loaded()} data-testid="run-button">
          {submit.running() ? 'Starting…' : 'Run backtest'}
        </button>
      </div>
      <Show when={showGraphQL()}>
        <label class="field field--wide">
          <span class="field__label">The mutation for this run (any GraphQL tool)</span>
          <textarea readonly rows={12} class="code" data-testid="graphql-text" value={graphqlText()} />
        </label>
      </Show>
    </form>
  );
}

function focusFirstError() {
  queueMicrotask(() => document.querySelector<HTMLElement>('.field--invalid input, .field--invalid select')?.focus());
}
