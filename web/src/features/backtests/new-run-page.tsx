import { useNavigate } from '@solidjs/router';
import { createMemo, createSignal, Show, type JSX } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import type { ApiError } from '../../lib/errors.ts';
import { refusalOf } from '../../lib/param-issues.ts';
import { defaultParamText, type FormErrors } from '../../lib/run-settings-form.ts';
import { createRunSettingsForm } from '../../lib/run-settings-state.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { createSymbolChoices, FieldsToFix, MarketFields, ParamFields, SettingsFields } from '../../ui/form-fields.tsx';
import { PresetNotice } from '../../ui/preset-notice.tsx';
import { StrategyField } from '../../ui/strategy-field.tsx';
import { createRunBacktest } from './data.ts';
import { ExtraLegsFields } from './extra-legs-fields.tsx';
import { RunFormActions } from './run-form-actions.tsx';
import { buildRunInput, runAsGraphQL, type LegForm } from './run-form.ts';

export default function NewRunPage(): JSX.Element {
  const navigate = useNavigate();
  const state = createRunSettingsForm({ timeframe: '5m' });
  const [legs, setLegs] = createStore<LegForm[]>([]);
  const legSymbols = createSymbolChoices(state.markets);
  const submit = createRunBacktest();
  // The form's own checks run live once a submit was tried; the server's stand until the next edit.
  const [submitted, setSubmitted] = createSignal(false);
  const [serverErrors, setErrors] = createSignal<FormErrors>({});
  const [general, setGeneral] = createSignal<ApiError | null>(null);
  const [showGraphQL, setShowGraphQL] = createSignal(false);
  const [copied, setCopied] = createSignal(false);

  const built = createMemo(() => buildRunInput({ ...state.form, extraLegs: legs }, state.paramsOf, state.definitions(), state.cover(), state.settingDefinitions.limits()));
  const errors = createMemo<FormErrors>(() => (submitted() ? { ...built().errors, ...serverErrors() } : {}));
  const graphqlText = createMemo(() => runAsGraphQL(built().input, state.definitions()));
  const edit = (fn: () => void) => {
    setCopied(false);
    setErrors({});
    fn();
  };
  const legParams = (field: string) => {
    const leg = /^extraLegs\.(\d+)\./.exec(field);
    return state.paramsOf(leg ? (legs[Number(leg[1])]?.strategy ?? '') : state.form.strategy);
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setGeneral(null);
    setSubmitted(true);
    setErrors({});
    if (Object.keys(built().errors).length > 0) return focusFirstError();
    const outcome = await submit.execute({ input: built().input });
    if (!outcome.error) return navigate(`/runs/${outcome.data.runBacktest.id}`);
    const refusal = refusalOf(outcome.error, legParams);
    setErrors(refusal.fields);
    setGeneral(refusal.general ?? (Object.keys(refusal.fields).length > 0 ? null : { code: 'UNKNOWN_ERROR', message: 'The run was not started' }));
    focusFirstError();
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

  return (
    <form class="page run-form" onSubmit={onSubmit} novalidate data-testid="backtest-form">
      <header class="page__header">
        <h1>New backtest</h1>
      </header>
      <ErrorBox error={state.strategies.error()} title="Could not load strategies" />
      <ErrorBox error={state.markets.error()} title="Could not load stored markets" />
      <ErrorBox error={state.settingDefinitions.error()} title="Could not load the settings" />
      <MarketFields form={state.form} markets={state.markets} errors={errors()} onChange={(key, value) => edit(() => state.setMarket(key, value))} />
      <fieldset>
        <legend>Strategy</legend>
        <StrategyField strategies={state.strategies.strategies()} value={state.form.strategy} help={state.selected()?.description} errors={errors()['strategy']} onChange={(strategy) => edit(() => state.setStrategy(strategy))} />
        <PresetNotice preset={state.preset()} onLeave={() => edit(() => state.usePreset('leave'))} onFill={() => edit(() => state.usePreset('fill'))} />
        <ParamFields params={state.params()} values={state.form.params} errors={errors()} field="strategyParams" placeholders={state.placeholders('params')} onChange={(name, value) => edit(() => state.setParam(name, value))} />
        <Show when={(state.selected()?.constraints.length ?? 0) > 0}>
          <p class="field__hint field--wide">Constraints: {state.selected()?.constraints.join('; ')}</p>
        </Show>
      </fieldset>
      <ExtraLegsFields
        legs={legs}
        strategies={state.strategies.strategies()}
        paramsOf={state.paramsOf}
        symbols={legSymbols}
        errors={errors()}
        onStrategy={(index, strategy) => edit(() => setLegs(index, { strategy, params: defaultParamText(state.paramsOf(strategy) ?? []) }))}
        onSymbols={(index, symbols) => edit(() => setLegs(index, 'symbols', symbols))}
        onParam={(index, name, value) => edit(() => setLegs(index, 'params', name, value))}
        onRemove={(index) => edit(() => setLegs(produce((list) => list.splice(index, 1))))}
        onAdd={() => edit(() => setLegs(legs.length, { strategy: state.form.strategy, symbols: [...state.form.symbols], params: defaultParamText(state.params()) }))}
      />
      <SettingsFields definitions={state.definitions()} values={state.form.settings} errors={errors()} placeholders={state.placeholders('settings')} symbols={state.form.symbols} onChange={(key, value) => edit(() => state.setSetting(key, value))} />
      <ErrorBox error={general()} title="The backtest was not started" />
      <FieldsToFix errors={errors()} definitions={state.definitions()} params={state.params()} />
      <RunFormActions copied={copied()} running={submit.running()} ready={state.form.strategy !== '' && state.settingDefinitions.loaded()} showGraphQL={showGraphQL()} graphqlText={graphqlText()} onCopy={() => void copy()} />
    </form>
  );
}

function focusFirstError() {
  queueMicrotask(() => document.querySelector<HTMLElement>('.field--invalid input, .field--invalid select')?.focus());
}
