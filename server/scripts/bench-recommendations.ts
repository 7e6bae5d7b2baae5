/**
 * Honest advice, measured on markets whose truth is known, through the real app (API + worker, throwaway
 * embedded PostgreSQL): 20 markets with no edge (zero-drift GARCH walks) and 5 with a planted trend edge,
 * a year of 1h each (engine/synthetic.ts), each swept with the same ema_cross grid and the default
 * validation (a 25 % hold-out), then drawn for recommendations by the recommend job the sweep queues.
 * Targets: a recommendation on at most 1 of the 20 no-edge markets (false discoveries ≤ 5 %),
 * a PARAMETERS recommendation on at least 4 of the 5 planted ones.
 * Run alone with `npx tsx server/scripts/bench-recommendations.ts [noEdge=20] [planted=5]`, or through `npm run bench`.
 */
import type { createClient } from 'graphql-ws';
import { generateNoEdgeMarket, generatePlantedTrendMarket, type CandleSeries } from '../engine/index.ts';
import { PARAM_FIELDS, record, SETTING_FIELDS } from '../harness/typed-values.ts';
import { withThrowawayApp } from './throwaway-app.ts';

const HOUR = 3_600_000;
const YEAR_OF_HOURS = { bars: 365 * 24, startTimeMs: Date.UTC(2025, 0, 1), intervalMs: HOUR };
const GRID = { fast: { min: 3, max: 51, step: 2 }, slow: { min: 20, max: 240, step: 5 } };

interface Outcome {
  readonly symbol: string;
  readonly emitted: Array<{ type: string; params: unknown; adjustedPValue: number | null }>;
  readonly pbo: number | null;
}

export async function benchRecommendations(noEdgeMarkets = 20, plantedMarkets = 5, log: (line: string) => void = console.log): Promise<void> {
  const markets = [
    ...Array.from({ length: noEdgeMarkets }, (_, k) => ({ edge: false, series: generateNoEdgeMarket({ ...YEAR_OF_HOURS, seed: k + 1, symbol: `SYNTH-NOEDGE${k + 1}USDT` }) })),
    ...Array.from({ length: plantedMarkets }, (_, k) => ({ edge: true, series: generatePlantedTrendMarket({ ...YEAR_OF_HOURS, seed: 1001 + k, symbol: `SYNTH-EDGE${1001 + k}USDT` }) })),
  ];
  const stored = markets.map(({ series }) => ({ symbol: series.symbol, interval: '1h' as const, columns: series }));
  await withThrowawayApp('bench', stored, async ({ graphqlUrl, ws }) => {
    const started = performance.now();
    const outcomes: Array<Outcome & { edge: boolean }> = [];
    for (const { edge, series } of markets) outcomes.push({ edge, ...(await sweepAndRecommend(graphqlUrl, ws, series)) });
    const report = (edge: boolean) => {
      const group = outcomes.filter((o) => o.edge === edge);
      const any = group.filter((o) => o.emitted.length > 0);
      const parameters = group.filter((o) => o.emitted.some((r) => r.type === 'PARAMETERS'));
      const pbos = group.map((o) => o.pbo).filter((p): p is number => p !== null).sort((a, b) => a - b);
      return { group, any, parameters, medianPbo: pbos.length ? pbos[Math.floor(pbos.length / 2)] : null };
    };
    const none = report(false), planted = report(true);
    for (const o of outcomes.filter((x) => x.emitted.length > 0)) {
      log(`    ${o.symbol}: ${o.emitted.map((r) => `${r.type} ${JSON.stringify(r.params)} (adjusted p ${r.adjustedPValue?.toFixed(4) ?? 'n/a'})`).join('; ')}`);
    }
    log(
      `recommend  no edge: a recommendation on ${none.any.length} of ${none.group.length} markets (target <= ${Math.floor(none.group.length / 20)}; median PBO ${none.medianPbo?.toFixed(2) ?? 'n/a'})  ${verdict(none.any.length <= Math.floor(none.group.length / 20))}`,
    );
    log(
      `recommend  planted edge: a PARAMETERS recommendation on ${planted.parameters.length} of ${planted.group.length} markets (target >= ${Math.ceil(planted.group.length * 0.8)}; median PBO ${planted.medianPbo?.toFixed(2) ?? 'n/a'})  ${verdict(planted.parameters.length >= Math.ceil(planted.group.length * 0.8))}`,
    );
    log(`           ${markets.length} sweeps of ${GRID.fast.min}–${GRID.fast.max} × ${GRID.slow.min}–${GRID.slow.max} ema_cross on a year of 1h each, with their recommendations, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
}

const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');

async function sweepAndRecommend(url: string, ws: ReturnType<typeof createClient>, series: CandleSeries): Promise<Outcome> {
  const input = {
    symbols: [series.symbol],
    timeframe: '1h',
    startDate: new Date(series.openTime[0]).toISOString(),
    endDate: new Date(series.openTime[series.length - 1] + HOUR).toISOString(),
    strategy: 'ema_cross',
    initialCapital: 10_000,
    positionSize: 1_000,
    parameterRanges: GRID,
  };
  const { optimizeStrategy } = await gql(url, 'mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }', { input });
  const id: string = optimizeStrategy.id;
  // The recommendation stream of a sweep ends once its recommend job has drawn them all.
  await new Promise<void>((resolve, reject) =>
    ws.subscribe({ query: 'subscription C($id: ID) { recommendationCreated(sweepId: $id) { id } }', variables: { id } }, { next: () => {}, error: reject, complete: resolve }),
  );
  const data = await gql(
    url,
    `query R($id: ID!) { optimizationSweep(id: $id) { status overfitting { pbo { probability } } }
      recommendations(first: 50, filter: { sweepId: $id, status: [PENDING] }) { edges { node { type recommended { params ${PARAM_FIELDS} settings ${SETTING_FIELDS} } validation { test { adjustedPValue } } } } } }`,
    { id },
  );
  if (data.optimizationSweep.status !== 'COMPLETED') throw new Error(`sweep ${id} ended ${data.optimizationSweep.status}`);
  return {
    symbol: series.symbol,
    pbo: data.optimizationSweep.overfitting?.pbo?.probability ?? null,
    emitted: data.recommendations.edges.map((e: any) => ({ type: e.node.type, params: { ...record(e.node.recommended.params ?? []), ...record(e.node.recommended.settings ?? []) }, adjustedPValue: e.node.validation?.test?.adjustedPValue ?? null })),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [noEdge, planted] = process.argv.slice(2).map(Number);
  await benchRecommendations(noEdge || 20, planted || 5);
}
