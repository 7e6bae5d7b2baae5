/**
 * The published JSON Schema (docs/strategy-document.schema.json, also served as `strategyDocumentSchema`)
 * is the one derived from the language's lists, accepts every valid document and rejects malformed ones.
 * After a language change: `UPDATE_SCHEMA=1 npx vitest run server/test/language/json-schema.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DOCUMENTS, EXAMPLE_DOCUMENTS, strategyDocumentJsonSchema } from '../../engine/index.ts';
import { HOSTILE_DOCUMENTS } from './hostile-documents.ts';
import { randomDocument } from './random-documents.ts';

const file = fileURLToPath(new URL('../../../docs/strategy-document.schema.json', import.meta.url));
const text = `${JSON.stringify(strategyDocumentJsonSchema(), null, 2)}\n`;
if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, text);

describe('the strategy document JSON Schema', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(strategyDocumentJsonSchema());

  it('is the file in the repository', () => expect(readFileSync(file, 'utf8')).toBe(text));

  it('accepts the built-ins, the examples and random valid documents', () => {
    const documents = [...BUILTIN_DOCUMENTS.values(), ...EXAMPLE_DOCUMENTS, ...Array.from({ length: 50 }, (_, i) => randomDocument(1000 + i, 240))];
    for (const d of documents) expect(validate(JSON.parse(JSON.stringify(d))) ? [] : validate.errors, d.name).toEqual([]);
  });

  it('rejects the structurally malformed hostile documents', () => {
    const structural = ['unknown indicator', 'type mismatch: a condition where a series is needed', 'unknown candle field', 'two kinds in one node', 'empty node', 'no entry rule', 'unknown top-level field', 'stop of an unknown kind', 'unknown indicator parameter', 'source on an indicator that takes none'];
    for (const label of structural) {
      const hostile = HOSTILE_DOCUMENTS.find((h) => h.label === label)!;
      expect(validate(JSON.parse(hostile.json)), label).toBe(false);
    }
  });
});

describe('the README’s strategy documents', () => {
  it('every JSON block of "Strategy language" is a valid document', async () => {
    const { validateStrategyDocument } = await import('../../engine/index.ts');
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const section = readme.split('## Strategy language')[1].split('\n## ')[0];
    const blocks = section.split('```json').slice(1).map((part) => part.split('```')[0]);
    expect(blocks.length).toBe(3);
    for (const block of blocks) {
      const result = validateStrategyDocument(JSON.parse(block));
      expect(result.ok ? [] : 'problems' in result ? result.problems : result.limit).toEqual([]);
    }
  });
});
