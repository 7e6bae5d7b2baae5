import { For, Index, Show, type JSX } from 'solid-js';
import { Problems, useBuilder } from './builder-context.tsx';
import { CONSTRAINT_KINDS, KIND_LABELS, kindOf, type ParamDecl } from './document.ts';

const PARAM_TYPES = ['int', 'float', 'bool'] as const;
const BOUNDS = ['default', 'min', 'max', 'step'] as const;
const TEXTS = ['label', 'unit'] as const;

/** The named parameters (type, default, min, max, step) that sweeps, presets and recommendations tune. */
export function ParamsEditor(): JSX.Element {
  const builder = useBuilder();
  const params = () => builder.document.params ?? [];
  const add = () => builder.write(['params', params().length], { name: `param${params().length + 1}`, type: 'int', default: 14, min: 1, max: 100, step: 1 } satisfies ParamDecl);
  const numberOrUndefined = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
  return (
    <section class="panel builder-section" data-testid="params-editor">
      <h2>Parameters</h2>
      <p class="muted small">Each can be swept, recommended and stored in presets; blocks use them as “parameter name”.</p>
      <Problems path="params" />
      <Index each={params()}>
        {(param, i) => (
          <div class="param-row" data-param-row={i}>
            <label>
              Name
              <input type="text" value={param().name} onInput={(e) => builder.write(['params', i, 'name'], e.currentTarget.value)} data-role="param-name" />
            </label>
            <label>
              Type
              <select value={param().type} onChange={(e) => builder.write(['params', i, 'type'], e.currentTarget.value)} data-role="param-type">
                <For each={PARAM_TYPES}>{(type) => <option value={type}>{type}</option>}</For>
              </select>
            </label>
            <For each={BOUNDS}>
              {(bound) => (
                <Show when={param().type !== 'bool' || bound === 'default'}>
                  <label>
                    {bound === 'default' ? 'Default' : bound === 'min' ? 'Min' : bound === 'max' ? 'Max' : 'Step'}
                    <input type="number" step="any" value={param()[bound] ?? ''} onInput={(e) => builder.write(['params', i, bound], numberOrUndefined(e.currentTarget.value))} data-role={`param-${bound}`} />
                  </label>
                </Show>
              )}
            </For>
            <For each={TEXTS}>
              {(key) => (
                <label>
                  {key === 'label' ? 'Label' : 'Unit'}
                  <input type="text" value={param()[key] ?? ''} onInput={(e) => builder.write(['params', i, key], e.currentTarget.value === '' ? undefined : e.currentTarget.value)} data-role={`param-${key}`} />
                </label>
              )}
            </For>
            <button type="button" class="link-button" onClick={() => builder.write(['params', i], undefined)} aria-label={`Remove parameter ${param().name}`}>Remove</button>
            <Problems path={`params[${i}]`} />
          </div>
        )}
      </Index>
      <button type="button" onClick={add} data-testid="add-param">Add a parameter</button>
      <ConstraintsEditor />
    </section>
  );
}

/** Cross-parameter rules: increasing, not both on, needs any on; each over parameter names. */
function ConstraintsEditor(): JSX.Element {
  const builder = useBuilder();
  const constraints = () => builder.document.constraints ?? [];
  return (
    <div class="constraints" data-testid="constraints-editor">
      <h3>Constraints</h3>
      <Problems path="constraints" />
      <Index each={constraints()}>
        {(constraint, i) => {
          const kind = () => kindOf(constraint());
          const names = () => (constraint()[kind()] ?? []) as string[];
          return (
            <div class="param-row" data-constraint-row={i}>
              <select value={kind()} onChange={(e) => builder.write(['constraints', i], { [e.currentTarget.value]: names() })} aria-label={`Constraint ${i + 1}: kind`} data-role="constraint-kind">
                <For each={CONSTRAINT_KINDS}>{(k) => <option value={k}>{KIND_LABELS[k]}</option>}</For>
              </select>
              <label>
                Parameters (comma-separated)
                <input
                  type="text"
                  value={names().join(', ')}
                  onChange={(e) => builder.write(['constraints', i, kind()], e.currentTarget.value.split(',').map((s) => s.trim()).filter((s) => s !== ''))}
                  data-role="constraint-names"
                />
              </label>
              <button type="button" class="link-button" onClick={() => builder.write(['constraints', i], undefined)} aria-label={`Remove constraint ${i + 1}`}>Remove</button>
              <Problems path={`constraints[${i}]`} />
            </div>
          );
        }}
      </Index>
      <button type="button" onClick={() => builder.write(['constraints', constraints().length], { increasing: [] })} data-testid="add-constraint">Add a constraint</button>
    </div>
  );
}
