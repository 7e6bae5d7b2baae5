import { createEffect, createSignal, type Accessor } from 'solid-js';

/** Rows picked by id from a list that changes: a pick whose row is no longer listed is dropped. */
export function createSelection(ids: Accessor<readonly string[]>) {
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  createEffect(() => {
    const listed = new Set(ids());
    const kept = [...selected()].filter((id) => listed.has(id));
    if (kept.length !== selected().size) setSelected(new Set(kept));
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  return { selected, toggle, all: (on: boolean) => setSelected(new Set(on ? ids() : [])), clear: () => setSelected(new Set<string>()) };
}
