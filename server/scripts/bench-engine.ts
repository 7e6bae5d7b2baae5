/**
 * Engine performance figures, each against its target from the engine issue:
 *   - hot indicators vs technicalindicators on the same 1M candles (target >= 30×);
 *   - simulation loop, ema_cross with stops, indicators precomputed (target >= 50M bars/s);
 *   - one year of 5m candles (105,120 bars), confluence, indicators included (target <= 30 ms);
 *   - memory for 1M candles relative to the input columns.
 * Run directly (`npx tsx server/scripts/bench-engine.ts`) or through benchEngine() from `npm run bench`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ti from 'technicalindicators';
import type { BacktestConfig, CandleSeries } from '../engine/index.ts';
import {
  DEFAULT_BACKTEST_CONFIG,
  IndicatorCache,
  atr,
  bollinger,
  candleSeries,
  createBacktest,
  ema,
  generateCandles,
  macd,
  rsi,
  sma,
} from '../engine/index.ts';

const MILLION = 1_000_000;
const YEAR_OF_5M = 105_120;

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    min = Math.min(min, ms(start));
  }
  return min;
}

function config(strategy: string, params: Record<string, number | boolean>, symbol: string): BacktestConfig {
  return { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000, legs: [{ strategy, params, symbols: [symbol] }] };
}

function ourHotSet(s: CandleSeries): void {
  sma(s.close, 20);
  ema(s.close, 12);
  ema(s.close, 26);
  rsi(s.close, 14);
  macd(s.close, 12, 26, 9);
  atr(s.high, s.low, s.close, 14);
  bollinger(s.close, 20, 2);
}

function theirHotSet(s: CandleSeries): void {
  const values = Array.from(s.close), high = Array.from(s.high), low = Array.from(s.low);
  ti.SMA.calculate({ period: 20, values });
  ti.EMA.calculate({ period: 12, values });
  ti.EMA.calculate({ period: 26, values });
  ti.RSI.calculate({ period: 14, values });
  ti.MACD.calculate({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, values, SimpleMAOscillator: false, SimpleMASignal: false });
  ti.ATR.calculate({ period: 14, high, low, close: values });
  ti.BollingerBands.calculate({ period: 20, stdDev: 2, values });
}

function benchIndicators(candles: CandleSeries, log: (line: string) => void): void {
  ourHotSet(candles); // JIT warm-up
  const ours = best(5, () => ourHotSet(candles));
  const theirs = best(1, () => theirHotSet(candles));
  const ratio = theirs / ours;
  log(`indicators  SMA+EMA×2+RSI+MACD+ATR+BB on 1M candles: engine ${ours.toFixed(1)} ms, technicalindicators ${theirs.toFixed(0)} ms → ${ratio.toFixed(1)}× faster (target >= 30×) ${ratio >= 30 ? 'OK' : 'MISSED'}`);
}

function benchSimulation(candles: CandleSeries, log: (line: string) => void): void {
  const data = new Map([[candles.symbol, candles]]);
  const cfg = config('ema_cross', { fast: 12, slow: 26, stopLossPct: 2, riskReward: 2 }, candles.symbol);
  const cache = new IndicatorCache();
  createBacktest(data, cfg, { cache }).step(Infinity); // computes and caches the indicators, warms the JIT
  let trades = 0, loop = Infinity, total = Infinity;
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    const run = createBacktest(data, cfg, { cache });
    const stepStart = process.hrtime.bigint();
    run.step(Infinity);
    loop = Math.min(loop, ms(stepStart));
    trades = run.result().trades.length;
    total = Math.min(total, ms(start));
  }
  const rate = candles.length / (loop / 1000);
  log(
    `simulation  ema_cross with 2 % stop and 2R target, indicators precomputed, 1M bars, ${trades} trades: ` +
      `bar loop ${loop.toFixed(1)} ms = ${(rate / 1e6).toFixed(1)}M bars/s (target >= 50M bars/s) ${rate >= 50e6 ? 'OK' : 'MISSED'}; ` +
      `with set-up (timeline, curve buffers) and result/metrics ${total.toFixed(1)} ms = ${(candles.length / total / 1e3).toFixed(1)}M bars/s`,
  );
}

function benchConfluenceYear(log: (line: string) => void): void {
  const candles = generateCandles({ bars: YEAR_OF_5M, seed: 7, symbol: 'YEAR' });
  const data = new Map([[candles.symbol, candles]]);
  const cfg = config('confluence', {}, candles.symbol);
  const runOnce = (): number => {
    const run = createBacktest(data, cfg, { cache: new IndicatorCache() });
    run.step(Infinity);
    return run.result().trades.length;
  };
  for (let i = 0; i < 3; i++) runOnce();
  let trades = 0;
  const time = best(10, () => {
    trades = runOnce();
  });
  log(`confluence  one year of 5m (105,120 bars), indicators + simulation + metrics: ${time.toFixed(1)} ms, ${trades} trades (target <= 30 ms) ${time <= 30 ? 'OK' : 'MISSED'}`);
}

function benchMemory(log: (line: string) => void): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc();
  const before = used();
  const candles = generateCandles({ bars: MILLION, seed: 3, symbol: 'MEM' });
  const input = 6 * 8 * candles.length;
  const afterInput = used();
  const run = createBacktest(new Map([[candles.symbol, candles]]), config('confluence', {}, candles.symbol));
  run.step(Infinity);
  const result = run.result();
  gc();
  const afterRun = used();
  const engine = afterRun - afterInput;
  log(
    `memory      1M candles: input columns ${(input / 2 ** 20).toFixed(0)} MiB (measured ${((afterInput - before) / 2 ** 20).toFixed(0)} MiB), ` +
      `confluence run (indicators + equity curve + ${result.trades.length} trades) adds ${(engine / 2 ** 20).toFixed(0)} MiB = ${(engine / input).toFixed(1)}× the input ` +
      `(${candles.length} candles still referenced)`,
  );
}

/** Extra line on real candles when the shared market data is around; never required. */
function benchRealData(log: (line: string) => void): void {
  const file = resolve(fileURLToPath(import.meta.url), '../../../../shared/data/market/ETH_BTC-5m.json');
  if (!existsSync(file)) return;
  const rows = JSON.parse(readFileSync(file, 'utf8')) as number[][];
  const column = (k: number) => Float64Array.from(rows, (r) => r[k]);
  const candles = candleSeries('ETH_BTC', 300_000, { openTime: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) });
  const run = createBacktest(new Map([[candles.symbol, candles]]), config('confluence', {}, candles.symbol));
  const start = process.hrtime.bigint();
  run.step(Infinity);
  const result = run.result();
  log(`real data   ETH_BTC 5m, ${candles.length} bars, confluence: ${ms(start).toFixed(1)} ms, ${result.trades.length} trades, ROI ${result.metrics.roi.toFixed(2)} %`);
}

export async function benchEngine(log: (line: string) => void = console.log): Promise<void> {
  log('engine bench (single thread)');
  const candles = generateCandles({ bars: MILLION, seed: 1, symbol: 'BENCH' });
  benchSimulation(candles, log);
  benchConfluenceYear(log);
  benchIndicators(candles, log);
  benchMemory(log);
  try {
    benchRealData(log);
  } catch (error) {
    log(`real data   skipped: ${(error as Error).message}`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchEngine();
}
