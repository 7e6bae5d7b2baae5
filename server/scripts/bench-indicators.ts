/**
 * Every indicator of the catalogue on the same 1M candles, through computeIndicator (descriptor, defaults,
 * derived sources included), against technicalindicators' equivalent in the same run (its inputs converted to
 * arrays beforehand, outside its timing): target >= 20× faster each. Indicators technicalindicators lacks
 * print their own throughput.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ti from 'technicalindicators';
import { INDICATORS, computeIndicator, sliceSeries, type CandleSeries } from '../engine/index.ts';

type Columns = { values: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] };

/** technicalindicators' call computing the same thing as the catalogue entry with its default parameters. */
const THEIRS: Readonly<Record<string, (c: Columns) => unknown>> = {
  sma: ({ values }) => ti.SMA.calculate({ period: 20, values }),
  ema: ({ values }) => ti.EMA.calculate({ period: 20, values }),
  wma: ({ values }) => ti.WMA.calculate({ period: 20, values }),
  rsi: ({ values }) => ti.RSI.calculate({ period: 14, values }),
  macd: ({ values }) => ti.MACD.calculate({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, values, SimpleMAOscillator: false, SimpleMASignal: false }),
  atr: ({ high, low, close }) => ti.ATR.calculate({ period: 14, high, low, close }),
  bollinger: ({ values }) => ti.BollingerBands.calculate({ period: 20, stdDev: 2, values }),
  stochastic: ({ high, low, close }) => ti.Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 }),
  stochRsi: ({ values }) => ti.StochasticRSI.calculate({ values, rsiPeriod: 14, stochasticPeriod: 14, kPeriod: 3, dPeriod: 3 }),
  adx: ({ high, low, close }) => ti.ADX.calculate({ high, low, close, period: 14 }),
  cci: ({ high, low, close }) => ti.CCI.calculate({ high, low, close, period: 20 }),
  mfi: ({ high, low, close, volume }) => ti.MFI.calculate({ high, low, close, volume, period: 14 }),
  obv: ({ close, volume }) => ti.OBV.calculate({ close, volume }),
  // Its VWAP never resets; ours resets every UTC day by default (the same work per bar).
  vwap: ({ high, low, close, volume }) => ti.VWAP.calculate({ high, low, close, volume }),
  roc: ({ values }) => ti.ROC.calculate({ period: 10, values }),
  williamsR: ({ high, low, close }) => ti.WilliamsR.calculate({ high, low, close, period: 14 }),
  keltner: ({ high, low, close }) => ti.KeltnerChannels.calculate({ high, low, close, maPeriod: 20, atrPeriod: 10, useSMA: false, multiplier: 2 }),
  psar: ({ high, low }) => ti.PSAR.calculate({ high, low, step: 0.02, max: 0.2 }),
  ichimoku: ({ high, low }) => ti.IchimokuCloud.calculate({ high, low, conversionPeriod: 9, basePeriod: 26, spanPeriod: 52, displacement: 26 }),
  highest: ({ high }) => ti.Highest.calculate({ period: 20, values: high }),
  lowest: ({ low }) => ti.Lowest.calculate({ period: 20, values: low }),
  sum: ({ values }) => ti.Sum.calculate({ period: 20, values }),
  stdev: ({ values }) => ti.SD.calculate({ period: 20, values }),
};

const TARGET = 20;
/**
 * Warm-up, the same for both sides, as a long-running server's many calls leave them: many calls on a short
 * slice, so the JIT optimises whole functions (a few long calls leave a kernel's code before and after its
 * loop without type feedback, and it runs through on-stack replacement, slower), then one full-size call.
 */
const WARMUP_SLICE_BARS = 2_000;
const WARMUP_SLICE_CALLS = 100;
const ROUNDS = 5;

function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(1)).join(' ');
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Milliseconds of one call, started on a collected heap so neither side pays for the other's garbage: the
 * smaller of its wall time and the process's CPU time over it. Alone on a core the two agree (or the wall time
 * is smaller, when garbage collection helps on other threads); on a loaded machine the wall time also counts
 * the waits for a core, which the CPU time leaves out.
 */
function timedMs(gc: () => void, fn: () => void): number {
  gc();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return Math.min(wallMs, (cpu.user + cpu.system) / 1e3);
}

/**
 * Both sides the same way: warmed up, then one call each per round for ROUNDS rounds, the order swapped every
 * round, the best of each kept. A busy moment on the shared machine then slows one call of either side, not a
 * side, and the best of several calls is each side's speed when it had the core.
 */
function bestOfInterleaved(gc: () => void, side: { ours: () => void; oursWarmup: () => void; theirs?: () => void; theirsWarmup?: () => void }): { ours: number; theirs: number } {
  const { ours, theirs } = side;
  for (let i = 0; i < WARMUP_SLICE_CALLS; i++) {
    side.oursWarmup();
    side.theirsWarmup?.();
  }
  ours();
  theirs?.();
  let bestOurs = Infinity, bestTheirs = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const theirsFirst = round % 2 === 1;
    if (theirs !== undefined && theirsFirst) bestTheirs = Math.min(bestTheirs, timedMs(gc, theirs));
    bestOurs = Math.min(bestOurs, timedMs(gc, ours));
    if (theirs !== undefined && !theirsFirst) bestTheirs = Math.min(bestTheirs, timedMs(gc, theirs));
  }
  return { ours: bestOurs, theirs: bestTheirs };
}

/** technicalindicators' inputs: plain arrays, converted outside its timing. */
function columnsOf(candles: CandleSeries): Columns {
  return {
    values: Array.from(candles.close),
    open: Array.from(candles.open),
    high: Array.from(candles.high),
    low: Array.from(candles.low),
    close: Array.from(candles.close),
    volume: Array.from(candles.volume),
  };
}

export function benchIndicatorCatalogue(candles: CandleSeries, log: (line: string) => void): void {
  const gc = exposeGc();
  const columns = columnsOf(candles);
  const slice = sliceSeries(candles, { start: 0, end: Math.min(WARMUP_SLICE_BARS, candles.length) });
  const sliceColumns = columnsOf(slice);
  const millions = candles.length / 1e6;
  const allocator = process.env.MALLOC_TRIM_THRESHOLD_ === undefined ? "glibc's default allocator (freed columns go back to the kernel)" : 'the allocator keeping freed memory (column-allocator.sh)';
  log(
    `indicator catalogue, ${INDICATORS.length} indicators with default parameters on ${millions}M candles, ${allocator}, load average ${loadAverage()}: ` +
      `each side warmed up (${WARMUP_SLICE_CALLS} calls on ${WARMUP_SLICE_BARS} bars, 1 full), then best of ${ROUNDS} interleaved calls, each on a collected heap, timed as min(wall, CPU) (target >= ${TARGET}× each)`,
  );
  // BENCH_INDICATORS=ema,psar times only those (while working on a kernel).
  const only = process.env.BENCH_INDICATORS?.split(',');
  let passed = 0, compared = 0;
  for (const d of INDICATORS.filter((i) => only === undefined || only.includes(i.name))) {
    const theirCall = THEIRS[d.name];
    const { ours, theirs } = bestOfInterleaved(gc, {
      ours: () => computeIndicator(candles, d.name),
      oursWarmup: () => computeIndicator(slice, d.name),
      theirs: theirCall && (() => theirCall(columns)),
      theirsWarmup: theirCall && (() => theirCall(sliceColumns)),
    });
    const rate = `${(candles.length / ours / 1e3).toFixed(0)}M bars/s`;
    if (theirCall === undefined) {
      log(`  ${d.name.padEnd(11)} engine ${ours.toFixed(1).padStart(6)} ms = ${rate.padStart(13)}   (technicalindicators has none)`);
      continue;
    }
    const ratio = theirs / ours;
    compared++;
    if (ratio >= TARGET) passed++;
    log(`  ${d.name.padEnd(11)} engine ${ours.toFixed(1).padStart(6)} ms = ${rate.padStart(13)}   technicalindicators ${theirs.toFixed(0).padStart(5)} ms   ${ratio.toFixed(0).padStart(4)}×  ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
  }
  log(`  target >= ${TARGET}× each             ${passed}/${compared} indicators  ${passed === compared ? 'PASS' : 'FAIL'}   (load average ${loadAverage()} at the end)`);
  for (const floor of MEMORY_FLOORS) if (only === undefined || only.includes(floor.indicator)) logMemoryFloor(gc, floor, { candles, columns, slice, sliceColumns }, log);
}

/**
 * For the two whose ratio stays under the target: a loop that reads the columns the indicator reads and
 * writes as many new columns, zeroed on allocation as every column the engine makes is (PSAR writes its value and its direction; technicalindicators' PSAR gives the
 * value only), with no arithmetic worth the name.
 */
const MEMORY_FLOORS: ReadonlyArray<{ indicator: string; io: string; loop: (c: CandleSeries) => unknown }> = [
  {
    indicator: 'vwap',
    io: 'reading high, low, close and volume, writing 1 column',
    loop: ({ high, low, close, volume }) => {
      const out = new Float64Array(high.length);
      for (let i = 0; i < out.length; i++) out[i] = high[i] + low[i] + close[i] + volume[i];
      return out;
    },
  },
  {
    indicator: 'psar',
    io: 'reading high and low, writing 2 columns',
    loop: ({ high, low }) => {
      const value = new Float64Array(high.length), direction = new Float64Array(high.length);
      for (let i = 0; i < value.length; i++) {
        value[i] = high[i] - low[i];
        direction[i] = 1;
      }
      return [value, direction];
    },
  },
];

/**
 * The most an indicator's ratio could be on this machine: its floor loop (MEMORY_FLOORS) against
 * technicalindicators' call, timed as both sides are. On 1M candles the columns outgrow the caches, so the
 * loop is bound by memory traffic, and no kernel that reads and writes as much takes less.
 */
function logMemoryFloor(
  gc: () => void,
  floor: (typeof MEMORY_FLOORS)[number],
  data: { candles: CandleSeries; columns: Columns; slice: CandleSeries; sliceColumns: Columns },
  log: (line: string) => void,
): void {
  const theirCall = THEIRS[floor.indicator];
  const { ours, theirs } = bestOfInterleaved(gc, {
    ours: () => floor.loop(data.candles),
    oursWarmup: () => floor.loop(data.slice),
    theirs: () => theirCall(data.columns),
    theirsWarmup: () => theirCall(data.sliceColumns),
  });
  log(`  ${`${floor.indicator}'s floor`.padEnd(16)} a loop ${floor.io}: ${ours.toFixed(1)} ms = ${(theirs / ours).toFixed(0)}× technicalindicators' ${theirs.toFixed(0)} ms; its kernel reads and writes as much`);
}
