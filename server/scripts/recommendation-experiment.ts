/**
 * Do recommendations survive newer data? On real candles you supply (never stored in the repository):
 * for every market, strategy and origin, a sweep over the candles before the origin (default validation:
 * a 25 % hold-out), every emitted recommendation applied through the API, and its realised improvement
 * measured by the app itself on the candles after the origin (the validation job). Prints each, then the
 * mean expected against the mean realised improvement, the realised mean's 95 % interval and the hit rate.
 *
 *   npx tsx server/scripts/recommendation-experiment.ts <file> [<file> …]
 *
 * Files: a JSON array of [openTimeMs, open, high, low, close, volume] rows (Freqtrade's format) or an
 * OHLCV CSV with a header (time in the first column: ISO date or epoch). The interval is read from the
 * spacing of the first rows; the symbol from the file name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { createClient } from 'graphql-ws';
import { INTERVALS, intervalMs, type Interval } from '../../domain/intervals.ts';
import { PARAM_FIELDS, record, SETTING_FIELDS } from '../harness/typed-values.ts';
import { withThrowawayApp } from './throwaway-app.ts';

/** Where the sweeps end: shares of each market's bars (the rest is the newer data applying measures on). */
const ORIGINS = [0.6, 0.75];
const STRATEGIES: Record<string, Record<string, unknown>> = {
  ema_cross: { fast: [4, 8, 12, 16, 24], slow: [26, 40, 60, 90, 120] },
  sma_cross: { fast: [5, 10, 15, 20], slow: [30, 50, 80, 120] },
  macd_cross: { fast: [6, 12, 18], slow: [26, 39, 52], signal: [5, 9, 13] },
  rsi_reversion: { rsiPeriod: [7, 14, 21], oversold: [20, 25, 30], overbought: [70, 75, 80] },
  bollinger_breakout: { period: [10, 20, 30, 40], stdDev: [1.5, 2, 2.5, 3] },
};
const MIN_TRADES = 10;

interface Market {
  readonly symbol: string;
  readonly interval: Interval;
  readonly columns: { openTime: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array };
}

function readMarket(file: string): Market {
  const text = readFileSync(file, 'utf8');
  const rows: number[][] = text.trimStart().startsWith('[')
    ? (JSON.parse(text) as number[][])
    : text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [time, ...values] = line.split(',');
          const ms = /^\d+$/.test(time) ? Number(time) * (Number(time) < 1e11 ? 1000 : 1) : Date.parse(time.includes('T') || time.includes(' ') ? `${time.replace(' ', 'T')}Z` : `${time}T00:00:00Z`);
          return [ms, ...values.map(Number)];
        });
  const spacing = Math.min(...rows.slice(1, 50).map((row, i) => row[0] - rows[i][0]));
  const interval = INTERVALS.find((i) => intervalMs(i) === spacing) ?? INTERVALS.find((i) => intervalMs(i) >= spacing * 0.9 && intervalMs(i) <= spacing * 1.1);
  if (!interval) throw new Error(`${file}: bars ${spacing} ms apart match no interval`);
  const column = (k: number) => Float64Array.from(rows, (row) => row[k]);
  const symbol = `REAL-${path.basename(file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 40);
  return { symbol, interval, columns: { openTime: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) } };
}

interface Measured {
  readonly label: string;
  readonly type: string;
  readonly expected: number;
  readonly realised: number;
  readonly confidence: number;
}

async function main(files: string[]): Promise<void> {
  const markets = files.map(readMarket);
  const measured: Measured[] = [];
  let sweeps = 0, emitted = 0, refused = 0;
  await withThrowawayApp('experiment', markets, async ({ graphqlUrl: url, ws }) => {
    for (const origin of ORIGINS) {
      for (const m of markets) {
        const times = m.columns.openTime;
        const end = times[Math.floor(times.length * origin)];
        for (const [strategy, parameterRanges] of Object.entries(STRATEGIES)) {
          const label = `${m.symbol} ${m.interval} ${strategy} to ${new Date(end).toISOString().slice(0, 10)}`;
          const input = {
            symbols: [m.symbol], timeframe: m.interval, startDate: new Date(times[0]).toISOString(), endDate: new Date(end).toISOString(),
            strategy, initialCapital: 10_000, positionSize: 1_000, parameterRanges, minTrades: MIN_TRADES, gapPolicy: 'SKIP', fetchMissingData: false,
          };
          const created = await gql(url, 'mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }', { input }).catch((error: Error) => {
            console.log(`  ${label}: not swept (${error.message})`);
            return null;
          });
          if (!created) continue;
          sweeps++;
          const id: string = created.optimizeStrategy.id;
          await stream(ws, 'subscription C($id: ID) { recommendationCreated(sweepId: $id) { id } }', { id });
          const { recommendations } = await gql(url, `query R($id: ID!) { recommendations(first: 50, filter: { sweepId: $id }) { edges { node { id type status rejectionReason } } } }`, { id });
          const nodes = recommendations.edges.map((e: any) => e.node);
          refused += nodes.filter((n: any) => n.status === 'REJECTED').length;
          for (const rec of nodes.filter((n: any) => n.status === 'PENDING')) {
            emitted++;
            await gql(url, 'mutation D($id: ID!) { decideRecommendation(id: $id, status: ACCEPTED) { id } }', { id: rec.id });
            const done = stream(ws, 'subscription U($id: ID) { recommendationUpdated(id: $id) { realisedStatus } }', { id: rec.id }, (data: any) => ['MEASURED', 'NO_NEW_DATA', 'FAILED'].includes(data.recommendationUpdated.realisedStatus));
            await gql(url, 'mutation D($id: ID!) { decideRecommendation(id: $id, status: APPLIED) { id } }', { id: rec.id });
            await done;
            const { recommendation: r } = await gql(
              url,
              `query Q($id: ID!) { recommendation(id: $id) { type realisedStatus realisedMessage rawExpectedRoiImprovement expectedRoiImprovement realisedRoiImprovement realisedSharpeImprovement confidenceScore
                validation { current { sharpeRatio } recommended { sharpeRatio } } recommended { params ${PARAM_FIELDS} settings ${SETTING_FIELDS} } } }`,
              { id: rec.id },
            );
            if (r.realisedStatus !== 'MEASURED') {
              console.log(`  ${label}: ${r.type} applied, not measured (${r.realisedStatus}: ${r.realisedMessage})`);
              continue;
            }
            const risk = r.type === 'RISK';
            const expected = risk ? (r.validation.recommended.sharpeRatio ?? 0) - (r.validation.current.sharpeRatio ?? 0) : r.expectedRoiImprovement;
            const realised = risk ? r.realisedSharpeImprovement : r.realisedRoiImprovement;
            measured.push({ label, type: r.type, expected, realised, confidence: r.confidenceScore });
            console.log(`  ${label}: ${r.type} ${JSON.stringify({ ...record(r.recommended.params ?? []), ...record(r.recommended.settings ?? []) })} expected ${fmt(expected)}, realised ${fmt(realised)} ${risk ? 'Sharpe' : 'ROI points'}, confidence ${r.confidenceScore.toFixed(2)}`);
          }
        }
      }
    }
  });
  console.log(`\n${sweeps} sweeps, ${emitted} recommendations emitted and applied, ${refused} refused.`);
  for (const unit of ['PARAMETERS/SYMBOL/TIMEFRAME (ROI points)', 'RISK (Sharpe)']) {
    const group = measured.filter((x) => (x.type === 'RISK') === unit.startsWith('RISK'));
    if (group.length === 0) continue;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const realised = group.map((x) => x.realised);
    const m = mean(realised);
    const sd = group.length > 1 ? Math.sqrt(realised.reduce((s, x) => s + (x - m) ** 2, 0) / (group.length - 1)) : NaN;
    const half = 1.96 * (sd / Math.sqrt(group.length));
    const expected = mean(group.map((x) => x.expected));
    const hits = group.filter((x) => x.realised > 0).length;
    console.log(
      `${unit}: ${group.length} measured; mean expected ${fmt(expected)}, mean realised ${fmt(m)} (95 % interval ${fmt(m - half)} … ${fmt(m + half)}); ` +
        `expected ${Math.abs(expected - m) <= half ? 'inside' : 'outside'} it; hit rate ${hits}/${group.length}; mean confidence ${mean(group.map((x) => x.confidence)).toFixed(2)}`,
    );
  }
}

const fmt = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}` : 'n/a');

function stream(ws: ReturnType<typeof createClient>, query: string, variables: Record<string, unknown>, until?: (data: unknown) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = ws.subscribe({ query, variables }, {
      next: ({ data }) => {
        if (until?.(data)) {
          stop();
          resolve();
        }
      },
      error: reject,
      complete: resolve,
    });
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

await main(process.argv.slice(2));
