import { For, Show, type JSX } from 'solid-js';
import type { StrategyParam } from '../graphql/operations.ts';

export type ParamValues = Record<string, string | boolean>;

/** Form values of a strategy's defaults: numbers as input strings, booleans as booleans. */
export function defaultParamValues(params: readonly StrategyParam[]): ParamValues {
  const values: ParamValues = {};
  for (const p of params) values[p.name] = p.type === 'bool' ? p.default === true : p.default == null ? '' : String(p.default);
  return values;
}

/** Parses form values into `strategyParams`; blank numbers are left out so the server uses the default. */
export function parseParamValues(params: readonly StrategyParam[], values: ParamValues): Record<string, number | boolean> {
  const parsed: Record<string, number | boolean> = {};
  for (const p of params) {
    const value = values[p.name];
    if (p.type === 'bool') parsed[p.name] = value === true;
    else if (typeof value === 'string' && value.trim() !== '') parsed[p.name] = Number(value);
  }
  return parsed;
}

/** One input per parameter spec: a checkbox for bool, a number input bounded by min/max/step otherwise. */
export function StrategyParams(props: {
  params: readonly StrategyParam[];
  values: ParamValues;
  onChange: (name: string, value: string | boolean) => void;
}): JSX.Element {
  return (
    <div class="params" data-testid="strategy-params">
      <For each={props.params}>
        {(param) => (
          <Show
            when={param.type !== 'bool'}
            fallback={
              <label class="field field--check" title={param.description}>
                <input
                  type="checkbox"
                  name={`param-${param.name}`}
                  checked={props.values[param.name] === true}
                  onChange={(e) => props.onChange(param.name, e.currentTarget.checked)}
                />
                <span>{param.name}</span>
              </label>
            }
          >
            <label class="field" title={param.description}>
              <span class="field__label">{param.name}</span>
              <input
                type="number"
                name={`param-${param.name}`}
                data-testid={`param-${param.name}`}
                min={param.min ?? undefined}
                max={param.max ?? undefined}
                step={param.step ?? (param.type === 'int' ? 1 : 'any')}
                value={String(props.values[param.name] ?? '')}
                onInput={(e) => props.onChange(param.name, e.currentTarget.value)}
              />
              <span class="field__hint">{param.description}</span>
            </label>
          </Show>
        )}
      </For>
    </div>
  );
}
