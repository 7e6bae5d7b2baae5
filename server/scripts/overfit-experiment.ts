/**
 * The overfitting statistics against markets whose truth is known, at engine level (no database, no jobs):
 * on no-edge markets (generateNoEdgeMarket) and planted-trend markets (generatePlantedTrendMarket), a year of
 * 1 h bars each, an ema_cross grid is searched on the first 75 % (whole days) and ranked by the default
 * objective (COMPOSITE, minTrades 30). The best `candidates` in-sample rows are then compared with the
 * default parameters (fast 12, slow 26) on the last 25 %: daily returns of full-range runs (so indicators are
 * warm), a one-sided paired stationary bootstrap per candidate, Holm over the candidates. A market "emits" when
 * some candidate's adjusted p < α. Also printed per market: the grid's PBO (CSCV over its in-sample daily
 * returns, 16 blocks) and the winner's Deflated Sharpe Ratio (trials = the grid's evaluations).
 * Targets (issue: no edge → at most 1 of 20 emits; planted edge → at least 4 of 5).
 * Run by hand: npx tsx server/scripts/overfit-experiment.ts [noEdgeMarkets=20] [edgeMarkets=5] [candidates=3]
 * Knobs for exploring (environment, JSON where noted): OBJECTIVE (a named objective, default COMPOSITE),
 * RUN (run-setting overrides, e.g. {"reverse":true}), PLANTED (generatePlantedTrendMarket options, e.g.
 * {"reversionStrength":1}: weaker plants show how the test's power falls).
 */
import {
  DEFAULT_BACKTEST_CONFIG,
  IndicatorCache,
  evaluateMetrics,
  generateNoEdgeMarket,
  generatePlantedTrendMarket,
  getStrategy,
  resolveStrategyParams,
  type BacktestConfig,
  type CandleSeries,
  type PlantedTrendOptions,
  type StrategyParams,
} from '../engine/index.ts';
import { expandGrid, paramsKey, rankRows, sliceSeries, type ObjectiveName } from '../engine/optimizer/index.ts';
import {
  adjustPValues,
  createBlockStatistics,
  deflatedSharpe,
  equalBlocks,
  pairedTest,
  probabilityOfBacktestOverfitting,
  recordDailyReturns,
} from '../engine/validation/index.ts';

const [noEdgeMarkets = 20, edgeMarkets = 5, candidates = 3] = process.argv.slice(2).map(Number);
const HOUR = 3_600_000;
const DAYS = 365;
const IN_SAMPLE_DAYS = Math.round(DAYS * 0.75);
const ALPHA = 0.05;
const GRID = { fast: { min: 3, max: 51, step: 2 }, slow: { min: 20, max: 240, step: 5 } };
const PBO_BLOCKS = 16;
const OBJECTIVE = (process.env.OBJECTIVE ?? 'COMPOSITE') as ObjectiveName;

const strategy = getStrategy('ema_cross')!;
const defaults = (resolveStrategyParams('ema_cross', {}) as { params: StrategyParams }).params;
const expanded = expandGrid(strategy, GRID, defaults, 10_000);
if ('errors' in expanded) throw new Error(expanded.errors.join('; '));
const grid = expanded;

const runOverrides = JSON.parse(process.env.RUN ?? '{}') as Partial<BacktestConfig>;
function config(params: StrategyParams): BacktestConfig {
  return { ...DEFAULT_BACKTEST_CONFIG, ...runOverrides, initialCapital: 10_000, legs: [{ strategy: 'ema_cross', params, symbols: ['SYN'] }] };
}

interface MarketOutcome {
  readonly emitted: boolean;
  readonly winnerPasses: boolean;
  readonly winnerSharpe: number;
  readonly defaultSharpe: number;
  readonly pbo: number;
  readonly line: string;
}

function study(candles: CandleSeries): MarketOutcome {
  const data = new Map([['SYN', candles]]);
  const cut = IN_SAMPLE_DAYS * 24;
  const inSample = new Map([['SYN', sliceSeries(candles, { start: 0, end: cut })]]);
  const isCache = new IndicatorCache(), fullCache = new IndicatorCache();

  const rows = grid.combinations.map((params) => {
    const evaluation = evaluateMetrics(inSample, config(params), { cache: isCache, keepDailyReturns: true });
    return { key: paramsKey(params), params, metrics: evaluation.metrics, dailyReturns: evaluation.dailyReturns! };
  });
  const ranked = rankRows(rows, OBJECTIVE);
  const chosen = ranked.slice(0, candidates).map((r) => r.row);

  // Full-range runs, compared on the days after the cut (return d spans day d − 1's close to day d's, so
  // the first out-of-sample return is index IN_SAMPLE_DAYS − 1).
  const outOfSample = (params: StrategyParams) => evaluateMetrics(data, config(params), { cache: fullCache, keepDailyReturns: true }).dailyReturns!.subarray(IN_SAMPLE_DAYS - 1);
  const baseline = outOfSample(defaults);
  const tests = chosen.map((row, k) => {
    const r = pairedTest(outOfSample(row.params), baseline, { iterations: 2000, seed: 17 + k });
    if ('errors' in r) throw new Error(r.errors.join('; '));
    return r;
  });
  const adjusted = adjustPValues(tests.map((t) => t.pValue), 'HOLM');

  const days = rows[0].dailyReturns.length;
  const bounds = equalBlocks(days, PBO_BLOCKS);
  if ('errors' in bounds) throw new Error(bounds.errors.join('; '));
  const stats = createBlockStatistics(rows.length, PBO_BLOCKS);
  rows.forEach((row, c) => recordDailyReturns(stats, c, row.dailyReturns, bounds));
  const pbo = probabilityOfBacktestOverfitting(stats);
  const dsr = deflatedSharpe({
    returns: chosen[0].dailyReturns,
    trialSharpeRatios: rows.map((r) => r.metrics.sharpeRatio).filter((s): s is number => s !== null),
    trials: rows.length,
  });

  const winner = chosen[0];
  const current = evaluateMetrics(inSample, config(defaults), { cache: isCache });
  const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : x.toFixed(digits));
  const line =
    `winner ${winner.params.fast}/${winner.params.slow} (IS Sharpe ${fmt(winner.metrics.sharpeRatio, 2)}, ${winner.metrics.totalTrades} trades; 12/26: ${fmt(current.metrics.sharpeRatio, 2)}, ${current.metrics.totalTrades})  ` +
    `OOS Δ/day ${(tests[0].meanDifference * 1e4).toFixed(2)} bp  p ${tests.map((t) => fmt(t.pValue)).join('/')}  Holm ${adjusted.map((p) => fmt(p)).join('/')}  ` +
    `PBO ${'errors' in pbo ? '—' : fmt(pbo.probabilityOfOverfitting, 2)}  DSR ${'errors' in dsr ? '—' : fmt(dsr.deflatedSharpeRatio, 3)}`;
  return {
    emitted: adjusted.some((p) => p < ALPHA),
    winnerPasses: tests[0].pValue < ALPHA,
    winnerSharpe: winner.metrics.sharpeRatio ?? 0,
    defaultSharpe: current.metrics.sharpeRatio ?? 0,
    pbo: 'errors' in pbo ? NaN : pbo.probabilityOfOverfitting,
    line,
  };
}

function run(label: string, markets: number, generate: (seed: number) => CandleSeries): void {
  console.log(`${label}: ${markets} markets, grid of ${grid.combinations.length}, top ${candidates} tested against 12/26 on the last ${DAYS - IN_SAMPLE_DAYS} days`);
  const outcomes: MarketOutcome[] = [];
  for (let m = 0; m < markets; m++) {
    const started = performance.now();
    const outcome = study(generate(m + 1));
    outcomes.push(outcome);
    console.log(`  #${String(m + 1).padStart(2)} ${outcome.emitted ? 'EMITS' : '  -  '} ${outcome.line}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2);
  console.log(
    `  → emitted on ${outcomes.filter((o) => o.emitted).length} of ${markets} (Holm over ${candidates}); winner alone p < ${ALPHA} on ${outcomes.filter((o) => o.winnerPasses).length} of ${markets}; ` +
      `median in-sample Sharpe: winner ${median(outcomes.map((o) => o.winnerSharpe))}, 12/26 ${median(outcomes.map((o) => o.defaultSharpe))}; median PBO ${median(outcomes.map((o) => o.pbo))}\n`,
  );
}

const bars = DAYS * 24;
const planted = JSON.parse(process.env.PLANTED ?? '{}') as Partial<PlantedTrendOptions>;
if (noEdgeMarkets > 0) run('no edge (GARCH(1,1) random walk, zero drift)', noEdgeMarkets, (seed) => generateNoEdgeMarket({ bars, seed, intervalMs: HOUR }));
if (edgeMarkets > 0) run(`planted trend edge ${Object.keys(planted).length > 0 ? JSON.stringify(planted) : '(defaults)'}`, edgeMarkets, (seed) => generatePlantedTrendMarket({ ...planted, bars, seed: 1000 + seed, intervalMs: HOUR }));
