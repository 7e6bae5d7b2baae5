import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { auditServer } from 'graphql-http';
import { startApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { schema } from '../graphql/schema.ts';
import { createLogger } from '../logger.ts';
import { CORPUS_TOKENS, prepareCorpusApp } from './corpus-app.ts';
import { buildHostileCorpus } from './hostile-corpus.ts';
import { CORPUS_DEADLINE_MS, runCorpus, summarise } from './run-corpus.ts';
import { writeFingerprint } from './write-fingerprint.ts';
import { concurrentRunsFigure, longerThanLeaseFigure, workerKillFigure } from './job-figures.ts';
import { fullDiskFigure, postmasterKillFigure } from './restart-figures.ts';
import { revocationFigure } from './revocation-figure.ts';
import { httpFuzzFigure } from './fuzz-figure.ts';
import { hostileReaderFigure } from './hostile-reader.ts';
import type { FigureContext, ReliabilityFigure } from './figure.ts';
import { refusedImportsFigure } from './import-figure.ts';

/** The figures `npm run reliability` prints, each on databases of its own on one throwaway PostgreSQL. */
export function figureContext(serverUrl: string): FigureContext {
  return {
    async createDatabase(label) {
      const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async startApp(databaseUrl, options = {}) {
      const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', CANDLELAB_SERVE_WEB: 'false', CANDLELAB_SAMPLE_DATA: 'false', LOG_LEVEL: 'error', ...options.env });
      return startApp(config, { api: options.api ?? true, worker: options.worker ?? false, log: createLogger('error', 'reliability') });
    },
  };
}

const pad = (value: unknown, width: number) => String(value).padStart(width);

export const hostileCorpusFigure: ReliabilityFigure = {
  name: 'Hostile corpus',
  async run(context) {
    const databaseUrl = await context.createDatabase('corpus');
    const app = await context.startApp(databaseUrl, { env: prepareCorpusApp.env });
    try {
      await prepareCorpusApp.seed(app.graphqlUrl!, databaseUrl);
      const everything = buildHostileCorpus(schema, CORPUS_TOKENS);
      const corpus = everything.filter((c) => c.family !== 'input-bounds');
      const before = await writeFingerprint(databaseUrl);
      const outcomes = await runCorpus(app.graphqlUrl!, corpus);
      const after = await writeFingerprint(databaseUrl);
      const health = await fetch(app.graphqlUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${CORPUS_TOKENS.read}` },
        body: JSON.stringify({ query: '{ backtests { totalCount } }' }),
      }).then((r) => r.json() as Promise<{ data?: { backtests: { totalCount: number } } }>);
      // Input bounds run after the fingerprint, since unrefused ones store runs.
      const bounds = await runCorpus(app.graphqlUrl!, everything.filter((c) => c.family === 'input-bounds'));
      const written = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]).map((table) => `${table} ${before[table] ?? 0}→${after[table] ?? 0}`);
      const lines = [`${corpus.length} hostile operations (${corpus.filter((c) => c.transport === 'http').length} HTTP, ${corpus.filter((c) => c.transport === 'ws').length} WebSocket), each must be a coded error within ${CORPUS_DEADLINE_MS} ms`];
      lines.push(`family         cases   http     ws  refused   p50 ms   p99 ms   max ms`);
      for (const s of [...summarise(outcomes), ...summarise(bounds).slice(0, 1)]) {
        lines.push(`${s.family.padEnd(13)}${pad(s.cases, 6)}${pad(s.http, 7)}${pad(s.ws, 7)}${pad(s.refused, 9)}${pad(s.p50Ms.toFixed(1), 9)}${pad(s.p99Ms.toFixed(1), 9)}${pad(s.maxMs.toFixed(1), 9)}`);
      }
      const failures = outcomes.filter((o) => !o.refused);
      for (const o of failures.slice(0, 25)) lines.push(`  not refused: ${o.case.family}/${o.case.name}: ${o.answer}`);
      if (failures.length > 25) lines.push(`  … and ${failures.length - 25} more`);
      lines.push(`nothing written: ${written.length === 0 ? 'yes' : `NO (${written.join(', ')})`}`);
      lines.push(`healthy after: ${health.data?.backtests.totalCount === 1 ? 'yes' : `NO (${JSON.stringify(health)})`}`);
      const unbounded = bounds.filter((o) => !o.refused);
      lines.push(`input bounds (lead's part, not counted above): ${bounds.length - unbounded.length}/${bounds.length} refused`);
      for (const o of unbounded) lines.push(`  not yet refused: ${o.case.name}: ${o.answer}`);
      return { lines, held: failures.length === 0 && written.length === 0 && health.data?.backtests.totalCount === 1 };
    } finally {
      await app.stop();
    }
  },
};

export const graphqlHttpAuditFigure: ReliabilityFigure = {
  name: 'GraphQL over HTTP audit (graphql-http)',
  async run(context) {
    const app = await context.startApp(await context.createDatabase('audit'));
    try {
      const results = await auditServer({ url: app.graphqlUrl! });
      const failed = results.filter((r) => r.status !== 'ok');
      return { lines: [`${results.length - failed.length}/${results.length} audits ok`, ...failed.map((r) => `  ${r.status}: ${r.name}: ${r.reason}`)], held: failed.length === 0 };
    } finally {
      await app.stop();
    }
  },
};

/** Every figure, in print order; `npm run reliability -- <words>` runs those whose name contains them. */
export const FIGURES: ReliabilityFigure[] = [hostileCorpusFigure, graphqlHttpAuditFigure, httpFuzzFigure, hostileReaderFigure, workerKillFigure, longerThanLeaseFigure, concurrentRunsFigure, postmasterKillFigure, fullDiskFigure, refusedImportsFigure, revocationFigure];
