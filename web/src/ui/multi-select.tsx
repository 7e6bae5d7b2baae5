import { createMemo, createSignal, createUniqueId, For, Show, type JSX } from 'solid-js';

export interface Choice {
  readonly value: string;
  /** Shown after the value, e.g. "stored" or "exchange". */
  readonly note?: string;
}

/**
 * A searchable multi-select (ARIA combobox with a listbox): type to filter, arrows to move,
 * Enter to add, Backspace on an empty query to remove the last chip. `onQuery` lets the caller
 * fetch more choices for what is typed; free text can be added when `allowCustom` is set.
 */
export function MultiSelect(props: {
  id?: string;
  values: readonly string[];
  choices: readonly Choice[];
  onChange: (values: string[]) => void;
  onQuery?: (query: string) => void;
  placeholder?: string;
  allowCustom?: boolean;
  normalise?: (value: string) => string;
  describedBy?: string;
  invalid?: boolean;
  testId?: string;
}): JSX.Element {
  const listId = createUniqueId();
  const [query, setQuery] = createSignal('');
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(0);
  const normalise = (value: string) => (props.normalise ? props.normalise(value) : value.trim());
  const matches = createMemo(() => {
    const q = normalise(query()).toUpperCase();
    const chosen = new Set(props.values);
    const list = props.choices.filter((c) => !chosen.has(c.value) && c.value.toUpperCase().includes(q));
    const custom = props.allowCustom && q && !chosen.has(normalise(query())) && !list.some((c) => c.value === normalise(query()));
    // Known choices first: Enter picks the best match; typed text is offered last, to add as is.
    return [...list.slice(0, 50), ...(custom ? [{ value: normalise(query()), note: 'add as typed' }] : [])];
  });
  const add = (value: string) => {
    if (!value || props.values.includes(value)) return;
    props.onChange([...props.values, value]);
    setQuery('');
    props.onQuery?.('');
    setActive(0);
  };
  const removeAt = (index: number) => props.onChange(props.values.filter((_, i) => i !== index));
  const onKeyDown = (event: KeyboardEvent) => {
    const count = matches().length;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (count === 0 ? 0 : (i + 1) % count));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (count === 0 ? 0 : (i - 1 + count) % count));
    } else if (event.key === 'Enter') {
      if (open() && matches()[active()]) {
        event.preventDefault();
        add(matches()[active()].value);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    } else if (event.key === 'Backspace' && query() === '' && props.values.length > 0) {
      removeAt(props.values.length - 1);
    }
  };
  return (
    <div class={`multi-select${props.invalid ? ' multi-select--invalid' : ''}`} data-testid={props.testId}>
      <ul class="chips" aria-label="Selected">
        <For each={props.values}>
          {(value, index) => (
            <li class="chip chip--selected">
              {value}
              <button type="button" class="chip__remove" aria-label={`Remove ${value}`} onClick={() => removeAt(index())}>×</button>
            </li>
          )}
        </For>
      </ul>
      <input
        id={props.id}
        role="combobox"
        aria-expanded={open() && matches().length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open() && matches()[active()] ? `${listId}-${active()}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid}
        autocomplete="off"
        placeholder={props.placeholder}
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(0);
          props.onQuery?.(e.currentTarget.value);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <Show when={open() && matches().length > 0}>
        <ul class="listbox" role="listbox" id={listId}>
          <For each={matches()}>
            {(choice, index) => (
              <li
                id={`${listId}-${index()}`}
                role="option"
                aria-selected={index() === active()}
                class={index() === active() ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(choice.value);
                }}
              >
                {choice.value}
                <Show when={choice.note}><span class="muted small"> {choice.note}</span></Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
