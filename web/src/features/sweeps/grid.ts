/**
 * The sweep grid as the server expands it (server/engine/optimizer/grid.ts): lists or inclusive
 * min/max/step ranges, Cartesian product over the base values, combinations that break a
 * constraint skipped. Used for the live count before starting; the server's count is final.
 */

export type RangeSpec = { kind: 'fixed' } | { kind: 'range'; min: string; max: string; step: string } | { kind: 'list'; values: string };

export interface ParamLike {
  readonly name: string;
  readonly type: string;
}

/** Values a range gives (as the server computes them: from the index, 12 significant digits), or why it gives none. */
export function rangeValues(spec: RangeSpec, type: string): Array<number | boolean> | string | null {
  if (spec.kind === 'fixed') return null;
  if (spec.kind === 'list') {
    const parts = spec.values.split(',').map((s) => s.trim()).filter(Boolean);
    if (parts.length === 0) return 'list at least one value';
    if (type === 'bool') {
      if (parts.some((p) => p !== 'true' && p !== 'false')) return 'use true and false';
      return [...new Set(parts.map((p) => p === 'true'))];
    }
    const numbers = parts.map(Number);
    if (numbers.some((n) => !Number.isFinite(n))) return 'values must be numbers';
    return [...new Set(numbers)];
  }
  const [min, max, step] = [spec.min, spec.max, spec.step].map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (![min, max, step].every(Number.isFinite)) return 'min, max and step are all needed';
  if (!(step > 0)) return 'step must be above 0';
  if (max < min) return 'max must be at least min';
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  if (count > 10_000) return `${count} values is too many`;
  return Array.from({ length: count }, (_, i) => Number((min + i * step).toPrecision(12)));
}

/** The API's parameterRanges JSON. */
export function toParameterRanges(ranges: Record<string, RangeSpec>, params: readonly ParamLike[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const param of params) {
    const spec = ranges[param.name];
    if (!spec || spec.kind === 'fixed') continue;
    if (spec.kind === 'list') out[param.name] = rangeValues(spec, param.type);
    else out[param.name] = { min: Number(spec.min), max: Number(spec.max), step: Number(spec.step) };
  }
  return out;
}

type Values = Record<string, number | boolean>;
type Check = (p: Values) => boolean;

/** "Set" as the engine's rules read it: true, or a number other than 0. */
const isSet = (value: unknown) => (typeof value === 'boolean' ? value : value !== undefined && value !== 0);

/**
 * Constraints a strategy states as rule texts (server/engine/strategies/constraints.ts) that can
 * be checked here: comparison chains ("fast < slow", "oversold < exitLevel < overbought"),
 * "A and B are not both set" and "A needs … (B or C)". Anything else is left to the server and
 * reported as unchecked.
 */
export function parseConstraint(text: string, names: readonly string[]): Check | null {
  const known = new Set(names);
  const tokens = text.trim().split(/\s*(<=|>=|<|>)\s*/);
  if (tokens.length >= 3 && tokens.length % 2 === 1 && tokens.every((t, i) => (i % 2 === 0 ? known.has(t) : true))) {
    return (p) => {
      for (let i = 1; i < tokens.length; i += 2) {
        const a = Number(p[tokens[i - 1]]);
        const b = Number(p[tokens[i + 1]]);
        const op = tokens[i];
        const ok = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
        if (!ok) return false;
      }
      return true;
    };
  }
  const both = /^(\w+) and (\w+) are not both set$/.exec(text.trim());
  if (both && known.has(both[1]) && known.has(both[2])) {
    return (p) => !(isSet(p[both[1]]) && isSet(p[both[2]]));
  }
  const needs = /^(\w+) needs .*\(([\w ]+)\)$/.exec(text.trim());
  const anyOf = needs?.[2].split(' or ') ?? [];
  if (needs && known.has(needs[1]) && anyOf.every((name) => known.has(name))) {
    return (p) => !isSet(p[needs[1]]) || anyOf.some((name) => isSet(p[name]));
  }
  return null;
}

export interface GridCount {
  /** Every combination of the swept values. */
  readonly total: number;
  /** Of those, breaking a constraint checked here. */
  readonly skipped: number;
  /** Constraints only the server can check. */
  readonly unchecked: readonly string[];
  /** Per parameter: why its range gives no values. */
  readonly problems: Record<string, string>;
  /** The product is too large to enumerate here: skipped is not counted. */
  readonly tooLarge: boolean;
}

const ENUMERATION_LIMIT = 200_000;

export function countGrid(params: readonly ParamLike[], ranges: Record<string, RangeSpec>, base: Values, constraints: readonly string[]): GridCount {
  const names = params.map((p) => p.name);
  const checks: Check[] = [];
  const unchecked: string[] = [];
  for (const text of constraints) {
    const check = parseConstraint(text, names);
    if (check) checks.push(check);
    else unchecked.push(text);
  }
  const problems: Record<string, string> = {};
  const axes: Array<{ name: string; values: Array<number | boolean> }> = [];
  for (const param of params) {
    const values = rangeValues(ranges[param.name] ?? { kind: 'fixed' }, param.type);
    if (typeof values === 'string') problems[param.name] = values;
    else if (values) axes.push({ name: param.name, values });
  }
  const total = axes.reduce((product, axis) => product * axis.values.length, axes.length > 0 ? 1 : 0);
  if (total > ENUMERATION_LIMIT) return { total, skipped: 0, unchecked, problems, tooLarge: true };
  let skipped = 0;
  const index = new Array<number>(axes.length).fill(0);
  for (let n = 0; n < total; n++) {
    const candidate: Values = { ...base };
    axes.forEach((axis, a) => (candidate[axis.name] = axis.values[index[a]]));
    if (!checks.every((check) => check(candidate))) skipped++;
    for (let a = axes.length - 1; a >= 0; a--) {
      if (++index[a] < axes[a].values.length) break;
      index[a] = 0;
    }
  }
  return { total, skipped, unchecked, problems, tooLarge: false };
}

export interface HeatRow {
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, number | null>;
}

/**
 * One cell per (x value, y value): the best of `metric` over the rows sharing them (the other
 * parameters aggregated away), and how many rows that was.
 */
export function heatmapCells(rows: readonly HeatRow[], xParam: string, yParam: string, metric: string, better: 'higher' | 'lower') {
  const key = (v: unknown) => String(v);
  const sortValues = (values: unknown[]) =>
    [...new Set(values.map(key))].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b)));
  const xValues = sortValues(rows.map((r) => r.params[xParam]));
  const yValues = sortValues(rows.map((r) => r.params[yParam]));
  const cells = new Map<string, { v: number | null; count: number }>();
  for (const row of rows) {
    const id = `${key(row.params[xParam])}|${key(row.params[yParam])}`;
    const value = row.metrics[metric] ?? null;
    const cell = cells.get(id) ?? { v: null, count: 0 };
    cell.count++;
    if (value !== null && (cell.v === null || (better === 'higher' ? value > cell.v : value < cell.v))) cell.v = value;
    cells.set(id, cell);
  }
  const out = [];
  for (const x of xValues) for (const y of yValues) {
    const cell = cells.get(`${x}|${y}`);
    if (cell) out.push({ x, y, v: cell.v, count: cell.count });
  }
  return { xValues, yValues, cells: out };
}
