import type { StrategyParam } from '../../lib/operations.ts';
import type { FormErrors } from '../../lib/run-settings-form.ts';
import type { RunSettingsFormState } from '../../lib/run-settings-state.ts';
import type { OptimizeInput } from './data.ts';
import { toParameterRanges, type RangeSpec } from './grid.ts';
import { parseSearch, type SearchForm } from './search-form.ts';

/** What the sweep form holds beyond the market, strategy and settings it shares with the run form. */
export interface SweepForm {
  ranges: Record<string, RangeSpec>;
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

/** The whole sweep form as OptimizeStrategyInput, or the problems that keep it from being sent. */
export function buildSweepInput(state: RunSettingsFormState, sweep: SweepForm, problems: Record<string, string>): { input: OptimizeInput; errors: FormErrors } {
  const errors: FormErrors = {};
  const swept = new Set(Object.entries(sweep.ranges).filter(([, r]) => r.kind !== 'fixed').map(([name]) => name));
  const { market, params, settings } = state.parse(errors, 'baseParams', (p) => !swept.has(p.name));
  const search = parseSearch(sweep.search, errors);
  for (const [name, problem] of Object.entries(problems)) (errors[`parameterRanges.${name}`] ??= []).push(problem);
  if (swept.size === 0) (errors['parameterRanges'] ??= []).push('Sweep at least one parameter');
  const max = Number(sweep.maxCombinations);
  if (!Number.isInteger(max) || max < 1) (errors['maxCombinations'] ??= []).push('A whole number of at least 1');
  const parameterRanges = toParameterRanges(sweep.ranges, state.params());
  return { input: { ...market, strategy: state.form.strategy, baseParams: params, parameterRanges, maxCombinations: max, ...settings, ...search } as OptimizeInput, errors };
}
