/**
 * The simulation loop against the engine of earlier commits, in the same bench run and on the same
 * candles (the rule: sharing the bar steps may cost at most 5 % of the loop). An earlier engine comes
 * from git (`git archive <rev> server/engine`) into .tmp/, inside the project so it loads as the same
 * kind of ES modules; the engine imports nothing else, so it runs as it was.
 * Each engine is timed in processes of its own, alternately: two engines in one process share the
 * JIT's and the collector's moods, which moved the comparison by ±20 % between identical runs.
 * Both engines run with the app's V8 settings (v8-tuning.ts), the target's comparison, and again with
 * V8's defaults, for reference. BENCH_BASELINE_REV picks one commit; by default both baselines: the last
 * engine before the bar steps were shared, and the engine when the shared definitions were planned.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE_V8_FLAGS, tuneV8ForTheEngine } from '../v8-tuning.ts';

const DEFAULT_BASELINE_REVS = ['551f98b', '6536fb2'];
const ROOT = path.resolve(import.meta.dirname, '../..');
const CURRENT_ENGINE = path.join(ROOT, 'server', 'engine', 'index.ts');
const TARGET_SLOWDOWN = 0.05;
const PROCESSES_EACH = 5;

function baselineEngine(rev: string): string {
  const dir = path.join(ROOT, '.tmp', 'bench-baseline', rev);
  const index = path.join(dir, 'server', 'engine', 'index.ts');
  if (!existsSync(index)) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', rev, 'server/engine'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  return index;
}

/** One process's best bar loop (ms) and trade count for the engine at `index`. */
function timeInProcess(index: string, tuned: boolean): { ms: number; trades: number } {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--loop-of', index, ...(tuned ? ['--tuned'] : [])];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; trades: number };
}

export async function benchLoopAgainstBaseline(log: (line: string) => void): Promise<void> {
  const revs = process.env.BENCH_BASELINE_REV === undefined ? DEFAULT_BASELINE_REVS : [process.env.BENCH_BASELINE_REV];
  for (const rev of revs) {
    let baseline: string;
    try {
      baseline = baselineEngine(rev);
    } catch (error) {
      log(`  loop vs the engine at ${rev}: skipped (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    compareLoops(rev, baseline, true, log);
    compareLoops(rev, baseline, false, log);
  }
}

function compareLoops(rev: string, baseline: string, tuned: boolean, log: (line: string) => void): void {
  const settings = tuned ? `the app's V8 settings (${ENGINE_V8_FLAGS.join(' ')})` : "V8's defaults, for reference";
  const ours: Array<{ ms: number; trades: number }> = [];
  const theirs: Array<{ ms: number; trades: number }> = [];
  for (let i = 0; i < PROCESSES_EACH; i++) {
    ours.push(timeInProcess(CURRENT_ENGINE, tuned));
    theirs.push(timeInProcess(baseline, tuned));
  }
  const trades = new Set([...ours, ...theirs].map((t) => t.trades));
  if (trades.size !== 1) {
    log(`  loop vs the engine at ${rev}, ${settings}: not comparable (trades ${[...trades].join(' / ')})`);
    return;
  }
  const best = (times: Array<{ ms: number }>) => Math.min(...times.map((t) => t.ms));
  const change = best(ours) / best(theirs) - 1;
  const verdict = tuned ? `  target within +${TARGET_SLOWDOWN * 100} %: ${change <= TARGET_SLOWDOWN ? 'PASS' : 'FAIL'}` : '';
  log(
    `  loop vs the engine at ${rev}, ${settings}, same ${[...trades][0]} trades, best of ${PROCESSES_EACH} processes each (alternating, 12 loops a process): ` +
      `${best(ours).toFixed(1)} ms against ${best(theirs).toFixed(1)} ms = ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %${verdict}`,
  );
}

/**
 * The child: the loop of the bench's simulation figure (ema_cross, 2 % stop, 2R, 1M bars, indicators precomputed).
 * Opposite signals only close, as they did by default in the baseline engine (which ignores the setting), so
 * both engines make the same trades.
 */
async function loopOf(index: string): Promise<void> {
  const engine = (await import(pathToFileURL(index).href)) as typeof import('../engine/index.ts');
  const candles = engine.generateCandles({ bars: 1_000_000, seed: 1, symbol: 'BENCH' });
  const data = new Map([[candles.symbol, candles]]);
  const config = {
    ...engine.DEFAULT_BACKTEST_CONFIG,
    oppositeSignal: 'CLOSE' as const,
    initialCapital: 10_000,
    legs: [{ strategy: 'ema_cross', params: { fast: 12, slow: 26, stopLossPct: 2, riskReward: 2 }, symbols: [candles.symbol] }],
  };
  const cache = new engine.IndicatorCache();
  for (let w = 0; w < 3; w++) engine.createBacktest(data, config, { cache }).step(Infinity);
  let ms = Infinity;
  let trades = 0;
  for (let r = 0; r < 12; r++) {
    const run = engine.createBacktest(data, config, { cache });
    const start = performance.now();
    run.step(Infinity);
    ms = Math.min(ms, performance.now() - start);
    trades = run.result().trades.length;
  }
  console.log(JSON.stringify({ ms, trades }));
}

const at = process.argv.indexOf('--loop-of');
if (at > 0) {
  if (process.argv.includes('--tuned')) tuneV8ForTheEngine();
  await loopOf(process.argv[at + 1]);
}
