import { createContext, createEffect, createMemo, createSignal, For, onCleanup, Show, useContext, type Accessor, type JSX } from 'solid-js';
import { createStore, produce, unwrap, type SetStoreFunction } from 'solid-js/store';
import type { ResultOf } from '../../graphql.ts';
import { placeProblems, type Node, type Problem, type StrategyDocument } from './document.ts';
import type { STRATEGY_LANGUAGE } from './operations.ts';

export type Catalogue = ResultOf<typeof STRATEGY_LANGUAGE>['strategyLanguage'];
export type IndicatorSpec = Catalogue['indicators'][number];

/** Where a block sits: its keys in the document (to read and write) and its path as the server names it. */
export interface At {
  readonly keys: ReadonlyArray<string | number>;
  readonly path: string;
}

export const child = (at: At, key: string | number, path = typeof key === 'number' ? `${at.path}[${key}]` : join(at.path, key)): At => ({ keys: [...at.keys, key], path });
export const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

interface Builder {
  readonly catalogue: Accessor<Catalogue | undefined>;
  readonly document: StrategyDocument;
  read(keys: At['keys']): Node | undefined;
  /** Sets the value at `keys`; undefined removes the key (or the list entry). */
  write(keys: At['keys'], value: unknown): void;
  readonly paramNames: Accessor<string[]>;
  readonly boolParamNames: Accessor<string[]>;
  readonly seriesNames: Accessor<string[]>;
  problemsAt(path: string): Problem[];
  /** A block on the page under this path: problems on it or below (with no deeper block) show there. */
  show(path: Accessor<string>): void;
}

const BuilderContext = createContext<Builder>();

export function useBuilder(): Builder {
  const builder = useContext(BuilderContext);
  if (!builder) throw new Error('useBuilder outside the strategy builder');
  return builder;
}

/** The edited document in a store (fine-grained, so typing in a field re-renders only that field) and the problems placed on its blocks. */
export function createBuilder(catalogue: Accessor<Catalogue | undefined>, problems: Accessor<readonly Problem[]>, initial: StrategyDocument) {
  const [document, setDocument] = createStore<StrategyDocument>(initial);
  const read = (keys: At['keys']): Node | undefined => keys.reduce<Node | undefined>((node, key) => node?.[key as string], document as unknown as Node);
  const write = (keys: At['keys'], value: unknown) =>
    (setDocument as SetStoreFunction<Node>)(
      produce((draft: Node) => {
        // A list or object on the way that the document leaves out (no constraints yet) is made.
        const parent = keys.slice(0, -1).reduce<Node>((node, key, i) => (node[key as string] ??= typeof keys[i + 1] === 'number' ? [] : {}), draft);
        const last = keys[keys.length - 1];
        if (value !== undefined) parent[last as string] = value;
        else if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
        else delete (parent as Node)[last as string];
      }),
    );
  const [shown, setShown] = createSignal<ReadonlyMap<string, number>>(new Map());
  const count = (path: string, delta: number) =>
    setShown((previous) => {
      const next = new Map(previous);
      const n = (next.get(path) ?? 0) + delta;
      if (n > 0) next.set(path, n);
      else next.delete(path);
      return next;
    });
  const placed = createMemo(() => placeProblems(problems(), new Set(shown().keys())));
  const builder: Builder = {
    catalogue,
    document,
    read,
    write,
    paramNames: () => (document.params ?? []).map((p) => p.name),
    boolParamNames: () => (document.params ?? []).filter((p) => p.type === 'bool').map((p) => p.name),
    seriesNames: () => (document.series ?? []).map((s) => s.name),
    problemsAt: (path) => placed().get(path) ?? [],
    show(path) {
      createEffect(() => {
        const at = path();
        count(at, 1);
        onCleanup(() => count(at, -1));
      });
    },
  };
  const replace = (next: StrategyDocument) => setDocument(structuredClone(next));
  const snapshot = () => structuredClone(unwrap(document));
  return { builder, replace, snapshot };
}

export function BuilderProvider(props: { builder: Builder; children: JSX.Element }): JSX.Element {
  return <BuilderContext.Provider value={props.builder}>{props.children}</BuilderContext.Provider>;
}

/** The problems the server found at this block (or below it, where no deeper block shows them). */
export function Problems(props: { path: string }): JSX.Element {
  const builder = useBuilder();
  builder.show(() => props.path);
  return (
    <Show when={builder.problemsAt(props.path).length > 0}>
      <ul class="field__errors block-problems" data-testid="block-problems" data-path={props.path}>
        <For each={builder.problemsAt(props.path)}>{(p) => <li>{p.path === props.path ? p.message : `${p.path}: ${p.message}`}</li>}</For>
      </ul>
    </Show>
  );
}
