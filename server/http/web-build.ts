import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_ROOT = path.join(ROOT, 'web');
/** Where the built web client is served from. */
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

export interface WebBuildLayout {
  /** The build's index.html: its time is the build's. */
  readonly builtIndex: string;
  /** What the build is made from. */
  readonly sourceDirs: readonly string[];
  readonly sourceFiles: readonly string[];
}

/** The web client's: its own sources and the shared definitions it imports. */
const WEB_LAYOUT: WebBuildLayout = {
  builtIndex: path.join(WEB_DIST, 'index.html'),
  sourceDirs: [path.join(WEB_ROOT, 'src'), path.join(ROOT, 'domain')],
  sourceFiles: [path.join(WEB_ROOT, 'index.html'), path.join(WEB_ROOT, 'vite.config.ts')],
};

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

/** True when web/dist is missing or older than a source it is built from (an update was pulled, a file edited). */
export function webBuildIsStale(layout: WebBuildLayout = WEB_LAYOUT): boolean {
  if (!existsSync(layout.builtIndex)) return true;
  const newest = Math.max(...layout.sourceDirs.map(newestMtime), ...layout.sourceFiles.map((file) => statSync(file).mtimeMs));
  return statSync(layout.builtIndex).mtimeMs < newest;
}

/** Builds web/dist with Vite when it is stale; answers whether it built. */
export async function ensureWebBuilt(): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
