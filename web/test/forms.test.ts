import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_DEFINITIONS } from '../../server/backtest/setting-definitions.ts';
import type { SettingDefinition, StrategyParam } from '../src/lib/operations.ts';
import { placeParamIssues } from '../src/lib/param-issues.ts';
import { defaultParamText, fillBlanks, initialSettings, withPreset } from '../src/lib/run-settings-form.ts';
import { buildRunInput, runAsGraphQL, type RunForm } from '../src/features/backtests/run-form.ts';
import { rangeProblems, rangeValues } from '../src/features/sweeps/grid.ts';
import { initialSearch, parseSearch } from '../src/features/sweeps/search-form.ts';
import { placesOf } from '../src/features/sweeps/row-metrics.ts';
import { canResample, offeredTimeframes } from '../src/lib/intervals.ts';
import { asServed, value } from './setting-definitions.ts';

const schema = buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../schema.graphql'), 'utf8'));
const params: StrategyParam[] = [
  { name: 'fast', label: 'Fast EMA', unit: 'bars', type: 'int', default: value(12), min: 2, max: 500, step: 1, description: 'Fast EMA period' },
  { name: 'slow', label: 'Slow EMA', unit: 'bars', type: 'int', default: value(26), min: 3, max: 1000, step: 1, description: 'Slow EMA period' },
  { name: 'stopLossPct', label: 'Stop loss', unit: '%', type: 'float', default: value(0), min: 0, max: 50, step: 0.5, description: '' },
  { name: 'atrStopMultiplier', label: 'ATR stop', unit: 'ATRs', type: 'float', default: value(0), min: 0, max: 20, step: 0.25, description: '' },
  { name: 'riskReward', label: 'Take-profit', unit: '× stop distance', type: 'float', default: value(0), min: 0, max: 20, step: 0.5, description: '' },
];
/** What runSettingDefinitions serves: the server's own definitions, not a copy. */
const definitions: SettingDefinition[] = asServed(SETTING_DEFINITIONS);
const form = (over: Partial<RunForm> = {}): RunForm => ({
  name: 'x', symbols: ['SYNTH-BTCUSDT'], timeframe: '5m', startDate: '2024-01-01', endDate: '2024-01-31',
  strategy: 'ema_cross', params: defaultParamText(params), settings: initialSettings(definitions), extraLegs: [], ...over,
});
const build = (f: RunForm, cover?: Parameters<typeof buildRunInput>[3]) => buildRunInput(f, () => params, definitions, cover);

describe('run form', () => {
  it('an emptied parameter is an error beside it, not a silent default, in the words of its label', () => {
    const { errors } = build(form({ params: { ...defaultParamText(params), fast: '' } }));
    expect(errors['strategyParams.fast']).toEqual(['Fast EMA is empty: enter a value (default 12)']);
    expect(build(form({ params: { ...defaultParamText(params), fast: '7.5' } })).errors['strategyParams.fast']?.[0]).toMatch(/whole/);
    expect(build(form({ params: { ...defaultParamText(params), slow: '1' } })).errors['strategyParams.slow']).toEqual(['Slow EMA must be at least 3']);
  });

  it('blank optional settings are left out; blank required ones are errors; the last day is included', () => {
    const { input, errors } = build(form());
    expect(errors).toEqual({});
    expect(input).not.toHaveProperty('trailingStopPct');
    expect(input.endDate).toBe('2024-02-01T00:00:00.000Z');
    expect(input).toMatchObject({ feeRate: 0.001, allowShort: true, oppositeSignal: 'REVERSE', gapPolicy: 'FAIL', strategyParams: { fast: 12, slow: 26 } });
    expect(build(form({ settings: { ...initialSettings(definitions), feeRate: '' } })).errors['feeRate']).toEqual(['Fee rate is empty: enter a value']);
  });

  it('trades a chosen universe instead of the symbols: the input names the universe only, and no symbol is required', () => {
    const { input, errors } = build(form({ symbols: [], universe: 'a0d9d5f2-0000-4000-8000-000000000001' }));
    expect(errors).toEqual({});
    expect(input).toMatchObject({ universe: 'a0d9d5f2-0000-4000-8000-000000000001' });
    expect(input).not.toHaveProperty('symbols');
    expect(build(form({ symbols: ['SYNTH-BTCUSDT'], universe: '' })).input).toMatchObject({ symbols: ['SYNTH-BTCUSDT'] });
    expect(build(form({ symbols: [], universe: '' })).errors['symbols']).toEqual(['Choose at least one symbol']);
  });

  it('puts each bad setting beside its own field, checked against the bounds the server defines', () => {
    const { errors } = build(form({ settings: { ...initialSettings(definitions), initialCapital: '-5000', positionSize: '0', feeRate: '5' } }));
    expect(errors).toEqual({
      initialCapital: ['Initial capital must be at least 1'],
      positionSize: ['Position size must be more than 0'],
      feeRate: ['Fee rate must be less than 0.1'],
    });
  });

  it('checks the days as typed: a real date, the end not before the start, at least one candle', () => {
    expect(build(form({ startDate: '2024-02-30' })).errors['startDate']).toEqual(['2024-02-30 is not a date (YYYY-MM-DD)']);
    expect(build(form({ startDate: '2024-03-01', endDate: '2024-02-29' })).errors['endDate']).toEqual(['The end date 2024-02-29 is before the start date 2024-03-01']);
    expect(build(form({ startDate: '2024-03-01', endDate: '2024-03-01' })).errors).toEqual({});
    expect(build(form({ timeframe: '1w', startDate: '2024-03-01', endDate: '2024-03-03' })).errors['endDate']).toEqual(['2024-03-01 to 2024-03-03 is shorter than one 1w candle']);
    const limits = { earliestDate: '1990-01-01T00:00:00.000Z', latestDate: '2100-01-01T00:00:00.000Z', maxSymbols: 20, maxLegs: 10 };
    expect(buildRunInput(form({ startDate: '0025-10-12' }), () => params, definitions, undefined, limits).errors['startDate']).toEqual(['0025-10-12 is outside the years the app accepts (1990–2099)']);
  });

  it('"Copy as GraphQL" is a mutation that validates against the schema, with every option the form sends', () => {
    const { input } = build(
      form({ extraLegs: [{ strategy: 'ema_cross', symbols: ['SYNTH-ETHUSDT'], params: defaultParamText(params) }], settings: { ...initialSettings(definitions), trailingStopPct: '2.5' } }),
    );
    const text = runAsGraphQL(input, definitions);
    expect(validate(schema, parse(text))).toEqual([]);
    expect(text).toContain('sizingMode: FIXED_QUOTE');
    expect(text).toContain('oppositeSignal: REVERSE');
    expect(text).toContain('trailingStopPct: 2.5');
    expect(text).toContain('extraLegs: [{ strategy: "ema_cross"');
  });

  it('partial targets: rows become the typed list, checked by the rule the server applies, and copy as GraphQL', () => {
    const rows = [{ levelR: '1', fraction: '0.5' }, { levelR: '2.5', fraction: '0.25' }];
    const { input, errors } = build(form({ settings: { ...initialSettings(definitions), scaleOutTargets: rows, breakEvenAfterFirstTarget: true } }));
    expect(errors).toEqual({});
    expect(input.scaleOutTargets).toEqual([{ levelR: 1, fraction: 0.5 }, { levelR: 2.5, fraction: 0.25 }]);
    const text = runAsGraphQL(input, definitions);
    expect(validate(schema, parse(text))).toEqual([]);
    expect(text).toContain('scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2.5, fraction: 0.25 }]');
    expect(build(form()).input.scaleOutTargets).toEqual([]);
    const bad = (targets: { levelR: string; fraction: string }[]) => build(form({ settings: { ...initialSettings(definitions), scaleOutTargets: targets } })).errors['scaleOutTargets'];
    expect(bad([{ levelR: '2', fraction: '0.5' }, { levelR: '1', fraction: '0.5' }])).toEqual(['scaleOutTargets[1].levelR must lie beyond the target before it, got 1 after 2']);
    expect(bad([{ levelR: '1', fraction: '0.7' }, { levelR: '2', fraction: '0.4' }])).toEqual(['the partial targets close at most all of the position together: the fractions sum to 1.1, above 1']);
    expect(bad([{ levelR: '1', fraction: '' }])).toEqual(['Partial targets, row 1: enter a number for the level (R) and the fraction closed']);
  });

  it('target weights and a weekly schedule: rows become the typed list, checked by the rule the server applies, and copy as GraphQL', () => {
    const settings = { ...initialSettings(definitions), rebalanceSchedule: 'WEEKLY', rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: '0.6' }, { symbol: 'SYNTH-ETHUSDT', weight: '0.4' }] };
    const { input, errors } = build(form({ symbols: ['SYNTH-BTCUSDT', 'SYNTH-ETHUSDT'], settings }));
    expect(errors).toEqual({});
    expect([input.rebalanceSchedule, input.rebalanceWeights]).toEqual(['WEEKLY', [{ symbol: 'SYNTH-BTCUSDT', weight: 0.6 }, { symbol: 'SYNTH-ETHUSDT', weight: 0.4 }]]);
    const text = runAsGraphQL(input, definitions);
    expect(validate(schema, parse(text))).toEqual([]);
    expect(text).toContain('rebalanceSchedule: WEEKLY');
    expect(text).toContain('rebalanceWeights: [{ symbol: "SYNTH-BTCUSDT", weight: 0.6 }, { symbol: "SYNTH-ETHUSDT", weight: 0.4 }]');
    expect(build(form()).input.rebalanceWeights).toEqual([]);
    const bad = (weights: { symbol: string; weight: string }[]) => build(form({ settings: { ...initialSettings(definitions), rebalanceWeights: weights } })).errors['rebalanceWeights'];
    expect(bad([{ symbol: 'SYNTH-BTCUSDT', weight: '0.7' }, { symbol: 'SYNTH-ETHUSDT', weight: '0.5' }])).toEqual(['rebalanceWeights must sum to at most 1 (the rest stays cash), got 1.2']);
    expect(bad([{ symbol: 'SYNTH-BTCUSDT', weight: '0.2' }, { symbol: 'SYNTH-BTCUSDT', weight: '0.2' }])).toEqual(['rebalanceWeights[1].symbol SYNTH-BTCUSDT is listed twice']);
    expect(bad([{ symbol: 'SYNTH-BTCUSDT', weight: 'half' }])).toEqual(['Target weights, row 1: choose a symbol and enter its weight as a number']);
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

describe('sweep ranges', () => {
  it('reads ranges and lists as the server does and names the range that gives no values (the count after constraints is the server\'s sweepPlan)', () => {
    expect(rangeValues({ kind: 'range', min: '0.1', max: '0.5', step: '0.1' }, 'float')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(rangeValues({ kind: 'list', values: '10, 20, 10' }, 'int')).toEqual([10, 20]);
    expect(rangeValues({ kind: 'range', min: '5', max: '1', step: '1' }, 'int')).toMatch(/max/);
    expect(rangeProblems(params, { fast: { kind: 'range', min: '5', max: '1', step: '1' }, slow: { kind: 'list', values: 'x' } })).toEqual({ fast: 'max must be at least min', slow: 'values must be numbers' });
  });
});

describe('presets in the forms', () => {
  const preset = { params: { fast: 16, slow: 60, stopLossPct: 2 }, settings: { positionSize: 2000, sizingMode: 'PERCENT_EQUITY' } };
  const cover = { params: new Set(Object.keys(preset.params)), settings: new Set(Object.keys(preset.settings)) };

  it('blank fields a preset sets are left out of the request (the server fills them); other blanks stay errors', () => {
    const params2 = withPreset(defaultParamText(params), preset.params, 'leave');
    const settings = withPreset(initialSettings(definitions), preset.settings, 'leave');
    expect(params2).toMatchObject({ fast: '', slow: '', stopLossPct: '', riskReward: '0' });
    // A choice cannot be blank: it is written in.
    expect(settings).toMatchObject({ positionSize: '', sizingMode: 'PERCENT_EQUITY' });
    const { input, errors } = build(form({ params: params2, settings }), cover);
    expect(errors).toEqual({});
    expect(input.strategyParams).toEqual({ atrStopMultiplier: 0, riskReward: 0 });
    expect('positionSize' in input).toBe(false);
    expect(input.sizingMode).toBe('PERCENT_EQUITY');
    // Without the preset the same blanks are errors again.
    expect(Object.keys(build(form({ params: params2, settings })).errors).sort()).toEqual(['positionSize', 'strategyParams.fast', 'strategyParams.slow', 'strategyParams.stopLossPct']);
  });

  it("fills the preset's values in on request, keeps what the user typed, and restores defaults when the preset goes", () => {
    const typed = { ...defaultParamText(params), fast: '9' };
    expect(withPreset(typed, preset.params, 'leave', (name) => name === 'fast')).toMatchObject({ fast: '9', slow: '' });
    expect(withPreset(typed, preset.params, 'fill')).toMatchObject({ fast: '16', slow: '60', stopLossPct: '2' });
    expect(fillBlanks({ ...defaultParamText(params), fast: '', slow: '' }, defaultParamText(params), (name) => name === 'slow')).toMatchObject({ fast: '12', slow: '' });
  });
});

describe('sweep validation choices', () => {
  it('sends validation explicitly: the default hold-out, walk-forward windows, or {} to stay in sample', () => {
    expect(parseSearch(initialSearch(), {}).validation).toEqual({ holdoutFraction: 0.25 });
    expect(parseSearch({ ...initialSearch(), validation: 'NONE' }, {}).validation).toEqual({});
    expect(parseSearch({ ...initialSearch(), validation: 'WALK_FORWARD', windows: '4', inSamplePct: '75' }, {}).validation).toEqual({ walkForward: { windows: 4, inSampleFraction: 0.75, mode: 'ROLLING' } });
  });

  it('lists where a sweep has rows: each walk-forward window in and out of sample, the hold-out, or in sample only', () => {
    expect(placesOf({ validation: null })).toEqual([{ window: 0, phase: 'IN_SAMPLE' }]);
    expect(placesOf({ validation: { holdoutFraction: 0.25, walkForward: null } }).map((p) => `${p.window}${p.phase[0]}`)).toEqual(['0I', '0O']);
    expect(placesOf({ validation: { holdoutFraction: null, walkForward: { windows: 2, inSampleFraction: 0.7, mode: 'ROLLING' } } }).map((p) => `${p.window}${p.phase[0]}`)).toEqual(['1I', '1O', '2I', '2O']);
  });
});
