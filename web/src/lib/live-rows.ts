import type { TypedDocumentNode } from '@urql/core';
import type { Accessor } from 'solid-js';
import { createLive } from './live.ts';

/** One event of a change stream: what happened to which row, and the row as it is now (null once deleted). */
export interface RowChange<Row> {
  readonly kind: 'CREATED' | 'UPDATED' | 'DELETED';
  readonly id: string;
  readonly row: Row | null;
}

/**
 * A listed page kept current by a change stream: a changed row is replaced in place with the state the
 * event carries (the latest there is), a deleted one disappears. `rereadWhen` sees each change with the row
 * it replaces (from an earlier change, else from the page; undefined when neither has it) and says whether
 * the page must be read again (`reread`), e.g. when a row appears that the filter or sort may place on it.
 */
export function createLiveRows<Data, Row extends { readonly id: string }>(options: {
  readonly changes: TypedDocumentNode<Data, Record<string, never>>;
  readonly changeOf: (data: Data) => RowChange<Row>;
  readonly listed: Accessor<readonly Row[]>;
  readonly rereadWhen: (change: RowChange<Row>, before: Row | null | undefined) => boolean;
  readonly reread: () => void;
}) {
  const changes = createLive(
    options.changes,
    () => ({}),
    () => new Map<string, Row | null>(),
    (latest, data) => {
      const change = options.changeOf(data);
      const before = latest.has(change.id) ? latest.get(change.id) : options.listed().find((row) => row.id === change.id);
      if (options.rereadWhen(change, before)) queueMicrotask(options.reread);
      return new Map(latest).set(change.id, change.row);
    },
  );
  return {
    rows: (): Row[] =>
      options
        .listed()
        .map((row) => (changes.state().has(row.id) ? changes.state().get(row.id)! : row))
        .filter((row): row is Row => row !== null),
    live: () => changes.error() === null,
  };
}
