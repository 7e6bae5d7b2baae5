import { For, type JSX } from 'solid-js';
import { StrategyOptions } from '../../ui/strategy-options.tsx';
import type { StrategyParam } from '../../lib/operations.ts';
import type { FormErrors } from '../../lib/run-settings-form.ts';
import { normaliseSymbol } from '../../lib/symbols.ts';
import { Field } from '../../ui/field.tsx';
import { ParamFields, type createSymbolChoices } from '../../ui/form-fields.tsx';
import { MultiSelect } from '../../ui/multi-select.tsx';
import type { LegForm } from './run-form.ts';

/** Further strategies trading from the run's account, each on its own symbols with its own parameters. */
export function ExtraLegsFields(props: {
  legs: readonly LegForm[];
  strategies: ReadonlyArray<{ name: string; title: string }>;
  paramsOf: (strategy: string) => readonly StrategyParam[] | undefined;
  symbols: ReturnType<typeof createSymbolChoices>;
  errors: FormErrors;
  onStrategy: (index: number, strategy: string) => void;
  onSymbols: (index: number, symbols: string[]) => void;
  onParam: (index: number, name: string, value: string | boolean) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}): JSX.Element {
  return (
    <fieldset>
      <legend>Extra legs</legend>
      <p class="field__hint field--wide">Further strategies trading from the same account (capital, open-position limit), each on its own symbols.</p>
      <For each={props.legs}>
        {(leg, index) => {
          const at = () => `extraLegs.${index()}`;
          return (
            <div class="leg field--wide" data-testid="extra-leg">
              <Field label={`Leg ${index() + 2} strategy`} field={`${at()}.strategy`} errors={props.errors[`${at()}.strategy`]}>
                {(ids) => (
                  <select id={ids.id} value={leg.strategy} onChange={(e) => props.onStrategy(index(), e.currentTarget.value)}>
                    <StrategyOptions strategies={props.strategies} value={(s) => s.name} label={(s) => s.title} />
                  </select>
                )}
              </Field>
              <Field label="Symbols" field={`${at()}.symbols`} errors={props.errors[`${at()}.symbols`]} wide>
                {(ids) => (
                  <MultiSelect
                    id={ids.id}
                    invalid={ids.invalid}
                    values={leg.symbols}
                    choices={props.symbols.choices()}
                    onQuery={props.symbols.search}
                    onChange={(values) => props.onSymbols(index(), values)}
                    allowCustom
                    normalise={normaliseSymbol}
                  />
                )}
              </Field>
              <ParamFields params={props.paramsOf(leg.strategy) ?? []} values={leg.params} errors={props.errors} field={`${at()}.strategyParams`} testPrefix={`leg${index()}-`} onChange={(name, value) => props.onParam(index(), name, value)} />
              <button type="button" class="danger small-button" onClick={() => props.onRemove(index())}>
                Remove leg
              </button>
            </div>
          );
        }}
      </For>
      <div class="field--wide">
        <button type="button" onClick={() => props.onAdd()} data-testid="add-leg">
          Add a leg
        </button>
      </div>
    </fieldset>
  );
}
