import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema.ts';

describe('README', () => {
  it("API examples are valid against the schema", async () => {
    const readme = await readFile(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const blocks = readme.split('```graphql').slice(1).map((part) => part.split('```')[0]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const errors = validate(schema, parse(block.replaceAll('"…"', '"00000000-0000-0000-0000-000000000000"')));
      expect(errors.map((error) => error.message)).toEqual([]);
    }
  });
});
