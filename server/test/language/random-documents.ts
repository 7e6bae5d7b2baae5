import { INDICATORS } from '../../engine/indicators/catalogue.ts';
import { CANDLE_FIELDS } from '../../engine/indicators/descriptor.ts';
import { ARITHMETIC_OPS, COMPARE_OPS, LANGUAGE_VERSION, type ConditionNode, type ParamDecl, type SeriesNode, type StrategyDocument } from '../../engine/language/document.ts';
import { abs, all, any, arith, candle, choose, cmp, constant, crossesAbove, crossesBelow, indicator, not, offset, onTimeframe, ref } from '../../engine/language/nodes.ts';
import { mulberry32 } from '../../engine/prng.ts';

/**
 * Random valid documents from a seed: every series and condition kind, indicators from the whole
 * catalogue with parameters in small ranges (so short fixtures warm up), named series, parameters,
 * offsets and a higher timeframe of `htfMinutes`.
 */
export function randomDocument(seed: number, htfMinutes: number): StrategyDocument {
  const rng = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const params: ParamDecl[] = [
    { name: 'len', type: 'int', default: int(2, 20), min: 2, max: 30, step: 1 },
    { name: 'level', type: 'float', default: int(20, 80), min: 0, max: 100, step: 1 },
    { name: 'on', type: 'bool', default: int(0, 1) },
  ];
  const names: string[] = [];

  const indicatorNode = (depth: number, onHtf: boolean): SeriesNode => {
    const d = pick(INDICATORS);
    const values: Record<string, number | string> = {};
    for (const p of d.params) {
      if (p.type === 'int' && p.name.toLowerCase().includes('period') && p.min <= 2 && rng.next() < 0.3) values[p.name] = 'len';
      else if (p.type === 'int') values[p.name] = Math.min(p.max, Math.max(p.min, int(p.min, Math.min(p.max, p.min + 12))));
      else values[p.name] = Math.min(p.max, p.min + p.step * int(0, 10));
    }
    // Descriptors with ordered parameters (fast < slow): keep their defaults.
    const params = d.constraints.length > 0 ? {} : values;
    const output = pick(d.outputs).name;
    const source = d.source !== null && depth > 0 && rng.next() < 0.4 ? { source: series(depth - 1, onHtf) } : {};
    return indicator(d.name, params, { output, ...source });
  };

  const series = (depth: number, onHtf = false): SeriesNode => {
    const r = rng.next();
    if (depth <= 0 || r < 0.2) return candle(pick(CANDLE_FIELDS));
    if (r < 0.5) return indicatorNode(depth, onHtf);
    if (r < 0.58) return arith(pick(ARITHMETIC_OPS), series(depth - 1, onHtf), series(depth - 1, onHtf));
    if (r < 0.63) return abs(series(depth - 1, onHtf));
    if (r < 0.7) return offset(series(depth - 1, onHtf), rng.next() < 0.5 ? int(0, 5) : 'len');
    if (r < 0.76 && !onHtf) return onTimeframe(htfMinutes, series(depth - 1, true));
    if (r < 0.8) return choose(condition(depth - 1, onHtf), series(depth - 1, onHtf), series(depth - 1, onHtf));
    if (r < 0.88 && names.length > 0 && !onHtf) return ref(pick(names));
    return constant(rng.next() < 0.5 ? 'level' : int(-5, 100));
  };

  const condition = (depth: number, onHtf = false): ConditionNode => {
    const r = rng.next();
    if (depth <= 0 || r < 0.3) return cmp(pick(COMPARE_OPS), series(depth - 1, onHtf), series(depth - 1, onHtf));
    if (r < 0.4) return crossesAbove(series(depth - 1, onHtf), series(depth - 1, onHtf));
    if (r < 0.5) return crossesBelow(series(depth - 1, onHtf), series(depth - 1, onHtf));
    if (r < 0.55) return { between: { of: series(depth - 1, onHtf), low: series(depth - 1, onHtf), high: series(depth - 1, onHtf) } };
    if (r < 0.6) return { rising: { of: series(depth - 1, onHtf), bars: { value: int(1, 4) } } };
    if (r < 0.65) return { falling: { of: series(depth - 1, onHtf), bars: { value: int(1, 4) } } };
    if (r < 0.72) {
      const m = int(1, 6);
      return { nOfM: { condition: condition(depth - 1, onHtf), n: { value: int(1, m) }, m: { value: m } } };
    }
    if (r < 0.8) return all(condition(depth - 1, onHtf), condition(depth - 1, onHtf));
    if (r < 0.88) return any(condition(depth - 1, onHtf), condition(depth - 1, onHtf));
    if (r < 0.94) return not(condition(depth - 1, onHtf));
    return { flag: 'on' };
  };

  const named: { name: string; series: SeriesNode }[] = [];
  for (let k = int(0, 3); k > 0; k--) {
    const name = `s${named.length}`;
    named.push({ name, series: series(2) });
    names.push(name);
  }
  const maybe = <T>(make: () => T): T | undefined => (rng.next() < 0.6 ? make() : undefined);
  const stopKind = int(0, 3);
  const rules = {
    entryLong: condition(3),
    ...(rng.next() < 0.7 ? { entryShort: condition(3) } : {}),
    ...(rng.next() < 0.5 ? { exitLong: condition(2) } : {}),
    ...(rng.next() < 0.5 ? { exitShort: condition(2) } : {}),
    ...(stopKind === 0 ? {} : {
      stops: {
        stopLoss: [stopKind === 1 ? { percent: { value: int(1, 5) } } : { atr: { multiple: { value: int(1, 4) }, period: { value: int(2, 20) } } }],
        ...(stopKind === 3 ? { takeProfit: { riskReward: { value: int(1, 3) } } } : {}),
      },
    }),
    ...(maybe(() => ({ confidenceLong: series(2) })) ?? {}),
    ...(maybe(() => ({ entryPriceLong: series(2) })) ?? {}),
  };
  // Drawn last, so the rest of each seed's document is what it was before documents had them.
  const trailingKind = int(0, 3), sizingKind = int(0, 3);
  const trailing = trailingKind === 2 ? { percent: { value: int(1, 8) } } : trailingKind === 3 ? { atr: { multiple: { value: int(1, 4) }, period: { value: int(2, 20) } } } : undefined;
  const sizing = sizingKind === 1 ? { fixedQuote: { value: int(50, 500) } } : sizingKind === 2 ? { percentEquity: { value: int(5, 50) } } : sizingKind === 3 && stopKind !== 0 ? { riskPercent: { value: int(1, 3) } } : undefined;
  const withStops = trailing === undefined ? rules : { ...rules, stops: { ...(rules.stops ?? {}), trailing } };
  return { language: LANGUAGE_VERSION, name: `random ${seed}`, params, series: named, rules: sizing === undefined ? withStops : { ...withStops, sizing } };
}
