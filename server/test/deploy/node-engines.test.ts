import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

/**
 * `npm install` warns EBADENGINE for every installed package whose `engines.node` the running Node
 * does not satisfy. The README promises the lowest Node of package.json's `engines`, so every locked
 * package must accept that version (package.json `overrides` pins older releases where a newer
 * one declares Node 22 only).
 */
describe('Node version', () => {
  const required = readJson('package.json').engines.node as string;
  const lowest = semver.minVersion(required)!.version;

  it('every locked package accepts the lowest Node the README and package.json promise', () => {
    const packages = readJson('package-lock.json').packages as Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    const refusing = Object.entries(packages)
      .filter(([where, pkg]) => where !== '' && pkg.engines && !Array.isArray(pkg.engines) && pkg.engines.node)
      .filter(([, pkg]) => !semver.satisfies(lowest, (pkg.engines as { node: string }).node))
      .map(([where, pkg]) => `${where.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${(pkg.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('the README states the same requirement, and this Node meets it', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`Node.js ${lowest.replace(/\.0$/, '')}+`);
    expect(semver.satisfies(process.version, required)).toBe(true);
  });
});
