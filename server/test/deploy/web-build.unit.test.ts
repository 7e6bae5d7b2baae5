import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webBuildIsStale } from '../../http/web-build.ts';

describe('npm start rebuilds the web client when its sources changed', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'web-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = (relative: string, atSeconds: number) => {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, relative);
    utimesSync(full, atSeconds, atSeconds);
    return full;
  };
  const layout = {
    builtIndex: path.join(root, 'dist/index.html'),
    sourceDirs: [path.join(root, 'src'), path.join(root, 'domain')],
    sourceFiles: [path.join(root, 'index.html')],
  };
  const T = 1_800_000_000;

  it('no build yet: stale', () => {
    file('src/app.tsx', T);
    file('domain/settings.ts', T);
    file('index.html', T);
    expect(webBuildIsStale(layout)).toBe(true);
  });

  it('built after every source: fresh; a source in a nested folder, the shared definitions or a single file changed later: stale', () => {
    file('dist/index.html', T + 10);
    expect(webBuildIsStale(layout)).toBe(false);
    const nested = file('src/features/runs/page.tsx', T + 20);
    expect(webBuildIsStale(layout)).toBe(true);
    utimesSync(nested, T, T);
    expect(webBuildIsStale(layout)).toBe(false);
    const shared = file('domain/metrics.ts', T + 20);
    expect(webBuildIsStale(layout)).toBe(true);
    utimesSync(shared, T, T);
    file('index.html', T + 20);
    expect(webBuildIsStale(layout)).toBe(true);
  });
});
