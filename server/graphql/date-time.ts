import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * graphql-scalars' RFC 3339 DateTime, which also accepts a calendar date alone ("2026-03-01") as
 * midnight UTC: what a date picker sends and what people type. The date is checked to exist
 * (2026-02-30 is refused, not rolled over to March).
 */
function parseDateOnly(value: string): Date | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new GraphQLError(`DateTime cannot represent an invalid date: "${value}"`);
  }
  return date;
}

export const DateTimeOrDate = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: 'An RFC 3339 date-time ("2026-03-01T12:00:00Z"), or a date alone ("2026-03-01") meaning midnight UTC',
  parseValue(value) {
    if (typeof value === 'string') {
      const date = parseDateOnly(value);
      if (date) return date;
    }
    return DateTimeResolver.parseValue(value);
  },
  parseLiteral(ast, variables) {
    if (ast.kind === Kind.STRING) {
      const date = parseDateOnly(ast.value);
      if (date) return date;
    }
    return DateTimeResolver.parseLiteral(ast, variables);
  },
});
