import { getIndicator, INDICATORS } from '../indicators/catalogue.ts';
import { CANDLE_FIELDS } from '../indicators/descriptor.ts';
import {
  ARITHMETIC_OPS,
  COMPARE_OPS,
  CONDITION_KINDS,
  LANGUAGE_VERSION,
  SERIES_KINDS,
  SERIES_RULES,
  SIZING_KINDS,
  type StrategyDocument,
} from './document.ts';
import { MAX_SIZING_PERCENT, RUN_SETTINGS } from '../settings.ts';
import { DOCUMENT_LIMITS, type DocumentLimitProblem, type DocumentProblem } from './problems.ts';

export type ValidationResult =
  | { readonly ok: true; readonly document: StrategyDocument }
  | { readonly ok: false; readonly problems: readonly DocumentProblem[] }
  | { readonly ok: false; readonly limit: DocumentLimitProblem };

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`);

/** Depth of nesting and count of objects, without recursion (a hostile document may be very deep). */
function measure(root: Json): { depth: number; objects: number } {
  let depth = 0, objects = 0;
  const stack: [Json, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    objects++;
    if (d > depth) depth = d;
    if (d > DOCUMENT_LIMITS.maxDepth) return { depth: d, objects };
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return { depth, objects };
}

/** Parses and checks the JSON text of a document. */
export function parseStrategyDocument(text: string): ValidationResult {
  if (text.length > DOCUMENT_LIMITS.maxJsonChars) {
    return { ok: false, limit: { limit: 'size', message: `the document has ${text.length} characters; at most ${DOCUMENT_LIMITS.maxJsonChars} are accepted` } };
  }
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateStrategyDocument(value);
}

/**
 * Every problem of a document at once, each at its path; or the limit it breaks. The document is returned
 * only when there are none. Paths name fields without the union keys: `rules.entryLong.all[1].right.period`
 * is the `period` parameter of the indicator on the right of the second condition of entryLong's `all`.
 */
export function validateStrategyDocument(value: Json): ValidationResult {
  const { depth, objects } = measure(value);
  if (depth > DOCUMENT_LIMITS.maxDepth) return { ok: false, limit: { limit: 'depth', message: `the document nests deeper than ${DOCUMENT_LIMITS.maxDepth} levels` } };
  if (objects > DOCUMENT_LIMITS.maxNodes * 4) return { ok: false, limit: { limit: 'nodes', message: `the document has ${objects} objects; at most ${DOCUMENT_LIMITS.maxNodes * 4} are accepted` } };
  const checker = new Checker();
  checker.document(value);
  if (checker.nodes > DOCUMENT_LIMITS.maxNodes) return { ok: false, limit: { limit: 'nodes', message: `the document has ${checker.nodes} series and condition nodes; at most ${DOCUMENT_LIMITS.maxNodes} are accepted` } };
  if (checker.problems.length > 0) return { ok: false, problems: checker.problems };
  return { ok: true, document: value as StrategyDocument };
}

interface DeclaredParam {
  readonly type: string;
  readonly min: number;
  readonly max: number;
}

/** What a number may be where it is used: its bounds and whether it must be whole. */
interface NumberUse {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly what: string;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

class Checker {
  readonly problems: DocumentProblem[] = [];
  nodes = 0;
  private params = new Map<string, DeclaredParam>();
  private seriesNames = new Map<string, Json>();
  /** Named series being checked, for cycles: a ref back into this chain is a cycle. */
  private refChain: string[] = [];
  private checkedRefs = new Set<string>();

  private problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  document(doc: Json): void {
    if (!isObj(doc)) return this.problem('', `a strategy document is an object, got ${describe(doc)}`);
    const known = ['language', 'name', 'description', 'params', 'constraints', 'series', 'rules'];
    for (const key of Object.keys(doc)) if (!known.includes(key)) this.problem(key, `unknown field; a document has ${known.join(', ')}`);
    if (doc.language !== LANGUAGE_VERSION) this.problem('language', `must be ${LANGUAGE_VERSION} (the language version), got ${describe(doc.language)}`);
    if (typeof doc.name !== 'string' || doc.name.trim() === '' || doc.name.length > 100) this.problem('name', 'must be a text of 1 to 100 characters');
    if (doc.description !== undefined && (typeof doc.description !== 'string' || doc.description.length > 2000)) this.problem('description', 'must be a text of at most 2000 characters');
    this.paramDecls(doc.params);
    this.constraints(doc.constraints);
    this.namedSeries(doc.series);
    this.rules(doc.rules);
  }

  private list(value: Json, path: string, max: number): Json[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(path, `must be a list, got ${describe(value)}`);
      return [];
    }
    if (value.length > max) {
      this.problem(path, `at most ${max} entries, got ${value.length}`);
      return value.slice(0, max);
    }
    return value;
  }

  private paramDecls(value: Json): void {
    this.list(value, 'params', DOCUMENT_LIMITS.maxParams).forEach((p, i) => {
      const path = `params[${i}]`;
      if (!isObj(p)) return this.problem(path, `a parameter is an object, got ${describe(p)}`);
      const name = typeof p.name === 'string' ? p.name : '';
      if (!NAME.test(name)) return this.problem(join(path, 'name'), 'must be a name: a letter, then letters, digits or _ (at most 64)');
      if (this.params.has(name)) return this.problem(join(path, 'name'), `parameter "${name}" is declared twice`);
      const at = `params.${name}`;
      const type = p.type;
      if (type !== 'int' && type !== 'float' && type !== 'bool') return this.problem(join(at, 'type'), `must be int, float or bool, got ${describe(type)}`);
      for (const key of ['default', 'min', 'max', 'step'] as const) {
        if (p[key] !== undefined && (typeof p[key] !== 'number' || !Number.isFinite(p[key]))) this.problem(join(at, key), `must be a finite number, got ${describe(p[key])}`);
      }
      for (const key of ['label', 'unit', 'description'] as const) {
        if (p[key] !== undefined && (typeof p[key] !== 'string' || p[key].length > 500)) this.problem(join(at, key), 'must be a text of at most 500 characters');
      }
      const def = p.default as number;
      if (typeof def !== 'number' || !Number.isFinite(def)) {
        if (p.default === undefined) this.problem(join(at, 'default'), 'a parameter needs a default');
        return;
      }
      if (type === 'bool') {
        if (def !== 0 && def !== 1) this.problem(join(at, 'default'), `a bool parameter's default is 0 or 1, got ${def}`);
        this.params.set(name, { type, min: 0, max: 1 });
        return;
      }
      const min = typeof p.min === 'number' ? p.min : -Infinity, max = typeof p.max === 'number' ? p.max : Infinity;
      if (p.min === undefined || p.max === undefined) this.problem(at, 'a numeric parameter needs min and max (sweeps step through them)');
      if (min > max) this.problem(join(at, 'min'), `min ${min} is above max ${max}`);
      if (def < min || def > max) this.problem(join(at, 'default'), `default ${def} is outside its range [${min}, ${max}]`);
      if (type === 'int' && (!Number.isInteger(def) || (Number.isFinite(min) && !Number.isInteger(min)) || (Number.isFinite(max) && !Number.isInteger(max)))) {
        this.problem(at, 'an int parameter has whole default, min and max');
      }
      if (p.step !== undefined && !((p.step as number) > 0)) this.problem(join(at, 'step'), 'must be above 0');
      this.params.set(name, { type, min, max });
    });
  }

  private constraints(value: Json): void {
    this.list(value, 'constraints', 32).forEach((c, i) => {
      const path = `constraints[${i}]`;
      const kind = this.unionKind(c, path, ['increasing', 'notBoth', 'needsAny'], 'constraint');
      if (kind === null) return;
      const names = (c as Obj)[kind];
      if (!Array.isArray(names) || names.length < 2 || names.length > 16) return this.problem(join(path, kind), 'must list 2 to 16 parameter names');
      names.forEach((n, j) => {
        if (typeof n !== 'string' || !this.params.has(n)) this.problem(`${join(path, kind)}[${j}]`, `parameter ${describe(n)} is not declared`);
      });
    });
  }

  private namedSeries(value: Json): void {
    const entries = this.list(value, 'series', DOCUMENT_LIMITS.maxNamedSeries);
    entries.forEach((entry, i) => {
      const path = `series[${i}]`;
      if (!isObj(entry)) return this.problem(path, `a named series is { name, series }, got ${describe(entry)}`);
      const name = typeof entry.name === 'string' ? entry.name : '';
      if (!NAME.test(name)) return this.problem(join(path, 'name'), 'must be a name: a letter, then letters, digits or _ (at most 64)');
      if (this.seriesNames.has(name)) return this.problem(join(path, 'name'), `series "${name}" is named twice`);
      this.seriesNames.set(name, entry.series);
    });
    for (const name of this.seriesNames.keys()) this.checkRef(name);
  }

  private checkRef(name: string): void {
    if (this.checkedRefs.has(name)) return;
    this.refChain.push(name);
    this.series(this.seriesNames.get(name), `series.${name}`, false);
    this.refChain.pop();
    this.checkedRefs.add(name);
  }

  private rules(value: Json): void {
    if (!isObj(value)) return this.problem('rules', `rules is an object, got ${describe(value)}`);
    const known = ['entryLong', 'entryShort', 'exitLong', 'exitShort', 'stops', 'sizing', ...SERIES_RULES];
    for (const key of Object.keys(value)) if (!known.includes(key)) this.problem(join('rules', key), `unknown rule; rules has ${known.join(', ')}`);
    if (value.entryLong === undefined && value.entryShort === undefined) this.problem('rules', 'a strategy needs entryLong or entryShort');
    for (const key of ['entryLong', 'entryShort', 'exitLong', 'exitShort']) if (value[key] !== undefined) this.condition(value[key], `rules.${key}`, false);
    for (const key of SERIES_RULES) if (value[key] !== undefined) this.series(value[key], `rules.${key}`, false);
    if (value.stops !== undefined) this.stops(value.stops, 'rules.stops');
    if (value.sizing !== undefined) this.sizing(value.sizing, value.stops, 'rules.sizing');
  }

  private sizing(value: Json, stops: Json, path: string): void {
    const kind = this.unionKind(value, path, SIZING_KINDS, 'sizing');
    if (kind === null) return;
    const max = kind === 'fixedQuote' ? RUN_SETTINGS.positionSize.max : MAX_SIZING_PERCENT;
    this.number((value as Obj)[kind], join(path, kind), { min: 0, max, what: kind === 'fixedQuote' ? 'an amount of quote currency' : 'a percentage of equity' });
    const hasStop = isObj(stops) && Array.isArray(stops.stopLoss) && stops.stopLoss.length > 0;
    if (kind === 'riskPercent' && !hasStop) this.problem(join(path, kind), 'sizing by risk needs a stop-loss (rules.stops.stopLoss): the risk is the distance to it');
  }

  private stops(value: Json, path: string): void {
    if (!isObj(value)) return this.problem(path, `stops is an object, got ${describe(value)}`);
    for (const key of Object.keys(value)) if (key !== 'stopLoss' && key !== 'takeProfit' && key !== 'trailing') this.problem(join(path, key), 'unknown field; stops has stopLoss, takeProfit, trailing');
    this.list(value.stopLoss, join(path, 'stopLoss'), 8).forEach((stop, i) => this.distance(stop, `${path}.stopLoss[${i}]`, ['percent', 'atr']));
    if (value.takeProfit !== undefined) this.distance(value.takeProfit, join(path, 'takeProfit'), ['percent', 'atr', 'riskReward']);
    if (value.trailing !== undefined) this.distance(value.trailing, join(path, 'trailing'), ['percent', 'atr'], RUN_SETTINGS.trailingStopPct.max);
  }

  /** A stop, target or trailing distance; `maxPercent` bounds a percent one. */
  private distance(value: Json, path: string, kinds: readonly string[], maxPercent?: number): void {
    const kind = this.unionKind(value, path, kinds, 'distance');
    if (kind === null) return;
    const body = (value as Obj)[kind];
    if (kind === 'atr') {
      if (!this.fields(body, join(path, 'atr'), ['multiple', 'period'], [])) return;
      this.number((body as Obj).multiple, join(path, 'atr.multiple'), { min: 0, what: 'an ATR multiple' });
      this.number((body as Obj).period, join(path, 'atr.period'), { min: 1, max: 5000, integer: true, what: 'an ATR period' });
    } else if (kind === 'percent') this.number(body, join(path, kind), { min: 0, max: maxPercent, what: 'a percentage' });
    else this.number(body, join(path, kind), { min: 0, what: 'a multiple of the stop distance' });
  }

  /**
   * A series or condition node counted against the document's node limit: its kind and body, or null when
   * the limit is passed (validateStrategyDocument reports that once) or the node is not a valid union (reported here).
   */
  private expressionNode(value: Json, path: string, kinds: readonly string[], what: 'series' | 'condition'): { kind: string; body: Json } | null {
    this.nodes++;
    if (this.nodes > DOCUMENT_LIMITS.maxNodes) return null;
    const kind = this.unionKind(value, path, kinds, what);
    return kind === null ? null : { kind, body: (value as Obj)[kind] };
  }

  /** The one key of a union object, or null (reported) when it has none, several or an unknown one. */
  private unionKind(value: Json, path: string, kinds: readonly string[], what: string): string | null {
    if (!isObj(value)) {
      this.problem(path, `expected ${what === 'series' || what === 'condition' ? `a ${what}` : `a ${what}`} (an object with one of ${kinds.join(', ')}), got ${describe(value)}`);
      return null;
    }
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      this.problem(path, `a ${what} has exactly one of ${kinds.join(', ')}; got ${keys.length === 0 ? 'none' : keys.join(', ')}`);
      return null;
    }
    if (!kinds.includes(keys[0])) {
      if (what === 'series' && (CONDITION_KINDS as readonly string[]).includes(keys[0])) this.problem(path, `expected a series, got the condition "${keys[0]}"`);
      else if (what === 'condition' && (SERIES_KINDS as readonly string[]).includes(keys[0])) this.problem(path, `expected a condition, got the series "${keys[0]}"`);
      else this.problem(path, `unknown ${what} "${keys[0]}"; known: ${kinds.join(', ')}`);
      return null;
    }
    return keys[0];
  }

  /** Checks an object's fields: required ones present, no unknown ones. */
  private fields(value: Json, path: string, required: readonly string[], optional: readonly string[]): boolean {
    if (!isObj(value)) {
      this.problem(path, `expected an object with ${[...required, ...optional].join(', ')}, got ${describe(value)}`);
      return false;
    }
    for (const key of required) if (value[key] === undefined) this.problem(join(path, key), 'is required');
    for (const key of Object.keys(value)) if (!required.includes(key) && !optional.includes(key)) this.problem(join(path, key), `unknown field; expected ${[...required, ...optional].join(', ')}`);
    return true;
  }

  /** A NumberValue: a literal within `use`, or a declared numeric parameter whose range fits `use`. */
  number(value: Json, path: string, use: NumberUse): void {
    const kind = this.unionKind(value, path, ['value', 'param'], 'number');
    if (kind === null) return;
    const v = (value as Obj)[kind];
    if (kind === 'value') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return this.problem(path, `must be a finite number, got ${describe(v)}`);
      if (use.integer === true && !Number.isInteger(v)) this.problem(path, `${use.what} must be a whole number, got ${v}`);
      if (use.min !== undefined && v < use.min) this.problem(path, `${use.what} must be >= ${use.min}, got ${v}`);
      if (use.max !== undefined && v > use.max) this.problem(path, `${use.what} must be <= ${use.max}, got ${v}`);
      return;
    }
    const declared = typeof v === 'string' ? this.params.get(v) : undefined;
    if (declared === undefined) return this.problem(path, `parameter ${describe(v)} is used but not declared in params`);
    if (declared.type === 'bool') return this.problem(path, `parameter "${v}" is a bool; ${use.what} needs a number`);
    if (use.integer === true && declared.type !== 'int') this.problem(path, `${use.what} must be whole: parameter "${v}" must be an int`);
    if (use.min !== undefined && declared.min < use.min) this.problem(path, `${use.what} must be >= ${use.min}: parameter "${v}" may go down to ${declared.min}`);
    if (use.max !== undefined && declared.max > use.max) this.problem(path, `${use.what} must be <= ${use.max}: parameter "${v}" may go up to ${declared.max}`);
  }

  series(value: Json, path: string, insideHigherTimeframe: boolean): void {
    const node = this.expressionNode(value, path, SERIES_KINDS, 'series');
    if (node === null) return;
    const { kind, body } = node;
    switch (kind) {
      case 'candle':
        if (typeof body !== 'string' || !(CANDLE_FIELDS as readonly string[]).includes(body)) this.problem(path, `unknown candle field ${describe(body)}; known: ${CANDLE_FIELDS.join(', ')}`);
        return;
      case 'constant':
        return this.number(body, path, { what: 'a constant' });
      case 'ref': {
        if (typeof body !== 'string' || !this.seriesNames.has(body)) return this.problem(path, `no series named ${describe(body)}`);
        if (this.refChain.includes(body)) return this.problem(path, `reference cycle: ${[...this.refChain.slice(this.refChain.indexOf(body)), body].join(' → ')}`);
        return this.checkRef(body);
      }
      case 'abs':
        return this.series(body, join(path, 'abs'), insideHigherTimeframe);
      case 'indicator':
        return this.indicator(body, path, insideHigherTimeframe);
      case 'arithmetic': {
        if (!this.fields(body, path, ['op', 'left', 'right'], [])) return;
        const b = body as Obj;
        if (!(ARITHMETIC_OPS as readonly Json[]).includes(b.op)) this.problem(join(path, 'op'), `unknown operation ${describe(b.op)}; known: ${ARITHMETIC_OPS.join(', ')}`);
        this.series(b.left, join(path, 'left'), insideHigherTimeframe);
        this.series(b.right, join(path, 'right'), insideHigherTimeframe);
        return;
      }
      case 'offset': {
        if (!this.fields(body, path, ['of', 'bars'], [])) return;
        const b = body as Obj;
        this.series(b.of, join(path, 'of'), insideHigherTimeframe);
        this.number(b.bars, join(path, 'bars'), { min: 0, max: 5000, integer: true, what: 'an offset (bars back)' });
        return;
      }
      case 'higherTimeframe': {
        if (!this.fields(body, path, ['minutes', 'of'], [])) return;
        const b = body as Obj;
        if (insideHigherTimeframe) this.problem(path, 'a higher timeframe inside a higher timeframe: write the outer one only');
        this.number(b.minutes, join(path, 'minutes'), { min: 0, max: 43_200, integer: true, what: 'a timeframe in minutes (0: the run\'s own)' });
        this.series(b.of, join(path, 'of'), true);
        return;
      }
      case 'choose': {
        if (!this.fields(body, path, ['if', 'then', 'else'], [])) return;
        const b = body as Obj;
        this.condition(b.if, join(path, 'if'), insideHigherTimeframe);
        this.series(b.then, join(path, 'then'), insideHigherTimeframe);
        this.series(b.else, join(path, 'else'), insideHigherTimeframe);
        return;
      }
    }
  }

  private indicator(body: Json, path: string, insideHigherTimeframe: boolean): void {
    if (!this.fields(body, path, ['name'], ['params', 'source', 'output'])) return;
    const b = body as Obj;
    const descriptor = typeof b.name === 'string' ? getIndicator(b.name) : undefined;
    if (descriptor === undefined) {
      this.problem(join(path, 'name'), `unknown indicator ${describe(b.name)}; known: ${INDICATORS.map((d) => d.name).join(', ')}`);
      if (b.source !== undefined) this.series(b.source, join(path, 'source'), insideHigherTimeframe);
      return;
    }
    const seen = new Set<string>();
    this.list(b.params, join(path, 'params'), 16).forEach((p, i) => {
      const at = `${join(path, 'params')}[${i}]`;
      if (!this.fields(p, at, ['name', 'value'], [])) return;
      const name = (p as Obj).name;
      const spec = descriptor.params.find((s) => s.name === name);
      if (spec === undefined) {
        this.problem(join(at, 'name'), `indicator ${descriptor.name} has no parameter ${describe(name)}; known: ${descriptor.params.map((s) => s.name).join(', ') || 'none'}`);
        return;
      }
      if (seen.has(spec.name)) this.problem(join(path, spec.name), `parameter ${spec.name} is given twice`);
      seen.add(spec.name);
      this.number((p as Obj).value, join(path, spec.name), { min: spec.min, max: spec.max, integer: spec.type === 'int', what: `${descriptor.name} ${spec.name}` });
    });
    if (b.output !== undefined && !descriptor.outputs.some((o) => o.name === b.output)) {
      this.problem(join(path, 'output'), `indicator ${descriptor.name} has no output ${describe(b.output)}; known: ${descriptor.outputs.map((o) => o.name).join(', ')}`);
    }
    if (b.source !== undefined) {
      if (descriptor.source === null) this.problem(join(path, 'source'), `indicator ${descriptor.name} takes no source; it reads the candles' ${descriptor.candles.join(', ')}`);
      else this.series(b.source, join(path, 'source'), insideHigherTimeframe);
    }
  }

  condition(value: Json, path: string, insideHigherTimeframe: boolean): void {
    const node = this.expressionNode(value, path, CONDITION_KINDS, 'condition');
    if (node === null) return;
    const { kind, body } = node;
    const s = (v: Json, key: string) => this.series(v, join(path, key), insideHigherTimeframe);
    switch (kind) {
      case 'compare': {
        if (!this.fields(body, path, ['op', 'left', 'right'], [])) return;
        const b = body as Obj;
        if (!(COMPARE_OPS as readonly Json[]).includes(b.op)) this.problem(join(path, 'op'), `unknown comparison ${describe(b.op)}; known: ${COMPARE_OPS.join(', ')}`);
        s(b.left, 'left');
        s(b.right, 'right');
        return;
      }
      case 'crossesAbove':
      case 'crossesBelow': {
        if (!this.fields(body, path, ['left', 'right'], ['scale'])) return;
        const b = body as Obj;
        s(b.left, 'left');
        s(b.right, 'right');
        if (b.scale !== undefined) s(b.scale, 'scale');
        return;
      }
      case 'between': {
        if (!this.fields(body, path, ['of', 'low', 'high'], [])) return;
        const b = body as Obj;
        s(b.of, 'of');
        s(b.low, 'low');
        s(b.high, 'high');
        return;
      }
      case 'rising':
      case 'falling': {
        if (!this.fields(body, path, ['of', 'bars'], [])) return;
        const b = body as Obj;
        s(b.of, 'of');
        this.number(b.bars, join(path, 'bars'), { min: 1, max: 5000, integer: true, what: `${kind} bars` });
        return;
      }
      case 'nOfM': {
        if (!this.fields(body, path, ['condition', 'n', 'm'], [])) return;
        const b = body as Obj;
        this.condition(b.condition, join(path, 'condition'), insideHigherTimeframe);
        this.number(b.n, join(path, 'n'), { min: 1, max: 5000, integer: true, what: 'n' });
        this.number(b.m, join(path, 'm'), { min: 1, max: 5000, integer: true, what: 'm' });
        if (isObj(b.n) && isObj(b.m) && typeof b.n.value === 'number' && typeof b.m.value === 'number' && b.n.value > b.m.value) this.problem(join(path, 'n'), `n (${b.n.value}) is above m (${b.m.value})`);
        return;
      }
      case 'all':
      case 'any': {
        if (!Array.isArray(body) || body.length === 0) return this.problem(join(path, kind), `must be a non-empty list of conditions, got ${describe(body)}`);
        body.forEach((c, i) => this.condition(c, `${path}.${kind}[${i}]`, insideHigherTimeframe));
        return;
      }
      case 'not':
        return this.condition(body, join(path, 'not'), insideHigherTimeframe);
      case 'flag': {
        const declared = typeof body === 'string' ? this.params.get(body) : undefined;
        if (declared === undefined) return this.problem(path, `parameter ${describe(body)} is used but not declared in params`);
        if (declared.type !== 'bool') this.problem(path, `a flag reads a bool parameter; "${body}" is ${declared.type}`);
        return;
      }
    }
  }
}
