import { cursorToOffset, resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder } from './builder.ts';
import { badInput } from './errors.ts';

/** Offsets past this are not a page anyone can ask for; a cursor decoding beyond it (or below 0) is forged. */
const MAX_OFFSET = 1_000_000_000;

function checkCursor(name: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor === null || cursor === undefined) return;
  const match = /^OffsetConnection:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match || Number(match[1]) > MAX_OFFSET || cursorToOffset(cursor) !== Number(match[1])) throw badInput(`${name} is not a cursor this API returned`, name);
}

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
  checkCursor('after', args.after);
  checkCursor('before', args.before);
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
