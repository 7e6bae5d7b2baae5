import { For, Index, Show, type JSX } from 'solid-js';
import { Problems, useBuilder, type At } from './builder-context.tsx';
import { ConditionBlock, SeriesBlock } from './blocks.tsx';
import { CONFIDENCE_RULES, ENTRY_EXIT_RULES, ENTRY_PRICE_RULES, type SeriesRuleKey, KIND_LABELS, kindOf, newCondition, newStop, STOP_KINDS, TARGET_KINDS, VALUE_LABELS, type Node } from './document.ts';
import { NumberField } from './number-field.tsx';

/** Entry and exit conditions, confidences, entry prices, stops and targets. */
export function RulesEditor(): JSX.Element {
  return (
    <section class="panel builder-section" data-testid="rules-editor">
      <h2>Rules</h2>
      <Problems path="rules" />
      <For each={ENTRY_EXIT_RULES}>
        {(key) => (
          <OptionalRule name={key} start={() => newCondition('compare')} class="rule">
            {(at) => <ConditionBlock at={at} label={KIND_LABELS[key]} />}
          </OptionalRule>
        )}
      </For>
      <StopsEditor />
      <SizingEditor />
      <SeriesRules summary="Confidence (orders simultaneous entries; default 1)" keys={CONFIDENCE_RULES} start={() => ({ constant: { value: 1 } })} />
      <SeriesRules summary="Entry price of LIMIT and STOP entries (default: the run's entry offset from the signal close)" keys={ENTRY_PRICE_RULES} start={() => ({ candle: 'close' })} />
    </section>
  );
}

/** Optional rules that are series read on the signal bar, each switched on by its checkbox. */
function SeriesRules(props: { summary: string; keys: readonly SeriesRuleKey[]; start: () => Node }): JSX.Element {
  return (
    <details class="rule">
      <summary>{props.summary}</summary>
      <For each={props.keys}>
        {(key) => (
          <OptionalRule name={key} start={props.start}>
            {(at) => <SeriesBlock at={at} label={KIND_LABELS[key]} />}
          </OptionalRule>
        )}
      </For>
    </details>
  );
}

/** One optional rule: a checkbox that adds a fresh one (`start`) or removes it, and its block while present. */
function OptionalRule(props: { name: string; start: () => Node; class?: string; children: (at: At) => JSX.Element }): JSX.Element {
  const builder = useBuilder();
  const present = () => builder.document.rules[props.name] !== undefined;
  return (
    <div class={props.class} data-rule={props.name}>
      <label class="check">
        <input type="checkbox" checked={present()} onChange={(e) => builder.write(['rules', props.name], e.currentTarget.checked ? props.start() : undefined)} data-rule-toggle={props.name} />
        {KIND_LABELS[props.name]}
      </label>
      <Show when={present()}>{props.children({ keys: ['rules', props.name], path: `rules.${props.name}` })}</Show>
    </div>
  );
}

/** A stop, target or trailing distance (percent, ATR multiple with its period, risk–reward), or a sizing: one kind and its numbers. */
function DistanceBlock(props: { at: At; label: string; kinds: readonly string[]; actions?: JSX.Element }): JSX.Element {
  const builder = useBuilder();
  const node = () => builder.read(props.at.keys);
  const kind = () => kindOf(node());
  const number = (key: string, label: string) => {
    const keys = kind() === 'atr' ? [...props.at.keys, 'atr', key] : [...props.at.keys, kind()];
    const path = kind() === 'atr' ? `${props.at.path}.atr.${key}` : `${props.at.path}.${kind()}`;
    return <NumberField label={label} path={path} value={builder.read(keys)} onChange={(v) => builder.write(keys, v)} />;
  };
  return (
    <fieldset class="node-block node-block--stop" data-path={props.at.path} data-kind={kind()}>
      <legend class="node-block__head">
        <span class="node-block__label">{props.label}</span>
        <select aria-label={`${props.label}: kind`} value={kind()} onChange={(e) => builder.write(props.at.keys, newStop(e.currentTarget.value))} data-kind-of={props.at.path}>
          <For each={props.kinds}>{(k) => <option value={k}>{KIND_LABELS[k]}</option>}</For>
        </select>
        {props.actions}
      </legend>
      <div class="node-block__body">
        <Show when={kind() === 'atr'} fallback={number('', VALUE_LABELS[kind()] ?? kind())}>
          {number('multiple', 'ATR multiple')}
          {number('period', 'ATR period (bars)')}
        </Show>
      </div>
      <Problems path={props.at.path} />
    </fieldset>
  );
}

const ensureStopsIn = (builder: ReturnType<typeof useBuilder>) => {
  if (builder.read(['rules', 'stops']) === undefined) builder.write(['rules', 'stops'], {});
};

/** A checkbox that adds (a fresh one of `fresh` kind) or removes one optional part of the stops, and its block while present. */
function OptionalStop(props: { part: string; label: string; toggleLabel?: string; fresh: string; kinds: readonly string[]; testId: string; children?: JSX.Element }): JSX.Element {
  const builder = useBuilder();
  const keys = ['rules', 'stops', props.part];
  const present = () => builder.read(keys) !== undefined;
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          checked={present()}
          onChange={(e) => {
            ensureStopsIn(builder);
            builder.write(keys, e.currentTarget.checked ? newStop(props.fresh) : undefined);
          }}
          data-testid={props.testId}
        />
        {props.toggleLabel ?? props.label}
      </label>
      <Show when={present()}>
        {props.children}
        <DistanceBlock at={{ keys, path: `rules.stops.${props.part}` }} label={props.label} kinds={props.kinds} />
      </Show>
    </>
  );
}

function StopsEditor(): JSX.Element {
  const builder = useBuilder();
  const stopLoss = () => (builder.read(['rules', 'stops', 'stopLoss']) ?? []) as unknown as Node[];
  return (
    <div class="rule" data-rule="stops">
      <h3>Stops and targets</h3>
      <Problems path="rules.stops" />
      <p class="muted small">Stop-loss alternatives: the first switched on (above 0) is the stop.</p>
      <Index each={stopLoss()}>
        {(_, i) => (
          <DistanceBlock
            at={{ keys: ['rules', 'stops', 'stopLoss', i], path: `rules.stops.stopLoss[${i}]` }}
            label={`Stop loss ${i + 1}`}
            kinds={STOP_KINDS}
            actions={<button type="button" class="link-button" onClick={() => builder.write(['rules', 'stops', 'stopLoss', i], undefined)} aria-label={`Remove stop loss ${i + 1}`}>Remove</button>}
          />
        )}
      </Index>
      <button
        type="button"
        onClick={() => {
          ensureStopsIn(builder);
          builder.write(['rules', 'stops', 'stopLoss'], [...stopLoss(), newStop('percent')]);
        }}
        data-testid="add-stop"
      >
        Add a stop loss
      </button>
      <OptionalStop part="takeProfit" label="Take profit" fresh="riskReward" kinds={TARGET_KINDS} testId="toggle-target" />
      <OptionalStop part="trailing" label="Trailing stop" toggleLabel="Trailing stop (replaces the run’s)" fresh="percent" kinds={STOP_KINDS} testId="toggle-trailing">
        <p class="muted small">Follows the best price since entry: a percent of it, or an ATR multiple taken on the signal bar.</p>
      </OptionalStop>
    </div>
  );
}

/** The document's own sizing, replacing the run's sizing and position size. */
function SizingEditor(): JSX.Element {
  const builder = useBuilder();
  const sizing = () => builder.read(['rules', 'sizing']);
  const kinds = () => builder.catalogue()?.sizingKinds ?? [];
  return (
    <div class="rule" data-rule="sizing">
      <label class="check">
        <input
          type="checkbox"
          checked={sizing() !== undefined}
          onChange={(e) => builder.write(['rules', 'sizing'], e.currentTarget.checked ? newStop(kinds()[0] ?? 'fixedQuote') : undefined)}
          data-testid="toggle-sizing"
        />
        Position sizing (replaces the run’s)
      </label>
      <Show when={sizing() !== undefined}>
        <DistanceBlock at={{ keys: ['rules', 'sizing'], path: 'rules.sizing' }} label="Sizing" kinds={kinds()} />
      </Show>
    </div>
  );
}
