import type { ParamSpec } from '../contract.ts';
import type { CandleField } from '../indicators/descriptor.ts';
import type { ArithmeticOp, CompareOp, ConditionNode, NumberValue, ParamDecl, SeriesNode } from './document.ts';

/** Small constructors for writing documents in TypeScript (the built-ins, tests). */
export const lit = (value: number): NumberValue => ({ value });
export const par = (name: string): NumberValue => ({ param: name });
const numberValue = (x: number | string): NumberValue => (typeof x === 'number' ? lit(x) : par(x));

export const candle = (field: CandleField): SeriesNode => ({ candle: field });
export const constant = (x: number | string): SeriesNode => ({ constant: numberValue(x) });
export const ref = (name: string): SeriesNode => ({ ref: name });
export const indicator = (name: string, params: Record<string, number | string> = {}, options: { source?: SeriesNode; output?: string } = {}): SeriesNode => ({
  indicator: { name, params: Object.entries(params).map(([key, value]) => ({ name: key, value: numberValue(value) })), ...options },
});
export const arith = (op: ArithmeticOp, left: SeriesNode, right: SeriesNode): SeriesNode => ({ arithmetic: { op, left, right } });
export const abs = (of: SeriesNode): SeriesNode => ({ abs: of });
export const offset = (of: SeriesNode, bars: number | string = 1): SeriesNode => ({ offset: { of, bars: numberValue(bars) } });
export const onTimeframe = (minutes: number | string, of: SeriesNode): SeriesNode => ({ higherTimeframe: { minutes: numberValue(minutes), of } });
export const choose = (condition: ConditionNode, then: SeriesNode, otherwise: SeriesNode): SeriesNode => ({ choose: { if: condition, then, else: otherwise } });

export const cmp = (op: CompareOp, left: SeriesNode, right: SeriesNode): ConditionNode => ({ compare: { op, left, right } });
export const crossesAbove = (left: SeriesNode, right: SeriesNode, scale?: SeriesNode): ConditionNode => ({ crossesAbove: scale === undefined ? { left, right } : { left, right, scale } });
export const crossesBelow = (left: SeriesNode, right: SeriesNode, scale?: SeriesNode): ConditionNode => ({ crossesBelow: scale === undefined ? { left, right } : { left, right, scale } });
export const all = (...parts: ConditionNode[]): ConditionNode => ({ all: parts });
export const any = (...parts: ConditionNode[]): ConditionNode => ({ any: parts });
export const not = (part: ConditionNode): ConditionNode => ({ not: part });
export const flag = (name: string): ConditionNode => ({ flag: name });

/** A strategy's ParamSpec as a document's parameter declaration (a bool's default as 0/1). */
export function declOf(spec: ParamSpec): ParamDecl {
  const { name, label, unit, type, min, max, step, description } = spec;
  const decl: ParamDecl = { name, label, type, default: typeof spec.default === 'boolean' ? Number(spec.default) : spec.default, description };
  return { ...decl, ...(unit === undefined ? {} : { unit }), ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), ...(step === undefined ? {} : { step }) };
}
