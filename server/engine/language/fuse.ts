import type { ConditionNode, SeriesNode } from './document.ts';

/**
 * Element-wise parts of a document fused into one loop each. A tree of arithmetic, comparisons, choose,
 * all/any/not, between and offsets of a leaf becomes the body of a single `for` over the bars, reading the
 * leaves' arrays (candles, indicators, named series used more than once, and the stateful nodes: crossings,
 * rising/falling, n of m, higher timeframes). So a condition costs one pass and one array, not one array per
 * node.
 *
 * Only the compiler's own tokens reach the loop's source: operators from fixed tables, leaf and constant
 * indices it numbers itself. Every number of the document is passed in an array (`k`), never written into
 * the source, so the source depends on the document's shape alone and one compiled loop serves every
 * parameter set of a sweep.
 */

/** What the fuser asks of the evaluator: leaves computed as arrays (with their warm-up tracked there). */
export interface FuseHost {
  number(node: SeriesNode): number | null;
  leafSeries(node: SeriesNode): { key: string; values: Float64Array };
  leafCondition(node: ConditionNode): { key: string; bits: Uint8Array };
  /** A named series the fuser reads as an array of its own (used more than once), or null to inline it. */
  sharedNamed(ref: string): { key: string; values: Float64Array } | null;
  named(ref: string): SeriesNode;
  staticCondition(node: ConditionNode): boolean | null;
  dynamicParts(parts: readonly ConditionNode[]): readonly ConditionNode[];
  offsetBars(node: Extract<SeriesNode, { offset: unknown }>): number;
}

interface Expression {
  readonly code: string;
  readonly key: string;
  /** Set when the expression is a plain read of a leaf array at bar i. */
  readonly leaf?: number;
  /** Set when the condition is a leaf condition read as it is (nothing to compute). */
  readonly bits?: { key: string; bits: Uint8Array };
}

const ARITHMETIC: Readonly<Record<string, (a: string, b: string) => string>> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  min: (a, b) => `mn(${a}, ${b})`,
  max: (a, b) => `mx(${a}, ${b})`,
};
const COMPARE: Readonly<Record<string, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

// NaN propagates as in the array path: a not-yet-defined operand leaves the result undefined.
const mn = (x: number, y: number): number => (x !== x || y !== y ? NaN : x < y ? x : y);
const mx = (x: number, y: number): number => (x !== x || y !== y ? NaN : x > y ? x : y);
const bt = (x: number, lo: number, hi: number): boolean => lo <= x && x <= hi;

type Pair = (x: number, y: number) => number;
type Loop = (a: readonly ArrayLike<number>[], k: readonly number[], min: Pair, max: Pair, between: typeof bt, out: Float64Array | Uint8Array, n: number) => void;

type AtBar = (a: readonly ArrayLike<number>[], k: readonly number[], min: Pair, max: Pair, between: typeof bt, i: number) => number;

/** Compiled functions by source: the same document shape compiles once per process. */
const COMPILED = new Map<string, Loop | AtBar>();

function compiled<T extends Loop | AtBar>(parameters: readonly string[], body: string, leaves: number): T {
  const source = `${Array.from({ length: leaves }, (_, j) => `const a${j} = a[${j}];`).join(' ')}\n${body}`;
  const key = `${parameters.join(',')}:${source}`;
  let fn = COMPILED.get(key);
  if (fn === undefined) {
    fn = new Function(...parameters, source) as Loop | AtBar;
    COMPILED.set(key, fn);
  }
  return fn as T;
}

const loopOf = (body: string, leaves: number): Loop => compiled<Loop>(['a', 'k', 'mn', 'mx', 'bt', 'out', 'n'], `for (let i = 0; i < n; i++) out[i] = ${body};`, leaves);

/** One fused expression under construction: the leaves and constants it reads. */
class Emission {
  readonly arrays: ArrayLike<number>[] = [];
  readonly constants: number[] = [];

  constructor(private readonly host: FuseHost) {}

  private array(values: ArrayLike<number>): number {
    const found = this.arrays.indexOf(values);
    if (found >= 0) return found;
    this.arrays.push(values);
    return this.arrays.length - 1;
  }

  private constant(value: number): Expression {
    this.constants.push(value);
    return { code: `k[${this.constants.length - 1}]`, key: `const(${value})` };
  }

  private leaf(leaf: { key: string; values: ArrayLike<number> }): Expression {
    const j = this.array(leaf.values);
    return { code: `a${j}[i]`, key: leaf.key, leaf: j };
  }

  series(node: SeriesNode): Expression {
    const fixed = this.host.number(node);
    if (fixed !== null) return this.constant(fixed);
    if ('ref' in node) {
      const shared = this.host.sharedNamed(node.ref);
      return shared === null ? this.series(this.host.named(node.ref)) : this.leaf(shared);
    }
    if ('abs' in node) {
      const of = this.series(node.abs);
      return { code: `Math.abs(${of.code})`, key: `abs(${of.key})` };
    }
    if ('arithmetic' in node) {
      const { op, left, right } = node.arithmetic;
      const a = this.series(left), b = this.series(right);
      const emit = ARITHMETIC[op];
      if (emit === undefined) throw new Error(`unknown arithmetic ${op}`);
      return { code: emit(a.code, b.code), key: `${op}(${a.key},${b.key})` };
    }
    if ('offset' in node) {
      const bars = this.host.offsetBars(node);
      const of = this.series(node.offset.of);
      if (bars === 0) return of;
      const j = of.leaf ?? this.array(this.host.leafSeries(node.offset.of).values);
      const back = this.constant(bars).code;
      return { code: `(i >= ${back} ? a${j}[i - ${back}] : NaN)`, key: `offset(${of.key},${bars})` };
    }
    if ('choose' in node) {
      const { if: condition, then, else: otherwise } = node.choose;
      const fixed = this.host.staticCondition(condition);
      if (fixed !== null) return this.series(fixed ? then : otherwise);
      const c = this.condition(condition), t = this.series(then), e = this.series(otherwise);
      return { code: `(${c.code} ? ${t.code} : ${e.code})`, key: `choose(${c.key},${t.key},${e.key})` };
    }
    return this.leaf(this.host.leafSeries(node));
  }

  condition(node: ConditionNode): Expression {
    const fixed = this.host.staticCondition(node);
    if (fixed !== null) return { code: fixed ? 'true' : 'false', key: `always(${fixed})` };
    if ('compare' in node) {
      const { op, left, right } = node.compare;
      const a = this.series(left), b = this.series(right);
      const token = COMPARE[op];
      if (token === undefined) throw new Error(`unknown comparison ${op}`);
      return { code: `(${a.code} ${token} ${b.code})`, key: `${op}(${a.key},${b.key})` };
    }
    if ('between' in node) {
      const x = this.series(node.between.of), lo = this.series(node.between.low), hi = this.series(node.between.high);
      return { code: `bt(${x.code}, ${lo.code}, ${hi.code})`, key: `between(${x.key},${lo.key},${hi.key})` };
    }
    if ('all' in node || 'any' in node) {
      const all = 'all' in node;
      const parts = this.host.dynamicParts(all ? node.all : node.any).map((p) => this.condition(p));
      if (parts.length === 1) return parts[0];
      return { code: `(${parts.map((p) => p.code).join(all ? ' && ' : ' || ')})`, key: `${all ? 'all' : 'any'}(${parts.map((p) => p.key).join(',')})` };
    }
    if ('not' in node) {
      const c = this.condition(node.not);
      return { code: `!${c.code}`, key: `not(${c.key})` };
    }
    const leaf = this.host.leafCondition(node);
    const j = this.array(leaf.bits);
    return { code: `(a${j}[i] === 1)`, key: leaf.key, bits: leaf };
  }

  run(body: string, out: Float64Array | Uint8Array): void {
    loopOf(body, this.arrays.length)(this.arrays, this.constants, mn, mx, bt, out, out.length);
  }
}

/**
 * A series as one fused loop: its cache key (the node with its parameters resolved) and a function that
 * fills its array. The leaves are computed (and their warm-up tracked) when this is called, not when the
 * array is filled.
 */
export function fusedSeries(host: FuseHost, node: SeriesNode): { key: string; compute(length: number): Float64Array } {
  const emission = new Emission(host);
  const e = emission.series(node);
  return {
    key: e.key,
    compute(length) {
      const out = new Float64Array(length);
      emission.run(e.code, out);
      return out;
    },
  };
}

/** A condition as one fused loop (1 where it holds), or the leaf condition it reads when it is only that. */
export function fusedCondition(host: FuseHost, node: ConditionNode): { key: string; compute(length: number): Uint8Array } | { key: string; bits: Uint8Array } {
  const emission = new Emission(host);
  const e = emission.condition(node);
  if (e.bits !== undefined) return e.bits;
  return {
    key: e.key,
    compute(length) {
      const out = new Uint8Array(length);
      emission.run(`(${e.code} ? 1 : 0)`, out);
      return out;
    },
  };
}

/**
 * A series as a function of the bar, for what is read on few bars (an entry's confidence, a trade's
 * indicator values): the same fused expression, evaluated at one bar, with no array of its own.
 */
export function fusedAtBar(host: FuseHost, node: SeriesNode): (i: number) => number {
  const emission = new Emission(host);
  const e = emission.series(node);
  const a = emission.arrays, k = emission.constants;
  if (e.leaf !== undefined) {
    const values = a[e.leaf];
    return (i) => values[i];
  }
  const at = compiled<AtBar>(['a', 'k', 'mn', 'mx', 'bt', 'i'], `return ${e.code};`, a.length);
  return (i) => at(a, k, mn, mx, bt, i);
}
