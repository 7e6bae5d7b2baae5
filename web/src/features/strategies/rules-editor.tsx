import { For, Index, Show, type JSX } from 'solid-js';
import { Problems, useBuilder, type At } from './builder-context.tsx';
import { ConditionBlock, SeriesBlock } from './blocks.tsx';
import { CONFIDENCE_RULES, ENTRY_EXIT_RULES, ENTRY_PRICE_RULES, type SeriesRuleKey, KIND_LABELS, kindOf, newCondition, newStop, STOP_KINDS, TARGET_KINDS, type Node } from './document.ts';
import { NumberField } from './number-field.tsx';

/** Entry and exit conditions, confidences, entry prices, stops and targets. */
export function RulesEditor(): JSX.Element {
  const builder = useBuilder();
  const rules = () => builder.document.rules;
  const toggle = (key: string, on: boolean, fresh: () => Node) => builder.write(['rules', key], on ? fresh() : undefined);
  return (
    <section class="panel builder-section" data-testid="rules-editor">
      <h2>Rules</h2>
      <Problems path="rules" />
      <For each={ENTRY_EXIT_RULES}>
        {(key) => (
          <div class="rule" data-rule={key}>
            <label class="check">
              <input type="checkbox" checked={rules()[key] !== undefined} onChange={(e) => toggle(key, e.currentTarget.checked, () => newCondition('compare'))} data-rule-toggle={key} />
              {KIND_LABELS[key]}
            </label>
            <Show when={rules()[key] !== undefined}>
              <ConditionBlock at={{ keys: ['rules', key], path: `rules.${key}` }} label={KIND_LABELS[key]} />
            </Show>
          </div>
        )}
      </For>
      <StopsEditor />
      <SeriesRules summary="Confidence (orders simultaneous entries; default 1)" keys={CONFIDENCE_RULES} start={() => ({ constant: { value: 1 } })} />
      <SeriesRules summary="Entry price of LIMIT and STOP entries (default: the run's entry offset from the signal close)" keys={ENTRY_PRICE_RULES} start={() => ({ candle: 'close' })} />
    </section>
  );
}

/** Optional rules that are series read on the signal bar, each switched on by its checkbox. */
function SeriesRules(props: { summary: string; keys: readonly SeriesRuleKey[]; start: () => Node }): JSX.Element {
  const builder = useBuilder();
  const rules = () => builder.document.rules;
  const toggle = (key: string, on: boolean) => builder.write(['rules', key], on ? props.start() : undefined);
  return (
    <details class="rule">
      <summary>{props.summary}</summary>
      <For each={props.keys}>
        {(key) => (
          <div data-rule={key}>
            <label class="check">
              <input type="checkbox" checked={rules()[key] !== undefined} onChange={(e) => toggle(key, e.currentTarget.checked)} />
              {KIND_LABELS[key]}
            </label>
            <Show when={rules()[key] !== undefined}>
              <SeriesBlock at={{ keys: ['rules', key], path: `rules.${key}` }} label={KIND_LABELS[key]} />
            </Show>
          </div>
        )}
      </For>
    </details>
  );
}

/** A stop or target distance: percent, ATR multiple (with its period) or risk–reward. */
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
        <Show when={kind() === 'atr'} fallback={number('', kind() === 'percent' ? 'Percent (%)' : 'Multiple of the stop distance')}>
          {number('multiple', 'ATR multiple')}
          {number('period', 'ATR period (bars)')}
        </Show>
      </div>
      <Problems path={props.at.path} />
    </fieldset>
  );
}

function StopsEditor(): JSX.Element {
  const builder = useBuilder();
  const stopLoss = () => (builder.read(['rules', 'stops', 'stopLoss']) ?? []) as unknown as Node[];
  const takeProfit = () => builder.read(['rules', 'stops', 'takeProfit']);
  const ensureStops = () => {
    if (builder.read(['rules', 'stops']) === undefined) builder.write(['rules', 'stops'], {});
  };
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
          ensureStops();
          builder.write(['rules', 'stops', 'stopLoss'], [...stopLoss(), newStop('percent')]);
        }}
        data-testid="add-stop"
      >
        Add a stop loss
      </button>
      <label class="check">
        <input
          type="checkbox"
          checked={takeProfit() !== undefined}
          onChange={(e) => {
            ensureStops();
            builder.write(['rules', 'stops', 'takeProfit'], e.currentTarget.checked ? newStop('riskReward') : undefined);
          }}
          data-testid="toggle-target"
        />
        Take profit
      </label>
      <Show when={takeProfit() !== undefined}>
        <DistanceBlock at={{ keys: ['rules', 'stops', 'takeProfit'], path: 'rules.stops.takeProfit' }} label="Take profit" kinds={TARGET_KINDS} />
      </Show>
    </div>
  );
}
