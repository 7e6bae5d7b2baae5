import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNestingDepth } from '../../graphql/request-body.ts';

/** The nesting of a parsed value: the independent definition the text scan must agree with. */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf)) : 0;

describe('jsonNestingDepth', () => {
  it('agrees with the nesting of the parsed value, whatever the strings hold (quotes, backslashes, brackets)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', 'é', '\uD800') });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }).chain((value) => fc.tuple(fc.constant(value), text)), ([value, extra]) => {
      const json = JSON.stringify({ value, extra });
      expect(jsonNestingDepth(json)).toBe(depthOf(JSON.parse(json)));
    }), { numRuns: 500, seed: 20261207 });
  });

  it('stops counting once beyond the limit, and ends at an unterminated string', () => {
    expect(jsonNestingDepth(`${'['.repeat(100_000)}`, 64)).toBe(65);
    expect(jsonNestingDepth('[[["unterminated [[[[')).toBe(3);
    expect(jsonNestingDepth('[["\\\\"],[["\\"[[["]]]')).toBe(3);
  });
});
