import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the processes that run the engine: `npm start`, `npm run worker` and the benchmarks,
 * which apply them before any engine code runs. V8's flags are process-wide, so the evaluation threads
 * (threads/) get them too.
 *
 * The cumulative inlining budget is how much bytecode TurboFan inlines into one optimised function. Its
 * default (920 bytes) is sized for the short functions of web pages. A single-leg run's bar loop
 * (engine/simulator/single-leg.ts) reaches the entry, sizing, exit and trade-log steps through a chain
 * of small functions, and the execution features (futures, resting orders, partial targets, per-signal
 * trailing stops) grew that chain past the default: the steps left over are called out of line, with
 * every number they return boxed on the heap. With a larger budget the loop compiles as one unit again.
 * The bench (`bench-loop-baseline.ts`) times the loop both ways.
 */
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=3000'];

export function tuneV8ForTheEngine(): void {
  for (const flag of ENGINE_V8_FLAGS) setFlagsFromString(flag);
}
