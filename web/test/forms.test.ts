import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StrategyParam } from '../src/features/backtests/data.ts';
import { placeParamIssues } from '../src/features/backtests/param-issues.ts';
import { buildRunInput, defaultParamText, initialSettings, runAsGraphQL, type RunForm } from '../src/features/backtests/run-form.ts';
import { countGrid, heatmapCells, parseConstraint, rangeValues } from '../src/features/sweeps/grid.ts';
import { canResample, offeredTimeframes } from '../src/lib/intervals.ts';

const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../schema.graphql'), 'utf8'));
const params: StrategyParam[] = [
  { name: 'fast', type: 'int', default: 12, min: 2, max: 500, step: 1, description: 'Fast EMA period' },
  { name: 'slow', type: 'int', default: 26, min: 3, max: 1000, step: 1, description: 'Slow EMA period' },
  { name: 'stopLossPct', type: 'float', default: 0, min: 0, max: 50, step: 0.5, description: '' },
  { name: 'atrStopMultiplier', type: 'float', default: 0, min: 0, max: 20, step: 0.25, description: '' },
  { name: 'riskReward', type: 'float', default: 0, min: 0, max: 20, step: 0.5, description: '' },
];
const form = (over: Partial<RunForm> = {}): RunForm => ({
  name: 'x', symbols: ['SYNTH-BTCUSDT'], timeframe: '5m', startDate: '2024-01-01', endDate: '2024-01-31',
  strategy: 'ema_cross', params: defaultParamText(params), settings: initialSettings(), extraLegs: [], ...over,
});

describe('run form', () => {
  it('an emptied parameter is an error beside it, not a silent default', () => {
    const { errors } = buildRunInput(form({ params: { ...defaultParamText(params), fast: '' } }), () => params);
    expect(errors['strategyParams.fast']?.[0]).toMatch(/empty/);
    expect(buildRunInput(form({ params: { ...defaultParamText(params), fast: '7.5' } }), () => params).errors['strategyParams.fast']?.[0]).toMatch(/whole/);
  });

  it('blank optional settings are left out; blank required ones are errors; the end date is inclusive', () => {
    const { input, errors } = buildRunInput(form(), () => params);
    expect(errors).toEqual({});
    expect(input).not.toHaveProperty('trailingStopPct');
    expect(input.endDate).toBe('2024-02-01T00:00:00.000Z');
    expect(input).toMatchObject({ feeRate: 0.001, allowShort: true, gapPolicy: 'FAIL', strategyParams: { fast: 12, slow: 26 } });
    expect(buildRunInput(form({ settings: { ...initialSettings(), feeRate: '' } }), () => params).errors['feeRate']).toBeDefined();
  });

  it('"Copy as GraphQL" is a mutation that validates against the schema, with every option the form sends', () => {
    const { input } = buildRunInput(
      form({ extraLegs: [{ strategy: 'ema_cross', symbols: ['SYNTH-ETHUSDT'], params: defaultParamText(params) }], settings: { ...initialSettings(), trailingStopPct: '2.5' } }),
      () => params,
    );
    const text = runAsGraphQL(input);
    expect(validate(schema, parse(text))).toEqual([]);
    expect(text).toContain('sizingMode: FIXED_QUOTE');
    expect(text).toContain('trailingStopPct: 2.5');
    expect(text).toContain('extraLegs: [{ strategy: "ema_cross"');
  });

  it('server issues about parameters land beside the parameter they name', () => {
    expect(placeParamIssues({ strategyParams: ['fast must be >= 2, got 1', 'something else'], endDate: ['after start'] }, () => params)).toEqual({
      'strategyParams.fast': ['fast must be >= 2, got 1'],
      strategyParams: ['something else'],
      endDate: ['after start'],
    });
  });
});

describe('timeframes a stored market offers', () => {
  it('stored ones and longer ones whole stored bars add up to', () => {
    expect(canResample('5m', '1h')).toBe(true);
    expect(canResample('3m', '5m')).toBe(false);
    expect(canResample('1h', '1M')).toBe(true);
    expect(canResample('3d', '1M')).toBe(false);
    const offered = offeredTimeframes(new Map([['A', ['5m', '1h']], ['B', ['15m']]]), ['A', 'B']);
    // A builds 15m from 5m; B stores only 15m, so everything longer is built from its 15m bars.
    expect(offered?.map((o) => `${o.interval}<${o.source}`)).toEqual(['15m<5m', '30m<15m', '1h<15m', '2h<15m', '4h<15m', '6h<15m', '8h<15m', '12h<15m', '1d<15m', '3d<15m', '1w<15m', '1M<15m']);
    expect(offeredTimeframes(new Map([['A', ['5m', '1h']]]), ['A'])?.slice(0, 4).map((o) => `${o.interval}<${o.source}`)).toEqual(['5m<5m', '15m<5m', '30m<5m', '1h<1h']);
    expect(offeredTimeframes(new Map(), ['BTCUSDT'])).toBeNull();
  });
});

describe('sweep grid', () => {
  it('counts combinations and those a constraint skips, as the server expands them', () => {
    expect(rangeValues({ kind: 'range', min: '0.1', max: '0.5', step: '0.1' }, 'float')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(rangeValues({ kind: 'range', min: '5', max: '1', step: '1' }, 'int')).toMatch(/max/);
    const count = countGrid(
      params,
      { fast: { kind: 'list', values: '10, 20, 30' }, slow: { kind: 'range', min: '20', max: '40', step: '10' }, stopLossPct: { kind: 'fixed' }, atrStopMultiplier: { kind: 'fixed' }, riskReward: { kind: 'fixed' } },
      { fast: 12, slow: 26, stopLossPct: 0, atrStopMultiplier: 0, riskReward: 0 },
      ['fast < slow', 'stopLossPct and atrStopMultiplier are not both set', 'riskReward needs a stop (stopLossPct or atrStopMultiplier)', 'some rule in words'],
    );
    // fast 20/slow 20, fast 30/slow 20 and fast 30/slow 30 break fast < slow.
    expect(count).toMatchObject({ total: 9, skipped: 3, unchecked: ['some rule in words'] });
    const needs = parseConstraint('riskReward needs a stop (stopLossPct or atrStopMultiplier)', ['riskReward', 'stopLossPct', 'atrStopMultiplier'])!;
    expect([needs({ riskReward: 2, stopLossPct: 0, atrStopMultiplier: 0 }), needs({ riskReward: 2, stopLossPct: 1, atrStopMultiplier: 0 }), needs({ riskReward: 0, stopLossPct: 0, atrStopMultiplier: 0 })]).toEqual([false, true, true]);
    expect(parseConstraint('oversold < exitLevel < overbought', ['oversold', 'exitLevel', 'overbought'])!({ oversold: 30, exitLevel: 50, overbought: 70 })).toBe(true);
    expect(parseConstraint('oversold < exitLevel < overbought', ['oversold', 'exitLevel', 'overbought'])!({ oversold: 30, exitLevel: 80, overbought: 70 })).toBe(false);
  });

  it('a heatmap cell per value pair holds the best of the rows sharing it', () => {
    const rows = [
      { params: { fast: 5, slow: 20, x: 1 }, metrics: { roi: 1 } },
      { params: { fast: 5, slow: 20, x: 2 }, metrics: { roi: 3 } },
      { params: { fast: 10, slow: 20, x: 1 }, metrics: { roi: -2 } },
    ];
    expect(heatmapCells(rows, 'fast', 'slow', 'roi', 'higher')).toEqual({
      xValues: ['5', '10'],
      yValues: ['20'],
      cells: [
        { x: '5', y: '20', v: 3, count: 2 },
        { x: '10', y: '20', v: -2, count: 1 },
      ],
    });
  });
});
