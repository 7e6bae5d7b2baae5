import type { StrategyParams } from '../contract.ts';
import type { ConditionNode, SeriesNode } from './document.ts';
import { numberOf } from './params.ts';

/**
 * The value of a series that is the same on every bar (a constant, or arithmetic on constants; through named
 * series when `named` resolves them), else null. The arithmetic is the array path's: min and max of NaN are NaN.
 */
export function staticNumber(node: SeriesNode, params: StrategyParams, named?: (ref: string) => SeriesNode | undefined): number | null {
  if ('constant' in node) return numberOf(node.constant, params);
  if ('ref' in node) {
    const target = named?.(node.ref);
    return target === undefined ? null : staticNumber(target, params, named);
  }
  if ('abs' in node) {
    const v = staticNumber(node.abs, params, named);
    return v === null ? null : Math.abs(v);
  }
  if ('arithmetic' in node) {
    const a = staticNumber(node.arithmetic.left, params, named), b = staticNumber(node.arithmetic.right, params, named);
    if (a === null || b === null) return null;
    switch (node.arithmetic.op) {
      case 'add': return a + b;
      case 'sub': return a - b;
      case 'mul': return a * b;
      case 'div': return a / b;
      case 'min': return a !== a || b !== b ? NaN : a < b ? a : b;
      default: return a !== a || b !== b ? NaN : a > b ? a : b;
    }
  }
  return null;
}

/**
 * The value of a condition that the parameters alone decide (a flag, a comparison of constants, and
 * all/any/not of such), else null. The compiler folds these: an `any` with a part that is always true is
 * always true and its other parts are not computed (a filter switched off by a parameter costs nothing and
 * adds no warm-up).
 */
export function staticCondition(node: ConditionNode, params: StrategyParams): boolean | null {
  if ('flag' in node) return params[node.flag] === true;
  if ('compare' in node) {
    const a = staticNumber(node.compare.left, params), b = staticNumber(node.compare.right, params);
    if (a === null || b === null) return null;
    switch (node.compare.op) {
      case 'gt': return a > b;
      case 'gte': return a >= b;
      case 'lt': return a < b;
      default: return a <= b;
    }
  }
  if ('not' in node) {
    const v = staticCondition(node.not, params);
    return v === null ? null : !v;
  }
  if ('all' in node || 'any' in node) {
    const all = 'all' in node;
    let unknown = false;
    for (const part of all ? node.all : node.any) {
      const v = staticCondition(part, params);
      if (v === null) unknown = true;
      else if (v !== all) return v;
    }
    return unknown ? null : all;
  }
  return null;
}

/** The parts of an all/any the parameters do not decide (the others are folded away). */
export function dynamicParts(parts: readonly ConditionNode[], params: StrategyParams): ConditionNode[] {
  return parts.filter((p) => staticCondition(p, params) === null);
}
