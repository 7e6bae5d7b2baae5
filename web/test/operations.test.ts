import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema, parse, print, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const schema = buildSchema(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));

/** Every module named operations.ts under web/src (each feature's, and lib's shared one): where all the client's GraphQL lives. */
async function operationModules(): Promise<Array<[string, Record<string, unknown>]>> {
  const src = path.join(ROOT, 'web/src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => path.basename(file) === 'operations.ts');
  const modules: Array<[string, Record<string, unknown>]> = [];
  for (const file of files.sort()) modules.push([path.dirname(file), (await import(path.join(src, file))) as Record<string, unknown>]);
  return modules;
}

const isDocument = (value: unknown): value is DocumentNode => typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document';

describe('client operations against schema.graphql', () => {
  it('every operation the client sends validates against the current schema', async () => {
    const problems: string[] = [];
    let operations = 0;
    for (const [feature, exports] of await operationModules()) {
      for (const [name, value] of Object.entries(exports)) {
        if (!isDocument(value)) continue;
        // Fragments are checked inside the operations that spread them.
        if (!value.definitions.some((d) => d.kind === 'OperationDefinition')) continue;
        operations++;
        // Printed and parsed again: exactly the text the server receives, fragments included.
        for (const error of validate(schema, parse(print(value)))) problems.push(`${feature}/${name}: ${error.message}`);
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('every metric the runs list sorts by is a BacktestOrderField', async () => {
    const { SORTABLE_METRICS, orderFieldOf } = await import('../src/lib/metrics.ts');
    const field = schema.getType('BacktestOrderField') as import('graphql').GraphQLEnumType;
    const known = new Set(field.getValues().map((v) => v.name));
    expect(SORTABLE_METRICS.map((m) => orderFieldOf(m.key)).filter((name) => !known.has(name))).toEqual([]);
  });

  it('the generated client types (web/src/graphql-env.d.ts) match schema.graphql: `npm run schema:print` regenerates both', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'candlelab-tada-')), 'graphql-env.d.ts');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/gql.tada/bin/cli.js'), 'generate-output', '--output', out], { cwd: ROOT, stdio: 'pipe' });
    expect(readFileSync(out, 'utf8'), 'web/src/graphql-env.d.ts is stale: run `npm run schema:print`').toBe(readFileSync(path.join(ROOT, 'web/src/graphql-env.d.ts'), 'utf8'));
  });
});
