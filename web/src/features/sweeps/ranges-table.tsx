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
            {(param) => {
              const spec = () => props.ranges[param.name] ?? { kind: 'fixed' };
              const rangeErrors = () => props.errors[`parameterRanges.${param.name}`] ?? props.errors[`baseParams.${param.name}`] ?? (props.problems[param.name] ? [props.problems[param.name]] : []);
              return (
                <tr data-testid={`range-${param.name}`}>
                  <th scope="row">
                    {labelWithUnit(param)}
                    <div class="muted small">{param.description}</div>
                  </th>
                  <td>
                    <select aria-label={`How to sweep ${param.label}`} value={spec().kind} onChange={(e) => props.onRange(param.name, rangeOfKind(param, e.currentTarget.value as RangeSpec['kind']))} data-testid={`range-kind-${param.name}`}>
                      <option value="fixed">fixed</option>
                      <option value="range">range</option>
                      <option value="list">list</option>
                    </select>
                  </td>
                  <td>
                    <Show when={spec().kind === 'fixed'}>
                      <input
                        aria-label={`${param.label} value`}
                        placeholder={props.placeholders[param.name]}
                        value={String(props.base[param.name] ?? '')}
                        onInput={(e) => props.onBase(param.name, param.type === 'bool' ? e.currentTarget.value === 'true' : e.currentTarget.value)}
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
                                <input inputmode="decimal" value={range()[part]} onInput={(e) => props.onRange(param.name, { ...range(), [part]: e.currentTarget.value })} data-testid={`range-${part}-${param.name}`} />
                              </label>
                            )}
                          </For>
                        </div>
                      )}
                    </Show>
                    <Show when={spec().kind === 'list' ? (spec() as Extract<RangeSpec, { kind: 'list' }>) : null}>
                      {(list) => <input aria-label={`${param.label} values, comma-separated`} value={list().values} onInput={(e) => props.onRange(param.name, { kind: 'list', values: e.currentTarget.value })} data-testid={`range-list-${param.name}`} />}
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
  );
}
