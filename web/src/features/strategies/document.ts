import { isUserStrategyName } from '../../../../domain/strategy-names.ts';
/**
 * The strategy document as the builder edits it: plain JSON of exactly the shape the server takes
 * (README "Strategy language"), every union an object with one key naming its kind.
 */

/** Any node of the document; the builder reads the one key of a union to know its kind. */
export type Node = { [key: string]: any };

export interface ParamDecl {
  name: string;
  type: 'int' | 'float' | 'bool';
  default: number;
  min?: number;
  max?: number;
  step?: number;
  label?: string;
  unit?: string;
  description?: string;
}

export interface StrategyDocument {
  language: number;
  name: string;
  description?: string;
  params?: ParamDecl[];
  constraints?: Node[];
  series?: Array<{ name: string; series: Node }>;
  rules: Node;
}

export const ENTRY_EXIT_RULES = ['entryLong', 'exitLong', 'entryShort', 'exitShort'] as const;
export const CONFIDENCE_RULES = ['confidenceLong', 'confidenceShort'] as const;
export const ENTRY_PRICE_RULES = ['entryPriceLong', 'entryPriceShort'] as const;
export type SeriesRuleKey = (typeof CONFIDENCE_RULES)[number] | (typeof ENTRY_PRICE_RULES)[number];
export const CONSTRAINT_KINDS = ['increasing', 'notBoth', 'needsAny'] as const;
export const STOP_KINDS = ['percent', 'atr'] as const;
export const TARGET_KINDS = ['percent', 'atr', 'riskReward'] as const;

/** Words for each kind in the block pickers. */
export const KIND_LABELS: Record<string, string> = {
  candle: 'Price field', indicator: 'Indicator', constant: 'Number', ref: 'Named series', arithmetic: 'Arithmetic', abs: 'Absolute value',
  offset: 'Earlier value (offset)', higherTimeframe: 'Higher timeframe', choose: 'If … then … else',
  compare: 'Compare', crossesAbove: 'Crosses above', crossesBelow: 'Crosses below', between: 'Between', rising: 'Rising for n bars',
  falling: 'Falling for n bars', nOfM: 'True n of the last m bars', all: 'All of', any: 'Any of', not: 'Not', flag: 'Bool parameter',
  entryLong: 'Entry long', exitLong: 'Exit long', entryShort: 'Entry short', exitShort: 'Exit short',
  confidenceLong: 'Confidence long (0–1)', confidenceShort: 'Confidence short (0–1)',
  entryPriceLong: 'Entry price long', entryPriceShort: 'Entry price short',
  increasing: 'Increasing', notBoth: 'Not both on', needsAny: 'Needs any on',
  percent: 'Percent', atr: 'ATR multiple', riskReward: 'Risk–reward',
  fixedQuote: 'Fixed quote amount', percentEquity: '% of equity', riskPercent: '% of equity at risk to the stop',
};

/** The number field's words for a stop, target, trailing or sizing kind that takes one number. */
export const VALUE_LABELS: Record<string, string> = {
  percent: 'Percent (%)', riskReward: 'Multiple of the stop distance',
  fixedQuote: 'Quote per trade', percentEquity: 'Percent of equity (%)', riskPercent: 'Percent of equity lost at the stop (%)',
};

export const kindOf = (node: Node | undefined): string => (node ? (Object.keys(node)[0] ?? '') : '');

export const closeSeries = (): Node => ({ candle: 'close' });

/** A fresh series of a kind, filled so that it is valid where it can be. */
export function newSeries(kind: string, context: { firstIndicator: string; firstSeriesName: string | undefined }): Node {
  switch (kind) {
    case 'candle': return closeSeries();
    case 'indicator': return { indicator: { name: context.firstIndicator } };
    case 'constant': return { constant: { value: 0 } };
    case 'ref': return { ref: context.firstSeriesName ?? '' };
    case 'arithmetic': return { arithmetic: { op: 'sub', left: closeSeries(), right: { constant: { value: 0 } } } };
    case 'abs': return { abs: closeSeries() };
    case 'offset': return { offset: { of: closeSeries(), bars: { value: 1 } } };
    case 'higherTimeframe': return { higherTimeframe: { minutes: { value: 60 }, of: closeSeries() } };
    case 'choose': return { choose: { if: newCondition('compare'), then: { constant: { value: 1 } }, else: { constant: { value: 0 } } } };
    default: throw new Error(`unknown series kind ${kind}`);
  }
}

/** A fresh condition of a kind. */
export function newCondition(kind: string, firstFlag = ''): Node {
  const pair = () => ({ left: closeSeries(), right: { constant: { value: 0 } } });
  switch (kind) {
    case 'compare': return { compare: { op: 'gt', ...pair() } };
    case 'crossesAbove':
    case 'crossesBelow': return { [kind]: pair() };
    case 'between': return { between: { of: closeSeries(), low: { constant: { value: 0 } }, high: { constant: { value: 1 } } } };
    case 'rising':
    case 'falling': return { [kind]: { of: closeSeries(), bars: { value: 3 } } };
    case 'nOfM': return { nOfM: { condition: newCondition('compare'), n: { value: 3 }, m: { value: 5 } } };
    case 'all':
    case 'any': return { [kind]: [newCondition('compare')] };
    case 'not': return { not: newCondition('compare') };
    case 'flag': return { flag: firstFlag };
    default: throw new Error(`unknown condition kind ${kind}`);
  }
}

/** A fresh stop, target, trailing stop or sizing of a kind. */
export const newStop = (kind: string): Node => (kind === 'atr' ? { atr: { multiple: { value: 3 }, period: { value: 14 } } } : { [kind]: { value: kind === 'fixedQuote' ? 100 : 2 } });

export function blankDocument(): StrategyDocument {
  return { language: 1, name: 'My strategy', params: [], series: [], rules: { entryLong: newCondition('compare') } };
}

/** The document as sent and exported: optional lists left out when empty, so it reads as one writes it by hand. */
export function cleanDocument(doc: StrategyDocument): StrategyDocument {
  const copy: StrategyDocument = JSON.parse(JSON.stringify(doc));
  for (const key of ['params', 'constraints', 'series'] as const) if (copy[key]?.length === 0) delete copy[key];
  if (copy.description === '') delete copy.description;
  const stops = copy.rules['stops'];
  if (stops) {
    if (stops.stopLoss?.length === 0) delete stops.stopLoss;
    if (Object.keys(stops).length === 0) delete copy.rules['stops'];
  }
  return copy;
}

/** The exact JSON text the server stores and serves as `documentJson` (two-space indentation). */
export const documentJsonOf = (doc: StrategyDocument): string => JSON.stringify(cleanDocument(doc), null, 2);

/** Reads exported JSON back; a clear message when it is not a document at all (the server checks the rest). */
export function parseDocumentJson(text: string): { document: StrategyDocument } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as Node)['rules'] !== 'object') {
    return { error: 'Not a strategy document: it needs at least "language", "name" and "rules"' };
  }
  const document = parsed as StrategyDocument;
  return { document: { ...document, params: document.params ?? [], series: document.series ?? [], constraints: document.constraints ?? [] } };
}

/** One problem the server found, at its path (e.g. `rules.entryLong.all[1].right.period`). */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

const isPrefix = (prefix: string, path: string) => prefix === '' || path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * Where each problem shows: the deepest block on the page whose path leads to it ('' when none does, so
 * it shows above the blocks). Paths follow the server's: union keys left out, an indicator's parameter by name.
 */
export function placeProblems(problems: readonly Problem[], shown: ReadonlySet<string>): Map<string, Problem[]> {
  const placed = new Map<string, Problem[]>();
  for (const problem of problems) {
    let best = '';
    for (const path of shown) if (isPrefix(path, problem.path) && path.length > best.length) best = path;
    placed.set(best, [...(placed.get(best) ?? []), problem]);
  }
  return placed;
}

/** The problems of an INVALID_STRATEGY_DOCUMENT error (`extensions.problems`), else none. */
export function problemsOf(extensions: Record<string, unknown> | undefined): Problem[] {
  const problems = extensions?.['problems'];
  if (!Array.isArray(problems)) return [];
  return problems.flatMap((p) => (typeof p === 'object' && p !== null && typeof p.path === 'string' && typeof p.message === 'string' ? [{ path: p.path, message: p.message }] : []));
}

/** Documents a new strategy can start from: the built-in strategies', then the saved ones (named by their document). */
export function documentStarts(strategies: ReadonlyArray<{ name: string; documentJson?: string | null }>): Array<{ label: string; documentJson: string }> {
  const user = (s: { name: string }) => isUserStrategyName(s.name);
  return [
    ...strategies.flatMap((s) => (s.documentJson && !user(s) ? [{ label: `Built-in: ${s.name}`, documentJson: s.documentJson }] : [])),
    ...strategies.flatMap((s) => (s.documentJson && user(s) ? [{ label: `Saved: ${JSON.parse(s.documentJson).name} (${s.name})`, documentJson: s.documentJson }] : [])),
  ];
}
