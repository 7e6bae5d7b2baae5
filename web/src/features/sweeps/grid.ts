/**
 * The ranges a sweep form holds, read as the server reads them (server/engine/optimizer/grid.ts): lists
 * or inclusive min/max/step ranges. How many combinations they make after the strategy's constraints is
 * the server's to say (the sweepPlan query): the form keeps no copy of the constraints.
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

/** Per swept parameter: why its range gives no values (the form's own reading of the numbers typed). */
export function rangeProblems(params: readonly ParamLike[], ranges: Record<string, RangeSpec>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const param of params) {
    const values = rangeValues(ranges[param.name] ?? { kind: 'fixed' }, param.type);
    if (typeof values === 'string') problems[param.name] = values;
  }
  return problems;
}
