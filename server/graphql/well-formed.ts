/**
 * Lone UTF-16 surrogates (`"\ud800"` in JSON or a GraphQL string) cannot be stored: PostgreSQL's
 * UTF-8 turns each into U+FFFD. They are replaced the same way at the edge, in variables and in a
 * document's literals, so what is stored is exactly what the response shows.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const wellFormedText = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** The value with every string (keys included) well-formed; other values as they are. */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return wellFormedText(value) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value === null || typeof value !== 'object') return value;
  // fromEntries makes every key an own property, `__proto__` included (an assignment would set the prototype).
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormedText(key), wellFormed(item)])) as T;
}
