import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG, getStrategy, listStrategies, resolveStrategyParams, validateBacktestConfig } from '../../engine/index.ts';
import { cfg } from './helpers.ts';

describe('strategy registry and parameters', () => {
  it('lists the built-ins with specs', () => {
    expect(listStrategies().map((s) => s.name)).toEqual(['confluence', 'sma_cross', 'ema_cross', 'rsi_reversion', 'bollinger_breakout', 'macd_cross']);
    const c = getStrategy('confluence')!;
    expect(c.params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['rsiPeriod', 'emaFast', 'emaSlow', 'macdFast', 'macdSlow', 'macdSignal', 'atrMultiplier', 'minConfidence', 'riskReward']),
    );
    expect(c.constraints).toEqual(['emaFast < emaSlow', 'macdFast < macdSlow']);
    expect(getStrategy('rsi_reversion')!.constraints).toEqual([
      'oversold < exitLevel < overbought',
      'stopLossPct and atrStopMultiplier are not both set',
      'riskReward needs a stop (stopLossPct or atrStopMultiplier)',
    ]);
    expect(getStrategy('nope')).toBeUndefined();
  });

  it('fills the defaults of confluence (RSI 14, EMA 10/50, MACD 12/26/9)', () => {
    const r = resolveStrategyParams('confluence', { emaFast: 8 });
    expect(r).toEqual({
      params: { rsiPeriod: 14, emaFast: 8, emaSlow: 50, macdFast: 12, macdSlow: 26, macdSignal: 9, atrPeriod: 14, atrMultiplier: 1.5, minConfidence: 0.7, riskReward: 2 },
    });
  });

  it('gives one clear message per problem', () => {
    expect(resolveStrategyParams('nope', {})).toEqual({ errors: [expect.stringMatching(/^unknown strategy "nope"; known: confluence, /)] });
    const r = resolveStrategyParams('confluence', { rsiPeriod: 14.5, emaFast: '10', minConfidence: 2, colour: 1 });
    expect('errors' in r && r.errors).toEqual([
      expect.stringMatching(/unknown parameter "colour"/),
      'rsiPeriod must be an integer, got 14.5',
      'emaFast must be a finite number, got "10"',
      'minConfidence must be <= 1, got 2',
    ]);
    expect(resolveStrategyParams('confluence', { emaFast: 60, emaSlow: 50 })).toEqual({ errors: ['emaFast must be < emaSlow (got emaFast 60, emaSlow 50)'] });
    expect(resolveStrategyParams('bollinger_breakout', { exitAtMiddle: 1 })).toEqual({ errors: ['exitAtMiddle must be a boolean, got 1'] });
    expect(resolveStrategyParams('sma_cross', { riskReward: 2 })).toEqual({ errors: ['riskReward needs a stop: set stopLossPct or atrStopMultiplier'] });
    expect(resolveStrategyParams('macd_cross', { fast: 30, stopLossPct: 1, atrStopMultiplier: 2 })).toEqual({
      errors: ['fast must be < slow (got fast 30, slow 26)', 'stopLossPct and atrStopMultiplier cannot both be set: choose a % stop or an ATR stop'],
    });
    expect(resolveStrategyParams('rsi_reversion', { oversold: 30, exitLevel: 70, overbought: 70 })).toEqual({
      errors: ['oversold must be < exitLevel < overbought (got oversold 30, exitLevel 70, overbought 70)'],
    });
    expect(resolveStrategyParams('rsi_reversion', { oversold: 45, exitLevel: 40 })).toEqual({ errors: ['oversold must be < exitLevel < overbought (got oversold 45, exitLevel 40, overbought 70)'] });
  });
});

describe('backtest config validation', () => {
  const leg = { strategy: 'ema_cross', params: {}, symbols: ['BTCUSDT'] };

  it('accepts the defaults', () => {
    expect(DEFAULT_BACKTEST_CONFIG).toMatchObject({ feeRate: 0.001, slippageBps: 0, sizing: { mode: 'FIXED_QUOTE', value: 100 }, quantityStep: 0, maxOpenPositions: 10, allowShort: true, oppositeSignal: 'REVERSE' });
    expect(validateBacktestConfig(cfg({ legs: [leg] }))).toEqual([]);
  });

  it('reports every problem', () => {
    const errors = validateBacktestConfig(
      cfg({
        initialCapital: 0,
        feeRate: -0.1,
        slippageBps: 5000,
        sizing: { mode: 'PERCENT_EQUITY', value: 150 },
        maxOpenPositions: 0,
        oppositeSignal: 'FLIP' as never,
        trailingStopPct: 0,
        maxDrawdownStopPct: 120,
        legs: [leg, { strategy: 'ema_cross', params: { fast: 30 }, symbols: [] }, { strategy: 'magic', params: {}, symbols: ['X'] }],
      }),
    );
    expect(errors).toEqual([
      'initialCapital must be a number in [1, 1000000000000], got 0',
      'feeRate must be a number in [0, 0.1), got -0.1',
      'slippageBps must be a number in [0, 1000], got 5000',
      'maxOpenPositions must be an integer in [1, 1000], got 0',
      'oppositeSignal must be one of REVERSE, CLOSE, IGNORE, got "FLIP"',
      'trailingStopPct must be null (off) or a number in (0, 100), got 0',
      'maxDrawdownStopPct must be null (off) or a number in (0, 100], got 120',
      'positionSize is a percent for PERCENT_EQUITY and must be <= 100, got 150',
      'legs[1].symbols must list at least one symbol',
      'legs[1] (ema_cross): fast must be < slow (got fast 30, slow 26)',
      'legs[2]: unknown strategy "magic"',
    ]);
    expect(validateBacktestConfig(cfg({ legs: [] }))).toEqual(['legs must list at least one strategy leg']);
  });
});
