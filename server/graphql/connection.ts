import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from './builder.ts';

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Relay connection over an offset query that also counts, exposing `totalCount`. */
export async function pagedConnection<T>(
  args: ConnectionArgs,
  fetch: (page: Page) => Promise<{ items: readonly T[]; totalCount: number }>,
  maxSize = 500,
) {
  let totalCount = 0;
  const connection = await resolveOffsetConnection({ args, defaultSize: 50, maxSize }, async (page) => {
    const result = await fetch(page);
    totalCount = result.totalCount;
    return result.items;
  });
  return Object.assign(connection, { totalCount });
}

/** Every connection tells how many items match in all (pagedConnection fills it in). */
builder.globalConnectionField('totalCount', (t) =>
  t.int({ resolve: (connection) => (connection as { totalCount?: number }).totalCount ?? 0 }),
);
