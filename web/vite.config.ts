import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const root = import.meta.dirname;

/** The Candlelab web client: built into web/dist (served by the app), dev server proxies GraphQL to the API. */
export default defineConfig({
  root,
  plugins: [solid()],
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true, changeOrigin: true },
    },
  },
});
