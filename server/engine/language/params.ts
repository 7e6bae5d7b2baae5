import type { ParamSpec, StrategyParams } from '../contract.ts';
import { labelOf } from '../indicators/descriptor.ts';
import { increasing, needs, notBoth, type ParamConstraint } from '../strategies/constraints.ts';
import type { ConstraintDecl, NumberValue, ParamDecl, StrategyDocument } from './document.ts';

/** A declared parameter as the engine's ParamSpec (a bool's 0/1 default becomes false/true). */
export function paramSpecOf(decl: ParamDecl): ParamSpec {
  const base = { name: decl.name, label: decl.label ?? labelOf(decl.name), description: decl.description ?? decl.label ?? labelOf(decl.name) };
  const unit = decl.unit === undefined ? {} : { unit: decl.unit };
  if (decl.type === 'bool') return { ...base, ...unit, type: 'bool', default: decl.default !== 0 };
  return { ...base, ...unit, type: decl.type, default: decl.default, min: decl.min, max: decl.max, step: decl.step ?? (decl.type === 'int' ? 1 : undefined) };
}

export function paramSpecsOf(document: StrategyDocument): ParamSpec[] {
  return (document.params ?? []).map(paramSpecOf);
}

export function constraintOf(decl: ConstraintDecl): ParamConstraint {
  if ('increasing' in decl) return increasing(...decl.increasing);
  if ('notBoth' in decl) return notBoth(decl.notBoth[0], decl.notBoth[1], `set only one of ${decl.notBoth.join(', ')}`);
  const [name, ...anyOf] = decl.needsAny;
  return needs(name, anyOf.length === 1 ? anyOf[0] : `one of ${anyOf.join(', ')}`, anyOf);
}

/** A NumberValue with the run's parameters: a bool parameter reads as 1 or 0. */
export function numberOf(value: NumberValue, params: StrategyParams): number {
  if ('value' in value) return value.value;
  const v = params[value.param];
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') throw new Error(`parameter ${value.param} has no value`);
  return v;
}
