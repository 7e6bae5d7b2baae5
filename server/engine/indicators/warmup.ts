/** Index of the first finite value (src.length when there is none). Kernels start there. */
export function firstFinite(src: ArrayLike<number>): number {
  let i = 0;
  while (i < src.length && !Number.isFinite(src[i])) i++;
  return i;
}

/** Leading NaN count of one indicator output: the bars before it is defined. */
export function leadingNaN(values: ArrayLike<number>): number {
  return firstFinite(values);
}

/** A strategy's warm-up: the largest leading-NaN count over the indicator outputs it reads. */
export function warmupOf(...outputs: ArrayLike<number>[]): number {
  let w = 0;
  for (const o of outputs) w = Math.max(w, leadingNaN(o));
  return w;
}

export function output(length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length !== length) throw new Error(`output buffer has ${out.length} slots, need ${length}`);
  return out;
}

export function checkPeriod(name: string, period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new Error(`${name} period must be an integer >= 1, got ${period}`);
}

/** A windowed kernel's output, NaN up to `first`, the bar its first full window of defined values ends on. */
export interface WindowedOutput {
  readonly res: Float64Array;
  /** First defined value of the source. */
  readonly start: number;
  /** start + period − 1; >= res.length when no window fills. */
  readonly first: number;
}

export function windowedOutput(name: string, src: Float64Array, period: number, out?: Float64Array): WindowedOutput {
  checkPeriod(name, period);
  const res = output(src.length, out);
  const start = firstFinite(src);
  const first = start + period - 1;
  res.fill(NaN, 0, Math.min(first, src.length));
  return { res, start, first };
}
