import type { StrategyParams } from '../contract.ts';

/**
 * A cross-parameter rule, declared once per strategy: the text users read (StrategySpec.constraints, the
 * API's strategy list) and the check run on every parameter set (resolveParamsFor, grid expansion) are
 * both built from the same declaration, so they cannot drift apart.
 */
export interface ParamConstraint {
  /** The rule as users read it, e.g. "fast < slow". */
  readonly rule: string;
  /** What breaks the rule in `params` (already individually valid), or null when they keep it. */
  violation(params: StrategyParams): string | null;
}

/** A parameter counts as set when it is true or a non-zero number (0 means "off" throughout the specs). */
function isSet(value: number | boolean | undefined): boolean {
  return typeof value === 'boolean' ? value : value !== undefined && value !== 0;
}

/** names[0] < names[1] < …, each strictly below the next. */
export function increasing(...names: readonly string[]): ParamConstraint {
  const rule = names.join(' < ');
  return {
    rule,
    violation(p) {
      for (let i = 1; i < names.length; i++) {
        if (!(Number(p[names[i - 1]]) < Number(p[names[i]]))) {
          return `${names[0]} must be < ${names.slice(1).join(' < ')} (got ${names.map((n) => `${n} ${p[n]}`).join(', ')})`;
        }
      }
      return null;
    },
  };
}

/** At most one of a and b is set; `advice` tells the user how to choose. */
export function notBoth(a: string, b: string, advice: string): ParamConstraint {
  return {
    rule: `${a} and ${b} are not both set`,
    violation: (p) => (isSet(p[a]) && isSet(p[b]) ? `${a} and ${b} cannot both be set: ${advice}` : null),
  };
}

/** When `name` is set, at least one of `anyOf` is too; `what` names what they provide (e.g. "a stop"). */
export function needs(name: string, what: string, anyOf: readonly string[]): ParamConstraint {
  return {
    rule: `${name} needs ${what} (${anyOf.join(' or ')})`,
    violation: (p) => (isSet(p[name]) && !anyOf.some((other) => isSet(p[other])) ? `${name} needs ${what}: set ${anyOf.join(' or ')}` : null),
  };
}

/** Every broken rule's message, in declaration order. */
export function constraintViolations(constraints: readonly ParamConstraint[], params: StrategyParams): string[] {
  const out: string[] = [];
  for (const c of constraints) {
    const v = c.violation(params);
    if (v !== null) out.push(v);
  }
  return out;
}
