import { RSI_TREND_EXAMPLE } from '../../engine/language/examples.ts';

export interface HostileDocument {
  readonly label: string;
  /** The JSON text sent (import), built from a valid document with one or more defects. */
  readonly json: string;
  readonly code: 'INVALID_STRATEGY_DOCUMENT' | 'STRATEGY_DOCUMENT_TOO_LARGE';
  /** Paths every one of which must be among the reported problems. */
  readonly paths: readonly string[];
}

const base = (): any => JSON.parse(JSON.stringify(RSI_TREND_EXAMPLE));
const rsi = { indicator: { name: 'rsi', params: [{ name: 'period', value: { value: 14 } }] } };
function edit(label: string, paths: string[], change: (d: any) => void): HostileDocument {
  const d = base();
  change(d);
  return { label, json: JSON.stringify(d), code: 'INVALID_STRATEGY_DOCUMENT', paths };
}
const raw = (label: string, json: string, code: HostileDocument['code'], paths: string[] = []): HostileDocument => ({ label, json, code, paths });

function nested(depth: number): string {
  let node = '{"candle":"close"}';
  for (let i = 0; i < depth; i++) node = `{"abs":${node}}`;
  return JSON.stringify({ ...base(), series: [{ name: 'deep', series: JSON.parse(node) }] });
}

/** 56 documents a careless or hostile client might send: each must get a coded error with paths, and nothing stored. */
export const HOSTILE_DOCUMENTS: readonly HostileDocument[] = [
  edit('unknown indicator', ['series.rsi.name'], (d) => (d.series[0].series.indicator.name = 'rsx')),
  edit('type mismatch: a condition where a series is needed', ['rules.entryLong.all[1].right'], (d) => (d.rules.entryLong.all[1].compare.right = { crossesAbove: { left: rsi, right: rsi } })),
  edit('type mismatch: a series where a condition is needed', ['rules.exitLong'], (d) => (d.rules.exitLong = { candle: 'close' })),
  edit('reference cycle', ['series.b.abs'], (d) => d.series.push({ name: 'a', series: { ref: 'b' } }, { name: 'b', series: { abs: { ref: 'a' } } })),
  edit('self reference', ['series.me'], (d) => d.series.push({ name: 'me', series: { ref: 'me' } })),
  edit('parameter used but not declared', ['rules.entryLong.all[0].right'], (d) => (d.rules.entryLong.all[0].compare.right = { constant: { param: 'nowhere' } })),
  edit('default outside its range', ['params.oversold.default'], (d) => (d.params[1].default = 80)),
  edit('negative offset', ['series.back.bars'], (d) => d.series.push({ name: 'back', series: { offset: { of: { candle: 'close' }, bars: { value: -1 } } } })),
  edit('offset parameter that may go negative', ['series.back.bars'], (d) => {
    d.params.push({ name: 'lag', type: 'int', default: 1, min: -5, max: 5 });
    d.series.push({ name: 'back', series: { offset: { of: { candle: 'close' }, bars: { param: 'lag' } } } });
  }),
  edit('indicator parameter out of range', ['rules.entryLong.all[1].right.period'], (d) => (d.rules.entryLong.all[1].compare.right = { indicator: { name: 'ema', params: [{ name: 'period', value: { value: 0 } }] } })),
  edit('unknown indicator parameter', ['series.rsi.params[0].name'], (d) => (d.series[0].series.indicator.params[0].name = 'length')),
  edit('unknown output', ['series.trend.output'], (d) => (d.series[1].series.indicator.output = 'upper')),
  edit('source on an indicator that takes none', ['series.rsi.source'], (d) => (d.series[0].series = { indicator: { name: 'atr', source: { candle: 'close' } } })),
  edit('unknown candle field', ['rules.entryLong.all[1].left'], (d) => (d.rules.entryLong.all[1].compare.left = { candle: 'closing' })),
  edit('unknown comparison', ['rules.exitLong.op'], (d) => (d.rules.exitLong.compare.op = 'ge')),
  edit('unknown arithmetic', ['series.x.op'], (d) => d.series.push({ name: 'x', series: { arithmetic: { op: 'pow', left: { candle: 'close' }, right: { candle: 'open' } } } })),
  edit('two kinds in one node', ['rules.exitLong'], (d) => (d.rules.exitLong = { compare: d.rules.exitLong.compare, not: d.rules.exitLong })),
  edit('empty node', ['rules.exitLong'], (d) => (d.rules.exitLong = {})),
  edit('unknown condition', ['rules.exitLong'], (d) => (d.rules.exitLong = { crossesSideways: {} })),
  edit('empty all', ['rules.entryLong.all'], (d) => (d.rules.entryLong = { all: [] })),
  edit('no entry rule', ['rules'], (d) => delete d.rules.entryLong),
  edit('wrong language version', ['language'], (d) => (d.language = 2)),
  edit('missing name', ['name'], (d) => delete d.name),
  edit('unknown top-level field', ['code'], (d) => (d.code = 'process.exit()')),
  edit('unknown rule', ['rules.entryLater'], (d) => (d.rules.entryLater = d.rules.entryLong)),
  edit('duplicate parameter', ['params[1].name'], (d) => (d.params[1].name = 'rsiPeriod')),
  edit('bad parameter name', ['params[0].name'], (d) => (d.params[0].name = '__proto__')),
  edit('bool parameter used as a number', ['series.rsi.period'], (d) => {
    d.params.push({ name: 'yes', type: 'bool', default: 1 });
    d.series[0].series.indicator.params[0].value = { param: 'yes' };
  }),
  edit('flag on a numeric parameter', ['rules.exitShort'], (d) => (d.rules.exitShort = { flag: 'oversold' })),
  edit('int parameter for a whole number expected, float given', ['series.rsi.period'], (d) => (d.series[0].series.indicator.params[0].value = { param: 'oversold' })),
  edit('fractional period literal', ['series.rsi.period'], (d) => (d.series[0].series.indicator.params[0].value = { value: 14.5 })),
  edit('min above max', ['params.rsiPeriod.min'], (d) => Object.assign(d.params[0], { min: 50, max: 10 })),
  edit('numeric parameter without bounds', ['params.rsiPeriod'], (d) => delete d.params[0].max),
  edit('non-finite number as text', ['rules.exitLong.right'], (d) => (d.rules.exitLong.compare.right = { constant: { value: 'Infinity' } })),
  edit('number node with both kinds', ['rules.exitLong.right'], (d) => (d.rules.exitLong.compare.right = { constant: { value: 1, param: 'oversold' } })),
  edit('higher timeframe inside a higher timeframe', ['series.h.of'], (d) => d.series.push({ name: 'h', series: { higherTimeframe: { minutes: { value: 60 }, of: { higherTimeframe: { minutes: { value: 240 }, of: { candle: 'close' } } } } } })),
  edit('n above m', ['rules.exitLong.n'], (d) => (d.rules.exitLong = { nOfM: { condition: d.rules.exitLong, n: { value: 5 }, m: { value: 3 } } })),
  edit('rising for 0 bars', ['rules.exitLong.bars'], (d) => (d.rules.exitLong = { rising: { of: { candle: 'close' }, bars: { value: 0 } } })),
  edit('stop of an unknown kind', ['rules.stops.stopLoss[0]'], (d) => (d.rules.stops.stopLoss = [{ trailingPercent: { value: 2 } }])),
  edit('negative stop percent', ['rules.stops.stopLoss[0].percent'], (d) => (d.rules.stops.stopLoss = [{ percent: { value: -2 } }])),
  edit('riskReward as a stop', ['rules.stops.stopLoss[0]'], (d) => (d.rules.stops.stopLoss = [{ riskReward: { value: 2 } }])),
  edit('constraint on an undeclared parameter', ['constraints[0].increasing[1]'], (d) => (d.constraints = [{ increasing: ['oversold', 'ghost'] }])),
  edit('ref to an unknown series', ['rules.exitLong.left'], (d) => (d.rules.exitLong.compare.left = { ref: 'rsi2' })),
  edit('many problems at once', ['series.rsi.name', 'params.oversold.default', 'rules.exitLong'], (d) => {
    d.series[0].series.indicator.name = 'nope';
    d.params[1].default = 99;
    d.rules.exitLong = { candle: 'high' };
  }),
  raw('not JSON', '{"language": 1, "name": ', 'INVALID_STRATEGY_DOCUMENT', ['']),
  raw('a list, not a document', '[1, 2, 3]', 'INVALID_STRATEGY_DOCUMENT', ['']),
  raw('null', 'null', 'INVALID_STRATEGY_DOCUMENT', ['']),
  raw('nested too deep', nested(200), 'STRATEGY_DOCUMENT_TOO_LARGE'),
  raw('too many nodes', JSON.stringify({ ...base(), rules: { ...base().rules, entryShort: { any: Array.from({ length: 3000 }, () => ({ compare: { op: 'gt', left: { candle: 'close' }, right: { candle: 'open' } } })) } } }), 'STRATEGY_DOCUMENT_TOO_LARGE'),
  raw('too long', JSON.stringify({ ...base(), description: 'x'.repeat(250_000) }), 'STRATEGY_DOCUMENT_TOO_LARGE'),
  edit('sizing by risk without a stop', ['rules.sizing.riskPercent'], (d) => {
    delete d.rules.stops;
    d.rules.sizing = { riskPercent: { value: 1 } };
  }),
  edit('percent-of-equity sizing above 100', ['rules.sizing.percentEquity'], (d) => (d.rules.sizing = { percentEquity: { value: 150 } })),
  edit('sizing of an unknown kind', ['rules.sizing'], (d) => (d.rules.sizing = { fixedBase: { value: 1 } })),
  edit('trailing stop above 100 %', ['rules.stops.trailing.percent'], (d) => (d.rules.stops.trailing = { percent: { value: 120 } })),
  edit('trailing stop of an unknown kind', ['rules.stops.trailing'], (d) => (d.rules.stops.trailing = { riskReward: { value: 2 } })),
  edit('negative ATR trailing multiple', ['rules.stops.trailing.atr.multiple'], (d) => (d.rules.stops.trailing = { atr: { multiple: { value: -1 }, period: { value: 14 } } })),
];
