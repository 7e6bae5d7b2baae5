import { useNavigate } from '@solidjs/router';
import { createMemo, createSignal, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { ApiError } from '../../lib/errors.ts';
import { fieldDescriptions } from '../../lib/introspection.ts';
import { refusalOf } from '../../lib/param-issues.ts';
import { createGraphQLQuery } from '../../lib/query.ts';
import type { FormErrors } from '../../lib/run-settings-form.ts';
import { createRunSettingsForm } from '../../lib/run-settings-state.ts';
import { ErrorBox } from '../../ui/error-box.tsx';
import { Field } from '../../ui/field.tsx';
import { FieldsToFix, MarketFields, SettingsFields } from '../../ui/form-fields.tsx';
import { PresetNotice } from '../../ui/preset-notice.tsx';
import { StrategyField } from '../../ui/strategy-field.tsx';
import { createOptimize } from './data.ts';
import { rangeProblems } from './grid.ts';
import { GridCount } from './grid-count.tsx';
import { SWEEP_INPUT_DESCRIPTIONS, SWEEP_PLAN } from './operations.ts';
import { RangesTable } from './ranges-table.tsx';
import { SearchFields } from './search-fields.tsx';
import { initialSearch } from './search-form.ts';
import { buildSweepInput, defaultRanges, type SweepForm } from './sweep-form.ts';

export default function NewSweepPage(): JSX.Element {
  const navigate = useNavigate();
  const [sweep, setSweep] = createStore<SweepForm>({ ranges: {}, maxCombinations: '2000', search: initialSearch() });
  const state = createRunSettingsForm({ timeframe: '1h', onStrategy: (params) => setSweep('ranges', defaultRanges(params)) });
  const descriptions = createGraphQLQuery(SWEEP_INPUT_DESCRIPTIONS, () => ({}), 'cache-first');
  const help = createMemo(() => fieldDescriptions(descriptions.data()?.__type, 'inputFields'));
  const optimize = createOptimize();
  const [errors, setErrors] = createSignal<FormErrors>({});
  const [general, setGeneral] = createSignal<ApiError | null>(null);

  const problems = createMemo(() => rangeProblems(state.params(), sweep.ranges));
  /** The form as the API input once it has no problem the form itself can see: the server counts its grid. */
  const draft = createMemo(() => {
    if (!state.settingDefinitions.loaded() || !state.form.strategy) return null;
    const { input, errors: found } = buildSweepInput(state, sweep, problems());
    return Object.keys(found).length === 0 ? { input } : null;
  });
  const plan = createGraphQLQuery(SWEEP_PLAN, draft, 'cache-first');

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setGeneral(null);
    const { input, errors: found } = buildSweepInput(state, sweep, problems());
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const outcome = await optimize.execute({ input });
    if (!outcome.error) return navigate(`/sweeps/${outcome.data.optimizeStrategy.id}`);
    const refusal = refusalOf(outcome.error, () => state.params());
    setErrors(refusal.fields);
    setGeneral(refusal.general);
  };

  return (
    <form class="page" onSubmit={onSubmit} novalidate data-testid="sweep-form">
      <header class="page__header"><h1>New parameter sweep</h1></header>
      <ErrorBox error={state.strategies.error()} title="Could not load strategies" />
      <ErrorBox error={state.settingDefinitions.error()} title="Could not load the settings" />
      <MarketFields form={state.form} markets={state.markets} errors={errors()} onChange={state.setMarket} />
      <fieldset>
        <legend>Strategy and ranges</legend>
        <StrategyField strategies={state.strategies.strategies()} value={state.form.strategy} help={state.selected()?.description} errors={errors()['strategy']} onChange={state.setStrategy} />
        <PresetNotice preset={state.preset()} onLeave={() => state.usePreset('leave')} onFill={() => state.usePreset('fill')} />
        <RangesTable
          params={state.params()}
          ranges={sweep.ranges}
          base={state.form.params}
          placeholders={state.placeholders('params')}
          errors={errors()}
          problems={problems()}
          onRange={(name, spec) => setSweep('ranges', name, spec)}
          onBase={state.setParam}
        />
        <GridCount plan={draft() ? plan.data()?.sweepPlan ?? null : null} error={draft() ? plan.error() : null} counting={plan.loading()} method={sweep.search.method} budget={sweep.search.budget} />
        <Show when={errors()['parameterRanges']}><p class="field__errors field--wide" role="alert">{errors()['parameterRanges']!.join('; ')}</p></Show>
        <Field label="Combination limit" help={help()['maxCombinations']} field="maxCombinations" errors={errors()['maxCombinations']}>
          {(ids) => <input id={ids.id} inputmode="numeric" value={sweep.maxCombinations} onInput={(e) => setSweep('maxCombinations', e.currentTarget.value)} />}
        </Field>
      </fieldset>
      <SearchFields form={sweep.search} errors={errors()} help={help()} onChange={(patch) => setSweep('search', patch)} />
      <SettingsFields definitions={state.definitions()} values={state.form.settings} errors={errors()} placeholders={state.placeholders('settings')} symbols={state.form.symbols} onChange={state.setSetting} />
      <ErrorBox error={general()} title="The sweep was not started" />
      <FieldsToFix errors={errors()} definitions={state.definitions()} params={state.params()} />
      <div class="actions sticky-actions">
        <button type="submit" class="primary" disabled={optimize.running() || !state.settingDefinitions.loaded()} data-testid="start-sweep">{optimize.running() ? 'Starting…' : 'Start sweep'}</button>
      </div>
    </form>
  );
}
