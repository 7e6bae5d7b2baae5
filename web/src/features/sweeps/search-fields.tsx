import { For, Show, type JSX } from 'solid-js';
import { Field } from '../../ui/field.tsx';
import { orderFieldOf, SORTABLE_METRICS } from '../../lib/metrics.ts';
import type { FormErrors } from '../../lib/run-settings-form.ts';
import { OBJECTIVES, objectiveLabel, type ObjectiveName, type SearchForm } from './search-form.ts';

export function SearchFields(props: { form: SearchForm; errors: FormErrors; help: Record<string, string>; onChange: (patch: Partial<SearchForm>) => void }): JSX.Element {
  const f = () => props.form;
  return (
    <fieldset data-testid="search-fields">
      <legend>Ranking, search and validation</legend>
      <Field label="Objective" help={props.help['objective'] ?? 'How rows are ranked (default composite)'} field="objective" errors={props.errors['objective']}>
        {(ids) => (
          <select id={ids.id} aria-describedby={ids.describedBy} value={f().objective} onChange={(e) => props.onChange({ objective: e.currentTarget.value as ObjectiveName })} data-testid="objective">
            <For each={OBJECTIVES}>{(o) => <option value={o}>{objectiveLabel(o)}</option>}</For>
          </select>
        )}
      </Field>
      <Show when={f().objective === 'CUSTOM'}>
        <div class="field field--wide" data-testid="objective-weights">
          <span class="field__label">Weighted metrics</span>
          <For each={f().weights}>
            {(w, index) => (
              <div class="toolbar">
                <select aria-label="Metric" value={w.metric} onChange={(e) => props.onChange({ weights: f().weights.map((x, i) => (i === index() ? { ...x, metric: e.currentTarget.value } : x)) })}>
                  <For each={SORTABLE_METRICS}>{(m) => <option value={orderFieldOf(m.key)}>{m.label}</option>}</For>
                </select>
                <input aria-label="Weight" inputmode="decimal" value={w.weight} onInput={(e) => props.onChange({ weights: f().weights.map((x, i) => (i === index() ? { ...x, weight: e.currentTarget.value } : x)) })} />
                <button type="button" class="small-button" onClick={() => props.onChange({ weights: f().weights.filter((_, i) => i !== index()) })}>Remove</button>
              </div>
            )}
          </For>
          <div><button type="button" class="small-button" onClick={() => props.onChange({ weights: [...f().weights, { metric: 'SHARPE_RATIO', weight: '1' }] })}>Add a metric</button></div>
        </div>
      </Show>
      <Field label="Minimum trades" help={props.help['minTrades'] ?? 'Rows with fewer trades are never ranked best (default 30)'} field="minTrades" errors={props.errors['minTrades']}>
        {(ids) => <input id={ids.id} aria-describedby={ids.describedBy} inputmode="numeric" placeholder="30" value={f().minTrades} onInput={(e) => props.onChange({ minTrades: e.currentTarget.value })} />}
      </Field>
      <Field label="Search" help={props.help['search'] ?? 'How parameter sets are chosen (default every combination)'} field="search" errors={props.errors['search']}>
        {(ids) => (
          <select id={ids.id} aria-describedby={ids.describedBy} value={f().method} onChange={(e) => props.onChange({ method: e.currentTarget.value as SearchForm['method'] })} data-testid="search-method">
            <option value="GRID">grid: every combination</option>
            <option value="RANDOM">random sample</option>
            <option value="ADAPTIVE">adaptive (near the best found)</option>
          </select>
        )}
      </Field>
      <Show when={f().method !== 'GRID'}>
        <Field label="Budget" help="Parameter sets to evaluate at most" field="search.budget" errors={props.errors['search.budget']}>
          {(ids) => <input id={ids.id} inputmode="numeric" value={f().budget} onInput={(e) => props.onChange({ budget: e.currentTarget.value })} />}
        </Field>
        <Field label="Seed" help="The same seed gives the same rows" field="search.seed" errors={props.errors['search.seed']}>
          {(ids) => <input id={ids.id} inputmode="numeric" value={f().seed} onInput={(e) => props.onChange({ seed: e.currentTarget.value })} />}
        </Field>
      </Show>
      <Field label="Validation" help={props.help['validation'] ?? 'Test what the search finds on data it never saw'} field="validation" errors={props.errors['validation']}>
        {(ids) => (
          <select id={ids.id} aria-describedby={ids.describedBy} value={f().validation} onChange={(e) => props.onChange({ validation: e.currentTarget.value as SearchForm['validation'] })} data-testid="validation">
            <option value="HOLDOUT">hold-out tail (default)</option>
            <option value="WALK_FORWARD">walk-forward windows</option>
            <option value="NONE">none: in sample only (no recommendation)</option>
          </select>
        )}
      </Field>
      <Show when={f().validation === 'HOLDOUT'}>
        <Field label="Hold-out (% of range)" help="The last part of the range, kept from the search (5–50 %)" field="validation.holdoutFraction" errors={props.errors['validation.holdoutFraction']}>
          {(ids) => <input id={ids.id} inputmode="decimal" value={f().holdoutPct} onInput={(e) => props.onChange({ holdoutPct: e.currentTarget.value })} />}
        </Field>
      </Show>
      <Show when={f().validation === 'WALK_FORWARD'}>
        <Field label="Windows" field="validation.walkForward.windows" errors={props.errors['validation.walkForward.windows']}>
          {(ids) => <input id={ids.id} inputmode="numeric" value={f().windows} onInput={(e) => props.onChange({ windows: e.currentTarget.value })} />}
        </Field>
        <Field label="In-sample (% of window)" field="validation.walkForward.inSampleFraction" errors={props.errors['validation.walkForward.inSampleFraction']}>
          {(ids) => <input id={ids.id} inputmode="decimal" value={f().inSamplePct} onInput={(e) => props.onChange({ inSamplePct: e.currentTarget.value })} />}
        </Field>
        <Field label="Mode" field="validation.walkForward.mode">
          {(ids) => (
            <select id={ids.id} value={f().walkMode} onChange={(e) => props.onChange({ walkMode: e.currentTarget.value as SearchForm['walkMode'] })}>
              <option value="ROLLING">rolling</option>
              <option value="ANCHORED">anchored</option>
            </select>
          )}
        </Field>
      </Show>
    </fieldset>
  );
}
