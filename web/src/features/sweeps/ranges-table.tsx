import { For, Show, type JSX } from 'solid-js';
import type { StrategyParam } from '../../lib/operations.ts';
import { labelWithUnit, type FormErrors, type ParamText } from '../../lib/run-settings-form.ts';
import { plainOf } from '../../lib/values.ts';
import type { RangeSpec } from './grid.ts';

/** A new range of the kind chosen, starting at the parameter's default. */
export function rangeOfKind(param: StrategyParam, kind: RangeSpec['kind']): RangeSpec {
  const start = String(plainOf(param.default));
  if (kind === 'fixed') return { kind };
  if (kind === 'list') return { kind, values: start };
  return { kind, min: start, max: start, step: String(param.step ?? 1) };
}

/** Per parameter: fixed at a base value, a min–max–step range, or a list of values. */
export function RangesTable(props: {
  params: readonly StrategyParam[];
  ranges: Record<string, RangeSpec>;
  base: ParamText;
  placeholders: Record<string, string>;
  errors: FormErrors;
  /** The grid count's problem with a parameter's range, if any. */
  problems: Record<string, string>;
  onRange: (name: string, spec: RangeSpec) => void;
  onBase: (name: string, value: string | boolean) => void;
}): JSX.Element {
  return (
    <div class="field--wide table-wrap">
      <table class="data-table ranges-table" data-testid="ranges">
        <thead><tr><th>Parameter</th><th>Sweep</th><th>Values</th></tr></thead>
        <tbody>
          <For each={props.params}>
            {(param) => <RangeRow param={param} spec={props.ranges[param.name] ?? { kind: 'fixed' }} base={props.base[param.name]} placeholder={props.placeholders[param.name]} errors={rangeErrorsOf(props, param.name)} onRange={(spec) => props.onRange(param.name, spec)} onBase={(value) => props.onBase(param.name, value)} />}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** What the table shows under a parameter's range: the server's words on it, the form's, or the grid count's. */
function rangeErrorsOf(props: { errors: FormErrors; problems: Record<string, string> }, name: string): readonly string[] {
  return props.errors[`parameterRanges.${name}`] ?? props.errors[`baseParams.${name}`] ?? (props.problems[name] ? [props.problems[name]] : []);
}

/** One parameter: how it is swept, and its value, range or list. */
function RangeRow(props: {
  param: StrategyParam;
  spec: RangeSpec;
  base: string | boolean | undefined;
  placeholder: string | undefined;
  errors: readonly string[];
  onRange: (spec: RangeSpec) => void;
  onBase: (value: string | boolean) => void;
}): JSX.Element {
  return (
    <tr data-testid={`range-${props.param.name}`}>
      <th scope="row">
        {labelWithUnit(props.param)}
        <div class="muted small">{props.param.description}</div>
      </th>
      <td>
        <select aria-label={`How to sweep ${props.param.label}`} value={props.spec.kind} onChange={(e) => props.onRange(rangeOfKind(props.param, e.currentTarget.value as RangeSpec['kind']))} data-testid={`range-kind-${props.param.name}`}>
          <option value="fixed">fixed</option>
          <option value="range">range</option>
          <option value="list">list</option>
        </select>
      </td>
      <td>
        <Show when={props.spec.kind === 'fixed'}>
          <input
            aria-label={`${props.param.label} value`}
            placeholder={props.placeholder}
            value={String(props.base ?? '')}
            onInput={(e) => props.onBase(props.param.type === 'bool' ? e.currentTarget.value === 'true' : e.currentTarget.value)}
            data-testid={`base-${props.param.name}`}
          />
        </Show>
        <Show when={props.spec.kind === 'range' ? (props.spec as Extract<RangeSpec, { kind: 'range' }>) : null}>
          {(range) => (
            <div class="range-inputs">
              <For each={['min', 'max', 'step'] as const}>
                {(part) => (
                  <label>
                    <span class="small muted">{part}</span>
                    <input inputmode="decimal" value={range()[part]} onInput={(e) => props.onRange({ ...range(), [part]: e.currentTarget.value })} data-testid={`range-${part}-${props.param.name}`} />
                  </label>
                )}
              </For>
            </div>
          )}
        </Show>
        <Show when={props.spec.kind === 'list' ? (props.spec as Extract<RangeSpec, { kind: 'list' }>) : null}>
          {(list) => <input aria-label={`${props.param.label} values, comma-separated`} value={list().values} onInput={(e) => props.onRange({ kind: 'list', values: e.currentTarget.value })} data-testid={`range-list-${props.param.name}`} />}
        </Show>
        <Show when={props.errors.length > 0}><p class="field__errors" role="alert">{props.errors.join('; ')}</p></Show>
      </td>
    </tr>
  );
}
