/**
 * Strategy documents against the built-ins they describe, measured in the same run: a compiled document
 * must run within 1.5× its built-in for a year of 5m, and sweep the 1,064-combination grid at no less than
 * 1/1.5 of the built-in's rate; the builder's preview of a year of 1h must take at most 300 ms.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BUILTIN_DOCUMENTS,
  DEFAULT_BACKTEST_CONFIG,
  IndicatorCache,
  RSI_TREND_EXAMPLE,
  compileDocument,
  createBacktest,
  evaluateMetrics,
  generateCandles,
  isStrategyRegistered,
  previewRun,
  registerCompiledStrategy,
  type BacktestConfig,
  type StrategyParams,
} from '../engine/index.ts';
import { issueGrid } from './bench-engine.ts';
import { tuneV8ForTheEngine } from '../v8-tuning.ts';

const YEAR_OF_5M = 105_120;
const TARGET = 1.5;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function documentName(builtin: string): string {
  const name = `document:${builtin}`;
  if (!isStrategyRegistered(name)) registerCompiledStrategy(compileDocument(BUILTIN_DOCUMENTS.get(builtin)!, name));
  return name;
}

function config(strategy: string, params: StrategyParams, symbol: string): BacktestConfig {
  return { ...DEFAULT_BACKTEST_CONFIG, oppositeSignal: 'CLOSE', initialCapital: 10_000, legs: [{ strategy, params, symbols: [symbol] }] };
}

/** Best times of a and b over `reps` interleaved rounds (the machine is shared: interleaving keeps the ratio fair). */
function interleaved(reps: number, a: () => void, b: () => void): [number, number] {
  let ta = Infinity, tb = Infinity;
  for (let r = 0; r < reps; r++) {
    let t = now();
    a();
    ta = Math.min(ta, now() - t);
    t = now();
    b();
    tb = Math.min(tb, now() - t);
  }
  return [ta, tb];
}

export function benchLanguage(log: (line: string) => void = console.log): void {
  log(`strategy language bench (single thread; ${cpus().length} CPUs, load average ${load()})`);
  const candles = generateCandles({ bars: YEAR_OF_5M, seed: 7, symbol: 'YEAR' });
  const data = new Map([[candles.symbol, candles]]);
  for (const builtin of ['confluence', 'ema_cross', 'rsi_reversion']) {
    const doc = documentName(builtin);
    const once = (strategy: string) => () => {
      const run = createBacktest(data, config(strategy, {}, candles.symbol), { cache: new IndicatorCache() });
      run.step(Infinity);
      run.result();
    };
    for (let i = 0; i < 3; i++) {
      once(builtin)();
      once(doc)();
    }
    const [tb, td] = interleaved(40, once(builtin), once(doc));
    log(`single run  ${builtin.padEnd(14)} a year of 5m, compile + indicators + simulation + result: built-in ${tb.toFixed(1)} ms, document ${td.toFixed(1)} ms = ${(td / tb).toFixed(2)}×  target <= ${TARGET}× ${verdict(td / tb <= TARGET)}`);
  }

  const grid = issueGrid();
  const doc = documentName('ema_cross');
  const sweep = (strategy: string, cache: IndicatorCache) => () => {
    for (const params of grid) evaluateMetrics(data, config(strategy, params, candles.symbol), { cache });
  };
  const builtinCache = new IndicatorCache(), documentCache = new IndicatorCache();
  sweep('ema_cross', builtinCache)();
  sweep(doc, documentCache)();
  const [sb, sd] = interleaved(3, sweep('ema_cross', builtinCache), sweep(doc, documentCache));
  const rate = (t: number) => (grid.length / (t / 1000)).toFixed(0);
  log(`sweep rate  ema_cross ${grid.length}-combination grid on a year of 5m, lean path, indicators cached: built-in ${rate(sb)}/s, document ${rate(sd)}/s = ${(sd / sb).toFixed(2)}× the time  target <= ${TARGET}× ${verdict(sd / sb <= TARGET)}`);

  const hourly = generateCandles({ bars: 8_760, seed: 3, symbol: 'HOURS', intervalMs: 3_600_000 });
  for (const [label, document] of [['ema_cross', BUILTIN_DOCUMENTS.get('ema_cross')!], ['RSI example', RSI_TREND_EXAMPLE]] as const) {
    let best = Infinity;
    for (let r = 0; r < 10; r++) {
      const t = now();
      const module = compileDocument(document, 'preview');
      previewRun(module, hourly, Object.fromEntries(module.spec.params.map((p) => [p.name, p.default])), hourly.openTime[0]);
      best = Math.min(best, now() - t);
    }
    log(`preview     ${label.padEnd(14)} compile + every decision + the simulated trades on a year of 1h (8,760 bars): ${best.toFixed(1)} ms  target <= 300 ms ${verdict(best <= 300)}`);
  }
  log(`load average at the end: ${load()}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  tuneV8ForTheEngine();
  benchLanguage();
}
