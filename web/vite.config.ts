import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

const root = import.meta.dirname;

/**
 * Prints what the first page downloads (the entry and what it imports statically) apart from the
 * chunks loaded on demand, raw and gzipped, at every build and whatever the log level.
 */
function bundleSizeReport(): Plugin {
  return {
    name: 'candlelab-bundle-sizes',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        chunk?.imports.forEach(visit);
      };
      chunks.filter((c) => c.isEntry).forEach((c) => visit(c.fileName));
      const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} kB`;
      const rows = chunks
        .map((c) => ({ name: c.fileName, raw: Buffer.byteLength(c.code), gzip: gzipSync(c.code).length, first: initial.has(c.fileName) }))
        .sort((a, b) => Number(b.first) - Number(a.first) || b.raw - a.raw);
      const total = (first: boolean) => rows.filter((r) => r.first === first).reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), { raw: 0, gzip: 0 });
      const lines = rows.map((r) => `  ${r.first ? 'first page' : 'on demand '}  ${kb(r.raw)}  gzip ${kb(r.gzip)}  ${r.name}`);
      const first = total(true);
      const lazy = total(false);
      console.log(
        [`Web client bundle sizes (JS):`, ...lines, `  first page total ${kb(first.raw)}  gzip ${kb(first.gzip)}`, `  on demand total  ${kb(lazy.raw)}  gzip ${kb(lazy.gzip)}`].join('\n'),
      );
    },
  };
}

/** The Candlelab web client: built into web/dist (served by the app), dev server proxies GraphQL to the API. */
export default defineConfig({
  root,
  plugins: [solid(), bundleSizeReport()],
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true },
    },
  },
});
