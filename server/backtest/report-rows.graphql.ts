import type { ReportColumn, ReportColumns, RowOf } from '../engine/index.ts';
import { builder } from '../graphql/builder.ts';

/**
 * A GraphQL object type for the rows of a report table, built from its column list (engine/reports/columns.ts):
 * text → String, count → Int, time → DateTime, every other kind → Float; each column's description says
 * its formula and unit.
 */
export function reportRowType<Cs extends ReportColumns>(name: string, description: string, columns: Cs) {
  return builder.objectRef<RowOf<Cs>>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(columns).map(([key, column]: [string, ReportColumn]) => {
          const options = { nullable: column.nullable, description: `${column.label}: ${column.description}` };
          const read = (row: RowOf<Cs>) => (row as Record<string, unknown>)[key] as never;
          if (column.kind === 'text') return [key, t.string({ ...options, resolve: read })];
          if (column.kind === 'count') return [key, t.int({ ...options, resolve: read })];
          if (column.kind === 'time') return [key, t.field({ ...options, type: 'DateTime', resolve: (row) => new Date(read(row) as number) })];
          return [key, t.float({ ...options, resolve: read })];
        }),
      ),
  });
}
