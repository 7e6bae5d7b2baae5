import { For, Show, type JSX } from 'solid-js';
import { Field } from '../../ui/field.tsx';
import { orderFieldOf, SORTABLE_METRICS } from '../backtests/metrics.ts';
import type { FormErrors } from '../backtests/run-form.ts';
import type { OptimizeInput } from './data.ts';

/** How a sweep ranks, searches and validates: the form's text, and its conversion to the API input. */

export const OBJECTIVES = ['COMPOSITE', 'ROI', 'SHARPE', 'SORTINO', 'CALMAR', 'PROFIT_FACTOR', 'EXPECTANCY', 'SQN', 'CUSTOM'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

export interface SearchForm {
  objective: ObjectiveName;
  weights: Array<{ metric: string; weight: string }>;
  minTrades: string;
  method: 'GRID' | 'RANDOM' | 'ADAPTIVE';
  budget: string;
  seed: string;
  validation: 'NONE' | 'HOLDOUT' | 'WALK_FORWARD';
  holdoutPct: string;
  windows: string;
  inSamplePct: string;
  walkMode: 'ROLLING' | 'ANCHORED';
}

export const initialSearch = (): SearchForm => ({
  objective: 'COMPOSITE',
  weights: [{ metric: 'ROI', weight: '1' }],
  minTrades: '',
  method: 'GRID',
  budget: '200',
  seed: '1',
  validation: 'NONE',
  holdoutPct: '25',
  windows: '4',
  inSamplePct: '70',
  walkMode: 'ROLLING',
});

const num = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The objective, minTrades, search and validation fields of OptimizeStrategyInput. */
export function parseSearch(form: SearchForm, errors: FormErrors): Partial<OptimizeInput> {
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const out: Partial<OptimizeInput> = {};
  if (form.objective === 'CUSTOM') {
    const weights = form.weights.map((w) => ({ metric: w.metric, weight: num(w.weight) }));
    if (weights.length === 0) add('objective', 'A custom objective needs at least one weighted metric');
    if (weights.some((w) => !Number.isFinite(w.weight))) add('objective', 'Every weight must be a number');
    out.objective = { name: 'CUSTOM', weights: weights as NonNullable<OptimizeInput['objective']>['weights'] };
  } else out.objective = { name: form.objective };
  if (form.minTrades.trim() !== '') {
    if (!Number.isInteger(num(form.minTrades)) || num(form.minTrades) < 0) add('minTrades', 'A whole number of trades');
    else out.minTrades = num(form.minTrades);
  }
  if (form.method === 'GRID') out.search = { method: 'GRID' };
  else {
    if (!Number.isInteger(num(form.budget)) || num(form.budget) < 1) add('search.budget', 'How many parameter sets to evaluate (a whole number)');
    if (!Number.isInteger(num(form.seed))) add('search.seed', 'A whole number');
    out.search = { method: form.method, budget: num(form.budget), seed: num(form.seed) };
  }
  if (form.validation === 'HOLDOUT') {
    if (!(num(form.holdoutPct) > 0)) add('validation.holdoutFraction', 'A percent of the range, e.g. 25');
    out.validation = { holdoutFraction: num(form.holdoutPct) / 100 };
  } else if (form.validation === 'WALK_FORWARD') {
    if (!Number.isInteger(num(form.windows)) || num(form.windows) < 1) add('validation.walkForward.windows', 'A whole number of windows');
    if (!(num(form.inSamplePct) > 0 && num(form.inSamplePct) < 100)) add('validation.walkForward.inSampleFraction', 'A percent between 0 and 100');
    out.validation = { walkForward: { windows: num(form.windows), inSampleFraction: num(form.inSamplePct) / 100, mode: form.walkMode } };
  }
  return out;
}

export function SearchFields(props: { form: SearchForm; errors: FormErrors; help: Record<string, string>; onChange: (patch: Partial<SearchForm>) => void }): JSX.Element {
  const f = () => props.form;
  return (
    <fieldset data-testid="search-fields">
      <legend>Ranking, search and validation</legend>
      <Field label="Objective" help={props.help['objective'] ?? 'How rows are ranked (default composite)'} field="objective" errors={props.errors['objective']}>
        {(ids) => (
          <select id={ids.id} aria-describedby={ids.describedBy} value={f().objective} onChange={(e) => props.onChange({ objective: e.currentTarget.value as ObjectiveName })} data-testid="objective">
            <For each={OBJECTIVES}>{(o) => <option value={o}>{o.toLowerCase().replace(/_/g, ' ')}</option>}</For>
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
            <option value="NONE">none (in-sample only)</option>
            <option value="HOLDOUT">hold-out tail</option>
            <option value="WALK_FORWARD">walk-forward windows</option>
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
