import type { StrategyParams } from '../contract.ts';

export type HeatmapAggregate = 'MAX' | 'MEAN' | 'MIN';

/** A row as the heatmap and sensitivity read it: its parameters and one value (a metric or a score; null = none). */
export interface ValuedParams {
  readonly params: StrategyParams;
  readonly value: number | null;
}

export interface Heatmap {
  /** Distinct values of paramX / paramY, ascending (false before true). */
  readonly xValues: readonly (number | boolean)[];
  readonly yValues: readonly (number | boolean)[];
  /** cells[y][x]: the aggregate over every row with those two values (the other parameters vary), null when none has a value. */
  readonly cells: readonly (readonly (number | null)[])[];
  /** counts[y][x]: rows with a value in the cell. */
  readonly counts: readonly (readonly number[])[];
}

const ascending = (a: number | boolean, b: number | boolean): number => Number(a) - Number(b);

function distinct(rows: readonly ValuedParams[], name: string): (number | boolean)[] {
  return [...new Set(rows.map((r) => r.params[name]).filter((v) => v !== undefined))].sort(ascending);
}

/** paramX × paramY → MAX, MEAN or MIN of the rows' values over the other parameters (null values ignored). */
export function heatmap(rows: readonly ValuedParams[], paramX: string, paramY: string, aggregate: HeatmapAggregate): Heatmap | { errors: string[] } {
  if (paramX === paramY) return { errors: [`paramX and paramY must differ, both are ${paramX}`] };
  const missing = [paramX, paramY].filter((name) => rows.length > 0 && rows.some((r) => r.params[name] === undefined));
  if (missing.length > 0) return { errors: missing.map((name) => `rows have no parameter "${name}"`) };
  const xValues = distinct(rows, paramX), yValues = distinct(rows, paramY);
  const xAt = new Map(xValues.map((v, i) => [v, i])), yAt = new Map(yValues.map((v, i) => [v, i]));
  const sums = yValues.map(() => new Array<number>(xValues.length).fill(0));
  const counts = yValues.map(() => new Array<number>(xValues.length).fill(0));
  const extremes = yValues.map(() => new Array<number>(xValues.length).fill(aggregate === 'MAX' ? -Infinity : Infinity));
  for (const r of rows) {
    if (r.value === null || !Number.isFinite(r.value)) continue;
    const x = xAt.get(r.params[paramX])!, y = yAt.get(r.params[paramY])!;
    counts[y][x]++;
    sums[y][x] += r.value;
    extremes[y][x] = aggregate === 'MAX' ? Math.max(extremes[y][x], r.value) : Math.min(extremes[y][x], r.value);
  }
  const cells = yValues.map((_, y) => xValues.map((_, x) => (counts[y][x] === 0 ? null : aggregate === 'MEAN' ? sums[y][x] / counts[y][x] : extremes[y][x])));
  return { xValues, yValues, cells, counts };
}

export interface SensitivityPoint {
  readonly value: number | boolean;
  /** Rows with this value and a non-null score. */
  readonly count: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Sample standard deviation (null under 2 rows): the spread the other parameters cause at this value. */
  readonly std: number | null;
}

/** Per-parameter sensitivity: for each value of `param`, the score statistics over all rows with it, ascending by value. */
export function sensitivity(rows: readonly ValuedParams[], param: string): SensitivityPoint[] {
  return distinct(rows, param).map((value) => {
    const scores = rows.filter((r) => r.params[param] === value && r.value !== null && Number.isFinite(r.value)).map((r) => r.value as number);
    const n = scores.length;
    const mean = n > 0 ? scores.reduce((a, b) => a + b, 0) / n : null;
    return {
      value,
      count: n,
      mean,
      min: n > 0 ? Math.min(...scores) : null,
      max: n > 0 ? Math.max(...scores) : null,
      std: n > 1 && mean !== null ? Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : null,
    };
  });
}
