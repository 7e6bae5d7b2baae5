import type { ParamSpec, StrategyParams } from '../contract.ts';
import { getStrategyModule, listStrategies } from './registry.ts';
import { constraintViolations } from './constraints.ts';
import type { StrategyModule } from './types.ts';

/** One parameter value against its spec (type, integer, range); null when valid. */
export function checkParamValue(spec: ParamSpec, value: unknown): string | null {
  if (spec.type === 'bool') return typeof value === 'boolean' ? null : `${spec.name} must be a boolean, got ${JSON.stringify(value)}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.name} must be a finite number, got ${JSON.stringify(value)}`;
  if (spec.type === 'int' && !Number.isInteger(value)) return `${spec.name} must be an integer, got ${value}`;
  if (spec.min !== undefined && value < spec.min) return `${spec.name} must be >= ${spec.min}, got ${value}`;
  if (spec.max !== undefined && value > spec.max) return `${spec.name} must be <= ${spec.max}, got ${value}`;
  return null;
}

/** Fills defaults and checks params against a module's spec; one message per problem. */
export function resolveParamsFor(module: StrategyModule, params: Record<string, unknown>): { params: StrategyParams } | { errors: string[] } {
  const errors: string[] = [];
  const known = new Map(module.spec.params.map((p) => [p.name, p]));
  for (const name of Object.keys(params)) {
    if (!known.has(name)) errors.push(`unknown parameter "${name}" for strategy ${module.spec.name}; known: ${[...known.keys()].join(', ')}`);
  }
  const resolved: Record<string, number | boolean> = {};
  for (const spec of module.spec.params) {
    const value = Object.hasOwn(params, spec.name) && params[spec.name] !== undefined ? params[spec.name] : spec.default;
    const problem = checkParamValue(spec, value);
    if (problem !== null) errors.push(problem);
    else resolved[spec.name] = value as number | boolean;
  }
  // Constraints only make sense once every value is individually valid.
  if (errors.length === 0) errors.push(...constraintViolations(module.constraints, resolved));
  return errors.length > 0 ? { errors } : { params: resolved };
}

export function resolveStrategyParams(name: string, params: Record<string, unknown>): { params: StrategyParams } | { errors: string[] } {
  const module = getStrategyModule(name);
  if (module === undefined) return { errors: [`unknown strategy "${name}"; known: ${listStrategies().map((s) => s.name).join(', ')}`] };
  return resolveParamsFor(module, params);
}
