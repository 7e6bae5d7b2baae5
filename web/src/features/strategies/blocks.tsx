import { For, Index, Match, Show, Switch, type JSX } from 'solid-js';
import { child, join, Problems, useBuilder, type At } from './builder-context.tsx';
import { KIND_LABELS, kindOf, newCondition, newSeries, type Node } from './document.ts';
import { NumberField } from './number-field.tsx';

/*
 * Series and condition blocks. They nest in each other (a choose holds a condition, a comparison holds
 * series), hence one file. A block reads its node from the builder's store at `at.keys` and shows the
 * server's problems at `at.path`.
 */

const labelOf = (kind: string) => KIND_LABELS[kind] ?? kind;

/** A choice among names the document declares; a value not among them (yet, or any more) shows as `placeholder`. */
function DeclaredNameSelect(props: { label: string; value: string | undefined; names: readonly string[]; placeholder: string; onChange: (name: string) => void; refOf?: string }): JSX.Element {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-ref-of={props.refOf}>
      <Show when={props.value === undefined || !props.names.includes(props.value)}>
        <option value={props.value}>{props.placeholder}</option>
      </Show>
      <For each={props.names}>{(name) => <option value={name}>{name}</option>}</For>
    </select>
  );
}

function KindPicker(props: { label: string; path: string; kinds: readonly string[]; kind: string; onKind: (kind: string) => void }): JSX.Element {
  return (
    <select class="node-block__kind" aria-label={`${props.label}: kind`} value={props.kind} onChange={(e) => props.onKind(e.currentTarget.value)} data-kind-of={props.path}>
      <For each={props.kinds}>{(kind) => <option value={kind}>{labelOf(kind)}</option>}</For>
    </select>
  );
}

/** A number of the node at `at` under `key` ({ value } or { param }). */
function NumberAt(props: { at: At; key: string; label: string; path?: string }): JSX.Element {
  const builder = useBuilder();
  const at = () => child(props.at, props.key, props.path);
  return <NumberField label={props.label} path={at().path} value={builder.read(at().keys)} onChange={(v) => builder.write(at().keys, v)} />;
}

function Block(props: { class: string; label: string; at: At; kinds: readonly string[]; kind: string; onKind: (kind: string) => void; actions?: JSX.Element; children: JSX.Element }): JSX.Element {
  return (
    <fieldset class={`node-block ${props.class}`} data-path={props.at.path} data-kind={props.kind}>
      <legend class="node-block__head">
        <span class="node-block__label">{props.label}</span>
        <KindPicker label={props.label} path={props.at.path} kinds={props.kinds} kind={props.kind} onKind={props.onKind} />
        {props.actions}
      </legend>
      <div class="node-block__body">{props.children}</div>
      <Problems path={props.at.path} />
    </fieldset>
  );
}

/** A union node at `at`: the node, its kind (its one key) and where its body sits (same path: union keys are not in paths). */
function unionAt(at: () => At) {
  const builder = useBuilder();
  const node = () => builder.read(at().keys);
  const kind = () => kindOf(node());
  const body = (): At => ({ keys: [...at().keys, kind()], path: at().path });
  return { node, kind, body };
}

/** A series: a price field, an indicator, a number, a named series, arithmetic, an offset, a higher timeframe… */
export function SeriesBlock(props: { at: At; label: string; actions?: JSX.Element }): JSX.Element {
  const builder = useBuilder();
  const { node, kind, body } = unionAt(() => props.at);
  const indicators = () => builder.catalogue()?.indicators ?? [];
  const fresh = (k: string) => newSeries(k, { firstIndicator: indicators()[0]?.name ?? 'sma', firstSeriesName: builder.seriesNames()[0] });
  return (
    <Block class="node-block--series" label={props.label} at={props.at} kinds={builder.catalogue()?.seriesKinds ?? []} kind={kind()} onKind={(k) => builder.write(props.at.keys, fresh(k))} actions={props.actions}>
      <Switch fallback={<p class="muted small">Unknown series kind “{kind()}”.</p>}>
        <Match when={kind() === 'candle'}>
          <select aria-label={`${props.label}: price field`} value={node()?.['candle']} onChange={(e) => builder.write(body().keys, e.currentTarget.value)} data-candle-of={props.at.path}>
            <For each={builder.catalogue()?.candleFields ?? []}>{(field) => <option value={field}>{field}</option>}</For>
          </select>
        </Match>
        <Match when={kind() === 'indicator'}>
          <IndicatorBody at={body()} label={props.label} />
        </Match>
        <Match when={kind() === 'constant'}>
          <NumberAt at={props.at} key="constant" label="Value" path={props.at.path} />
        </Match>
        <Match when={kind() === 'ref'}>
          <DeclaredNameSelect label={`${props.label}: named series`} value={node()?.['ref']} names={builder.seriesNames()} placeholder="(choose a named series)" onChange={(name) => builder.write(body().keys, name)} refOf={props.at.path} />
        </Match>
        <Match when={kind() === 'arithmetic'}>
          <select aria-label={`${props.label}: operation`} value={node()?.['arithmetic']?.op} onChange={(e) => builder.write([...body().keys, 'op'], e.currentTarget.value)} data-op-of={props.at.path}>
            <For each={builder.catalogue()?.arithmeticOps ?? []}>{(op) => <option value={op}>{op}</option>}</For>
          </select>
          <SeriesBlock at={child(body(), 'left')} label="Left" />
          <SeriesBlock at={child(body(), 'right')} label="Right" />
        </Match>
        <Match when={kind() === 'abs'}>
          <SeriesBlock at={{ keys: body().keys, path: join(props.at.path, 'abs') }} label="Of" />
        </Match>
        <Match when={kind() === 'offset'}>
          <SeriesBlock at={child(body(), 'of')} label="Of" />
          <NumberAt at={body()} key="bars" label="Bars back" />
        </Match>
        <Match when={kind() === 'higherTimeframe'}>
          <NumberAt at={body()} key="minutes" label="Timeframe (minutes)" />
          <SeriesBlock at={child(body(), 'of')} label="Of" />
        </Match>
        <Match when={kind() === 'choose'}>
          <ConditionBlock at={child(body(), 'if')} label="If" />
          <SeriesBlock at={child(body(), 'then')} label="Then" />
          <SeriesBlock at={child(body(), 'else')} label="Else" />
        </Match>
      </Switch>
    </Block>
  );
}

/** An indicator of the server's catalogue: its parameters (each a number, a parameter or its default), output and source. */
function IndicatorBody(props: { at: At; label: string }): JSX.Element {
  const builder = useBuilder();
  const node = () => builder.read(props.at.keys) ?? {};
  const spec = () => builder.catalogue()?.indicators.find((d) => d.name === node()['name']);
  const given = () => (node()['params'] ?? []) as Array<{ name: string; value: Node }>;
  const setParam = (name: string, value: Node | undefined) => {
    const rest = given().filter((p) => p.name !== name);
    const index = given().findIndex((p) => p.name === name);
    const next = value === undefined ? rest : index < 0 ? [...given(), { name, value }] : given().map((p) => (p.name === name ? { name, value } : p));
    builder.write([...props.at.keys, 'params'], next.length > 0 ? next : undefined);
  };
  return (
    <>
      <select aria-label={`${props.label}: indicator`} value={node()['name']} onChange={(e) => builder.write(props.at.keys, { name: e.currentTarget.value })} data-indicator-of={props.at.path}>
        <For each={builder.catalogue()?.indicators ?? []}>{(d) => <option value={d.name} title={d.description}>{d.name}</option>}</For>
      </select>
      <Show when={(spec()?.outputs.length ?? 0) > 1}>
        <select aria-label={`${props.label}: output`} value={node()['output'] ?? spec()?.outputs[0]?.name} onChange={(e) => builder.write([...props.at.keys, 'output'], e.currentTarget.value)} data-output-of={props.at.path}>
          <For each={spec()?.outputs ?? []}>{(o) => <option value={o.name} title={o.description}>{o.name}</option>}</For>
        </select>
      </Show>
      <Show when={spec()}>
        {(d) => (
          <div class="node-block__params">
            <For each={d().params}>
              {(p) => (
                <NumberField
                  label={p.label}
                  unit={p.unit}
                  path={join(props.at.path, p.name)}
                  value={given().find((g) => g.name === p.name)?.value}
                  defaultValue={p.default.number ?? Number.NaN}
                  onChange={(v) => setParam(p.name, v)}
                />
              )}
            </For>
          </div>
        )}
      </Show>
      <Show when={spec()?.source}>
        {(source) => (
          <>
            <label class="check">
              <input type="checkbox" checked={node()['source'] !== undefined} onChange={(e) => builder.write([...props.at.keys, 'source'], e.currentTarget.checked ? { candle: source().default } : undefined)} data-source-of={props.at.path} />
              Apply to another series (default: {source().default})
            </label>
            <Show when={node()['source'] !== undefined}>
              <SeriesBlock at={child(props.at, 'source')} label="Source" />
            </Show>
          </>
        )}
      </Show>
    </>
  );
}

/** A list of conditions (all / any) with add and remove. */
function ConditionList(props: { at: At }): JSX.Element {
  const builder = useBuilder();
  const list = () => (builder.read(props.at.keys) ?? []) as unknown as Node[];
  return (
    <div class="node-block__list">
      <Index each={list()}>
        {(_, i) => (
          <ConditionBlock
            at={{ keys: [...props.at.keys, i], path: `${props.at.path}[${i}]` }}
            label={`Condition ${i + 1}`}
            actions={
              <Show when={list().length > 1}>
                <button type="button" class="link-button" onClick={() => builder.write([...props.at.keys, i], undefined)} aria-label={`Remove condition ${i + 1}`}>Remove</button>
              </Show>
            }
          />
        )}
      </Index>
      <button type="button" onClick={() => builder.write([...props.at.keys, list().length], newCondition('compare'))} data-add-condition={props.at.path}>
        Add a condition
      </button>
    </div>
  );
}

/** A condition: a comparison, a crossing, between, rising/falling, n of m, all/any/not, a bool parameter. */
export function ConditionBlock(props: { at: At; label: string; actions?: JSX.Element }): JSX.Element {
  const builder = useBuilder();
  const { node, kind, body } = unionAt(() => props.at);
  const pair = () => (
    <>
      <SeriesBlock at={child(body(), 'left')} label="Left" />
      <SeriesBlock at={child(body(), 'right')} label="Right" />
    </>
  );
  return (
    <Block
      class="node-block--condition"
      label={props.label}
      at={props.at}
      kinds={builder.catalogue()?.conditionKinds ?? []}
      kind={kind()}
      onKind={(k) => builder.write(props.at.keys, newCondition(k, builder.boolParamNames()[0]))}
      actions={props.actions}
    >
      <Switch fallback={<p class="muted small">Unknown condition kind “{kind()}”.</p>}>
        <Match when={kind() === 'compare'}>
          <SeriesBlock at={child(body(), 'left')} label="Left" />
          <select aria-label={`${props.label}: comparison`} value={node()?.['compare']?.op} onChange={(e) => builder.write([...body().keys, 'op'], e.currentTarget.value)} data-op-of={props.at.path}>
            <For each={builder.catalogue()?.compareOps ?? []}>{(op) => <option value={op}>{COMPARE_WORDS[op] ?? op}</option>}</For>
          </select>
          <SeriesBlock at={child(body(), 'right')} label="Right" />
        </Match>
        <Match when={kind() === 'crossesAbove' || kind() === 'crossesBelow'}>
          {pair()}
          <label class="check">
            <input type="checkbox" checked={node()?.[kind()]?.scale !== undefined} onChange={(e) => builder.write([...body().keys, 'scale'], e.currentTarget.checked ? { candle: 'close' } : undefined)} />
            Tie band relative to a series (scale)
          </label>
          <Show when={node()?.[kind()]?.scale !== undefined}>
            <SeriesBlock at={child(body(), 'scale')} label="Scale" />
          </Show>
        </Match>
        <Match when={kind() === 'between'}>
          <SeriesBlock at={child(body(), 'of')} label="Value" />
          <SeriesBlock at={child(body(), 'low')} label="Low" />
          <SeriesBlock at={child(body(), 'high')} label="High" />
        </Match>
        <Match when={kind() === 'rising' || kind() === 'falling'}>
          <SeriesBlock at={child(body(), 'of')} label="Of" />
          <NumberAt at={body()} key="bars" label="Bars" />
        </Match>
        <Match when={kind() === 'nOfM'}>
          <ConditionBlock at={child(body(), 'condition')} label="Condition" />
          <NumberAt at={body()} key="n" label="n" />
          <NumberAt at={body()} key="m" label="of the last m bars" />
        </Match>
        <Match when={kind() === 'all' || kind() === 'any'}>
          <ConditionList at={{ keys: body().keys, path: join(props.at.path, kind()) }} />
        </Match>
        <Match when={kind() === 'not'}>
          <ConditionBlock at={{ keys: body().keys, path: join(props.at.path, 'not') }} label="Not" />
        </Match>
        <Match when={kind() === 'flag'}>
          <DeclaredNameSelect label={`${props.label}: bool parameter`} value={node()?.['flag']} names={builder.boolParamNames()} placeholder="(declare a bool parameter)" onChange={(name) => builder.write(body().keys, name)} />
        </Match>
      </Switch>
    </Block>
  );
}

const COMPARE_WORDS: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
