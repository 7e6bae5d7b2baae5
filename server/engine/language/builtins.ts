import { bollingerBreakout } from '../strategies/bollinger-breakout.ts';
import { confluence } from '../strategies/confluence.ts';
import { emaCross } from '../strategies/ema-cross.ts';
import { macdCross } from '../strategies/macd-cross.ts';
import { rsiReversion } from '../strategies/rsi-reversion.ts';
import { smaCross } from '../strategies/sma-cross.ts';
import type { StrategyModule } from '../strategies/types.ts';
import { LANGUAGE_VERSION, type ConditionNode, type ConstraintDecl, type NamedSeries, type Rules, type SeriesNode, type StrategyDocument } from './document.ts';
import { abs, all, any, arith, candle, choose, cmp, constant, crossesAbove, crossesBelow, declOf, flag, indicator, offset, onTimeframe, ref } from './nodes.ts';

/**
 * The six built-in strategies written as documents: the same decisions, confidences, stops and first
 * decision bar as their TypeScript, so a user can start from one and change it (tests check the trades
 * are identical). Parameters are the built-ins' own declarations.
 */

const STOP_CONSTRAINTS: readonly ConstraintDecl[] = [{ notBoth: ['stopLossPct', 'atrStopMultiplier'] }, { needsAny: ['riskReward', 'stopLossPct', 'atrStopMultiplier'] }];

/** The shared optional stops of the simple strategies (strategies/stops.ts): an ATR or a % stop, a target at riskReward × its distance. */
const OPTIONAL_STOPS: Rules['stops'] = {
  stopLoss: [{ atr: { multiple: { param: 'atrStopMultiplier' }, period: { param: 'atrPeriod' } } }, { percent: { param: 'stopLossPct' } }],
  takeProfit: { riskReward: { param: 'riskReward' } },
};

function documentOf(module: StrategyModule, parts: { constraints: readonly ConstraintDecl[]; series: readonly NamedSeries[]; rules: Rules }): StrategyDocument {
  return {
    language: LANGUAGE_VERSION,
    name: module.spec.name,
    description: module.spec.description,
    params: module.spec.params.map(declOf),
    ...parts,
  };
}

const named = (name: string, series: SeriesNode): NamedSeries => ({ name, series });
const add = (a: SeriesNode, b: SeriesNode) => arith('add', a, b);
const sub = (a: SeriesNode, b: SeriesNode) => arith('sub', a, b);
const mul = (a: SeriesNode, b: SeriesNode) => arith('mul', a, b);
const div = (a: SeriesNode, b: SeriesNode) => arith('div', a, b);
/** Level crossings as the oscillator strategies test them: the previous value strictly on one side, the current at or past the level. */
const upThrough = (x: SeriesNode, prev: SeriesNode, level: SeriesNode): ConditionNode => all(cmp('lt', prev, level), cmp('gte', x, level));
const downThrough = (x: SeriesNode, prev: SeriesNode, level: SeriesNode): ConditionNode => all(cmp('gt', prev, level), cmp('lte', x, level));
/** −1, 0 or +1 as a is below, equal to or above b. */
const sign = (a: SeriesNode, b: SeriesNode): SeriesNode => choose(cmp('gt', a, b), constant(1), choose(cmp('lt', a, b), constant(-1), constant(0)));

const rsiReversionDocument = documentOf(rsiReversion, {
  constraints: [{ increasing: ['oversold', 'exitLevel', 'overbought'] }, ...STOP_CONSTRAINTS],
  series: [named('rsi', indicator('rsi', { period: 'rsiPeriod' })), named('previousRsi', offset(ref('rsi'), 1))],
  rules: {
    entryLong: upThrough(ref('rsi'), ref('previousRsi'), constant('oversold')),
    entryShort: downThrough(ref('rsi'), ref('previousRsi'), constant('overbought')),
    exitLong: any(upThrough(ref('rsi'), ref('previousRsi'), constant('exitLevel')), downThrough(ref('rsi'), ref('previousRsi'), constant('exitLevel'))),
    exitShort: any(upThrough(ref('rsi'), ref('previousRsi'), constant('exitLevel')), downThrough(ref('rsi'), ref('previousRsi'), constant('exitLevel'))),
    stops: OPTIONAL_STOPS,
    confidenceLong: add(constant(0.5), div(sub(constant('oversold'), ref('previousRsi')), constant('oversold'))),
    confidenceShort: add(constant(0.5), div(sub(ref('previousRsi'), constant('overbought')), sub(constant(100), constant('overbought')))),
  },
});

const band = (output: string) => indicator('bollinger', { period: 'period', stdDev: 'stdDev' }, { output });
const bollingerDocument = documentOf(bollingerBreakout, {
  constraints: STOP_CONSTRAINTS,
  series: [named('upper', band('upper')), named('middle', band('middle')), named('lower', band('lower')), named('previousClose', offset(candle('close'), 1))],
  rules: {
    entryLong: all(cmp('lte', ref('previousClose'), offset(ref('upper'), 1)), cmp('gt', candle('close'), ref('upper'))),
    entryShort: all(cmp('gte', ref('previousClose'), offset(ref('lower'), 1)), cmp('lt', candle('close'), ref('lower'))),
    exitLong: all(flag('exitAtMiddle'), any(
      all(cmp('lt', ref('previousClose'), offset(ref('middle'), 1)), cmp('gte', candle('close'), ref('middle'))),
      all(cmp('gt', ref('previousClose'), offset(ref('middle'), 1)), cmp('lte', candle('close'), ref('middle'))),
    )),
    exitShort: all(flag('exitAtMiddle'), any(
      all(cmp('lt', ref('previousClose'), offset(ref('middle'), 1)), cmp('gte', candle('close'), ref('middle'))),
      all(cmp('gt', ref('previousClose'), offset(ref('middle'), 1)), cmp('lte', candle('close'), ref('middle'))),
    )),
    stops: OPTIONAL_STOPS,
    confidenceLong: add(constant(0.5), div(sub(candle('close'), ref('upper')), sub(ref('upper'), ref('middle')))),
    confidenceShort: add(constant(0.5), div(sub(ref('lower'), candle('close')), sub(ref('middle'), ref('lower')))),
  },
});

const macdLine = (output: string) => indicator('macd', { fast: 'fast', slow: 'slow', signal: 'signal' }, { output });
const macdStrength = div(abs(ref('histogram')), mul(candle('close'), constant(0.001)));
const macdDocument = documentOf(macdCross, {
  constraints: [{ increasing: ['fast', 'slow'] }, ...STOP_CONSTRAINTS],
  series: [named('macd', macdLine('macd')), named('signal', macdLine('signal')), named('histogram', macdLine('histogram'))],
  rules: {
    entryLong: crossesAbove(ref('macd'), ref('signal'), candle('close')),
    entryShort: crossesBelow(ref('macd'), ref('signal'), candle('close')),
    stops: OPTIONAL_STOPS,
    confidenceLong: macdStrength,
    confidenceShort: macdStrength,
  },
});

/** The moving-average crossover (strategies/ma-cross.ts): confidence = the gap in % of the slow average. */
function crossRules(trendUp: ConditionNode | null, trendDown: ConditionNode | null): Rules {
  const gap = mul(div(abs(sub(ref('fast'), ref('slow'))), ref('slow')), constant(100));
  const up = crossesAbove(ref('fast'), ref('slow')), down = crossesBelow(ref('fast'), ref('slow'));
  return {
    entryLong: trendUp === null ? up : all(up, trendUp),
    entryShort: trendDown === null ? down : all(down, trendDown),
    stops: OPTIONAL_STOPS,
    confidenceLong: gap,
    confidenceShort: gap,
  };
}

const smaCrossDocument = documentOf(smaCross, {
  constraints: [{ increasing: ['fast', 'slow'] }, ...STOP_CONSTRAINTS],
  series: [named('fast', indicator('sma', { period: 'fast' })), named('slow', indicator('sma', { period: 'slow' }))],
  rules: crossRules(null, null),
});

/** The trend filter is off at htfMinutes 0: the compiler folds the `any` away and computes no higher timeframe. */
const filterOff = cmp('lte', constant('htfMinutes'), constant(0));
const emaCrossDocument = documentOf(emaCross, {
  constraints: [{ increasing: ['fast', 'slow'] }, ...STOP_CONSTRAINTS],
  series: [
    named('fast', indicator('ema', { period: 'fast' })),
    named('slow', indicator('ema', { period: 'slow' })),
    named('htfClose', onTimeframe('htfMinutes', candle('close'))),
    named('htfMa', onTimeframe('htfMinutes', indicator('ema', { period: 'htfEmaPeriod' }))),
  ],
  rules: crossRules(any(filterOff, cmp('gt', ref('htfClose'), ref('htfMa'))), any(filterOff, cmp('lte', ref('htfClose'), ref('htfMa')))),
});

const score = add(add(mul(constant(20), ref('trend')), mul(constant(30), ref('momentum'))), mul(constant(15), ref('macdVote')));
const threshold = sub(mul(constant('minConfidence'), constant(100)), constant(1e-9));
const confluenceDocument = documentOf(confluence, {
  constraints: [{ increasing: ['emaFast', 'emaSlow'] }, { increasing: ['macdFast', 'macdSlow'] }],
  series: [
    named('emaFast', indicator('ema', { period: 'emaFast' })),
    named('emaSlow', indicator('ema', { period: 'emaSlow' })),
    named('rsi', indicator('rsi', { period: 'rsiPeriod' })),
    named('macd', indicator('macd', { fast: 'macdFast', slow: 'macdSlow', signal: 'macdSignal' }, { output: 'macd' })),
    named('macdSignal', indicator('macd', { fast: 'macdFast', slow: 'macdSlow', signal: 'macdSignal' }, { output: 'signal' })),
    named('histogram', indicator('macd', { fast: 'macdFast', slow: 'macdSlow', signal: 'macdSignal' }, { output: 'histogram' })),
    named('trend', add(sign(candle('close'), ref('emaSlow')), sign(ref('emaFast'), ref('emaSlow')))),
    named('momentum', choose(
      all(cmp('gt', ref('rsi'), constant(50)), cmp('lt', ref('rsi'), constant(70))),
      constant(1),
      choose(all(cmp('lt', ref('rsi'), constant(50)), cmp('gt', ref('rsi'), constant(30))), constant(-1), constant(0)),
    )),
    named('macdVote', add(sign(ref('macd'), ref('macdSignal')), sign(ref('histogram'), offset(ref('histogram'), 1)))),
    named('score', score),
  ],
  rules: {
    entryLong: all(cmp('gt', ref('score'), constant(0)), cmp('gte', ref('score'), threshold)),
    entryShort: all(cmp('lt', ref('score'), constant(0)), cmp('gte', mul(constant(-1), ref('score')), threshold)),
    stops: { stopLoss: [{ atr: { multiple: { param: 'atrMultiplier' }, period: { param: 'atrPeriod' } } }], takeProfit: { riskReward: { param: 'riskReward' } } },
    confidenceLong: div(ref('score'), constant(100)),
    confidenceShort: div(mul(constant(-1), ref('score')), constant(100)),
  },
});

/** Each built-in's document, by the built-in's name. */
export const BUILTIN_DOCUMENTS: ReadonlyMap<string, StrategyDocument> = new Map(
  [confluenceDocument, smaCrossDocument, emaCrossDocument, rsiReversionDocument, bollingerDocument, macdDocument].map((d) => [d.name, d]),
);
