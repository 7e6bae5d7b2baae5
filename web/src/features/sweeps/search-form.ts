import type { FormErrors } from '../../lib/run-settings-form.ts';
import type { OptimizeInput } from './data.ts';

/** How a sweep ranks, searches and validates: the form's text, and its conversion to the API input. */

export const OBJECTIVES = ['COMPOSITE', 'ROI', 'SHARPE', 'SORTINO', 'CALMAR', 'PROFIT_FACTOR', 'EXPECTANCY', 'SQN', 'CUSTOM'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

/** `PROFIT_FACTOR` as `profit factor`. */
export const objectiveLabel = (name: string): string => name.toLowerCase().replace(/_/g, ' ');

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
  // As the API does when validation is left out: hold the last quarter out (what recommendations need).
  validation: 'HOLDOUT',
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
  // Sent explicitly either way: left out, the API would hold out 25 %; `{}` keeps the sweep in sample.
  if (form.validation === 'NONE') out.validation = {};
  else if (form.validation === 'HOLDOUT') {
    if (!(num(form.holdoutPct) > 0)) add('validation.holdoutFraction', 'A percent of the range, e.g. 25');
    out.validation = { holdoutFraction: num(form.holdoutPct) / 100 };
  } else if (form.validation === 'WALK_FORWARD') {
    if (!Number.isInteger(num(form.windows)) || num(form.windows) < 1) add('validation.walkForward.windows', 'A whole number of windows');
    if (!(num(form.inSamplePct) > 0 && num(form.inSamplePct) < 100)) add('validation.walkForward.inSampleFraction', 'A percent between 0 and 100');
    out.validation = { walkForward: { windows: num(form.windows), inSampleFraction: num(form.inSamplePct) / 100, mode: form.walkMode } };
  }
  return out;
}
