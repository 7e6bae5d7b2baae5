import type { JSX } from 'solid-js';
import { FORM_LABELS } from './form-fields.tsx';
import { Field } from './field.tsx';
import { StrategyOptions } from './strategy-options.tsx';

/** The strategy choice of the run and sweep forms, with the chosen strategy's description as help. */
export function StrategyField(props: {
  strategies: ReadonlyArray<{ name: string; title: string }>;
  value: string;
  help: string | undefined;
  errors: readonly string[] | undefined;
  onChange: (strategy: string) => void;
}): JSX.Element {
  return (
    <Field label={FORM_LABELS.strategy} help={props.help} field="strategy" errors={props.errors} wide>
      {(ids) => (
        <select id={ids.id} aria-describedby={ids.describedBy} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid="strategy">
          <StrategyOptions strategies={props.strategies} value={(s) => s.name} label={(s) => s.title} selected={props.value} />
        </select>
      )}
    </Field>
  );
}
