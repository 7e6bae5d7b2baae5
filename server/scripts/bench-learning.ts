/**
 * Learning across markets (engine/learning): on held-out generated markets, how many evaluations an
 * ADAPTIVE search needs to come within 1 % of the grid's best score, starting from the sets a model of
 * the other markets proposes, against the same search without them. Markets differ in the length of
 * their price swings, which sets where ema_cross does best and shows in their features.
 */
import {
  candleSeries,
  evaluateMetrics,
  getStrategy,
  IndicatorCache,
  mulberry32,
  type CandleSeries,
  type StrategyParams,
} from '../engine/index.ts';
import { fitScoreModel, marketFeatures, type MarketFeatures, type TrainingMarket } from '../engine/learning/index.ts';
import { createSearch, objectiveScore, parameterSpace, paramsKey } from '../engine/optimizer/index.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../engine/index.ts';

const HOUR = 3_600_000;
const BARS = 24 * 365;
const SWING_BARS = [24, 36, 48, 72, 96, 144, 192, 288];
const RANGES = { fast: { min: 2, max: 30, step: 2 }, slow: { min: 10, max: 300, step: 10 } };
const MIN_TRADES = 10;
const SEEDS = 10;
const START_SETS = 8;

/** Amplitudes of the swings: markets where they stand out of the noise, and markets where they hardly do. */
const AMPLITUDES = [0.03, 0.015];

/** A year of 1h bars whose log price swings by ±amplitude with a period of `swing` bars on top of a random walk. */
function swingMarket(swing: number, amplitude: number, seed: number): CandleSeries {
  const rng = mulberry32(seed);
  const n = BARS;
  const close = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n);
  let walk = 0;
  for (let i = 0; i < n; i++) {
    walk += 0.006 * rng.normal();
    close[i] = 100 * Math.exp(walk + amplitude * Math.sin((2 * Math.PI * i) / swing));
    open[i] = i === 0 ? close[i] : close[i - 1];
    high[i] = Math.max(open[i], close[i]) * (1 + 0.001 * Math.abs(rng.normal()));
    low[i] = Math.min(open[i], close[i]) * (1 - 0.001 * Math.abs(rng.normal()));
  }
  return candleSeries(`SWING${swing}`, HOUR, { openTime: Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * HOUR), open, high, low, close, volume: new Float64Array(n).fill(1) });
}

interface GradedMarket {
  readonly swing: number;
  readonly features: MarketFeatures;
  readonly scores: Map<string, number | null>;
  readonly rows: { params: StrategyParams; score: number | null }[];
  readonly best: number;
}

function grade(swing: number, amplitude: number): GradedMarket {
  const series = swingMarket(swing, amplitude, 1000 + swing);
  const spec = getStrategy('ema_cross')!;
  const space = parameterSpace(spec, RANGES, {});
  if ('errors' in space) throw new Error(space.errors.join('; '));
  const cache = new IndicatorCache();
  const data = new Map([[series.symbol, series]]);
  const rows: { params: StrategyParams; score: number | null }[] = [];
  for (let index = 0; index < space.size; index++) {
    const params = space.at(index);
    if (params === null) continue;
    const { metrics } = evaluateMetrics(data, { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000, sizing: { mode: 'FIXED_QUOTE', value: 1000 }, legs: [{ strategy: 'ema_cross', params, symbols: [series.symbol] }] }, { cache });
    rows.push({ params, score: metrics.totalTrades >= MIN_TRADES ? objectiveScore(metrics, 'SHARPE') : null });
  }
  const scores = new Map(rows.map((row) => [paramsKey(row.params), row.score]));
  const best = Math.max(...rows.map((row) => row.score ?? -Infinity));
  return { swing, features: marketFeatures(series)!, scores, rows, best };
}

/** Evaluations (in the order asked) until the best so far is within 1 % of the grid's best. */
function evaluationsToReach(market: GradedMarket, seed: number, start: readonly StrategyParams[]): number {
  const search = createSearch(getStrategy('ema_cross')!, RANGES, {}, { method: 'ADAPTIVE', budget: market.rows.length, seed, start });
  if ('errors' in search) throw new Error(search.errors.join('; '));
  const target = market.best - 0.01 * Math.abs(market.best);
  let used = 0;
  while (!search.done) {
    const batch = search.ask(1_000);
    const results = batch.map((params) => ({ params, score: market.scores.get(paramsKey(params)) ?? null }));
    for (const r of results) {
      used++;
      if (r.score !== null && r.score >= target) return used;
    }
    search.tell(results);
  }
  return used;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchLearning(log: (line: string) => void = console.log): Promise<void> {
  for (const amplitude of AMPLITUDES) benchAmplitude(amplitude, log);
}

function benchAmplitude(amplitude: number, log: (line: string) => void): void {
  const markets = SWING_BARS.map((swing) => grade(swing, amplitude));
  const plain: number[] = [], learned: number[] = [];
  for (const heldOut of markets) {
    const training: TrainingMarket[] = markets.filter((m) => m !== heldOut).map((m) => ({ key: `SWING${m.swing}`, features: m.features, rows: m.rows }));
    const model = fitScoreModel(training);
    const space = parameterSpace(getStrategy('ema_cross')!, RANGES, {});
    if ('errors' in space) throw new Error(space.errors.join('; '));
    const start = model.proposeStart(heldOut.features, space, START_SETS);
    const without: number[] = [], withStart: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      without.push(evaluationsToReach(heldOut, seed, []));
      withStart.push(evaluationsToReach(heldOut, seed, start));
    }
    plain.push(median(without));
    learned.push(median(withStart));
    log(`    held-out swing ${String(heldOut.swing).padStart(3)} bars  grid best Sharpe ${heldOut.best.toFixed(2)}  evaluations to within 1 %: plain ${median(without)}, learned start ${median(withStart)} (median of ${SEEDS} seeds)`);
  }
  log(
    `learning  swings ±${(amplitude * 100).toFixed(1)} %, ADAPTIVE on ${markets.length} held-out markets (${markets[0].rows.length} valid sets each, the model trained on the other ${markets.length - 1}): ` +
      `median evaluations to within 1 % of the grid's best Sharpe ${median(plain)} plain, ${median(learned)} from the learned start (${(median(plain) / median(learned)).toFixed(2)}×)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLearning();
