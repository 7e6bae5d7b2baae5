import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { PARAM_FIELDS, record } from '../../harness/typed-values.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id status } }`;

const valid = {
  symbols: ['SYNTH-BTCUSDT'],
  timeframe: '5m',
  startDate: '2024-01-01T00:00:00Z',
  endDate: '2024-02-01T00:00:00Z',
  strategy: 'ema_cross',
  strategyParams: {},
  initialCapital: 10_000,
};

const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['unknown strategy', { strategy: 'moon_shot' }, 'UNKNOWN_STRATEGY', /moon_shot/],
  ['end before start', { startDate: '2024-03-01T00:00:00Z', endDate: '2024-02-01T00:00:00Z' }, 'INVALID_DATE_RANGE', /endDate.*after startDate/],
  ['end equal to start', { endDate: '2024-01-01T00:00:00Z' }, 'INVALID_DATE_RANGE', /after startDate/],
  ['empty symbols', { symbols: [] }, 'BAD_USER_INPUT', /at least one symbol/],
  ['malformed symbol', { symbols: ['btc usdt'] }, 'BAD_USER_INPUT', /not a valid symbol/],
  ['negative capital', { initialCapital: -5 }, 'BAD_USER_INPUT', /initialCapital must be a number in \[1, 1000000000000\]/],
  ['zero capital', { initialCapital: 0 }, 'BAD_USER_INPUT', /initialCapital must be a number in \[1, 1000000000000\]/],
  ['malformed JSON params', { strategyParams: '{"fast": 12,' }, 'INVALID_JSON', /strategyParams is not valid JSON/],
  ['params not an object', { strategyParams: [1, 2] }, 'INVALID_JSON', /JSON object/],
  ['unknown timeframe', { timeframe: '7m' }, 'BAD_USER_INPUT', /not a Binance interval/],
  ['invalid date', { startDate: 'yesterday' }, 'BAD_USER_INPUT', /DateTime|startDate/],
  ['a date that does not exist', { startDate: '2024-02-30' }, 'BAD_USER_INPUT', /invalid date/],
  // Dates alone are midnight UTC, and an error shows them as they were entered.
  ['end before start, dates alone', { startDate: '2024-03-01', endDate: '2024-02-01' }, 'INVALID_DATE_RANGE', /^endDate \(2024-02-01\) must be after startDate \(2024-03-01\)$/],
  // Bounds on every input, each refusal naming its limit.
  ['capital of 1e300', { initialCapital: 1e300 }, 'BAD_USER_INPUT', /initialCapital must be a number in \[1, 1000000000000\]/],
  ['capital of 1.8e308 (Infinity in JSON terms)', { initialCapital: 1.8e308 }, 'BAD_USER_INPUT', /initialCapital/],
  ['position size of 5e-324', { positionSize: 5e-324 }, 'BAD_USER_INPUT', /positionSize must be 0 or at least 1e-8|positionSize must be a number in/],
  ['quantity step of 5e-324', { quantityStep: 5e-324 }, 'BAD_USER_INPUT', /quantityStep must be 0 or at least 1e-12/],
  ['min notional of 1e300', { minNotional: 1e300 }, 'BAD_USER_INPUT', /minNotional must be a number in \[0, 1000000000000\]/],
  ['fee rate of exactly 0.1', { feeRate: 0.1 }, 'BAD_USER_INPUT', /feeRate must be a number in \[0, 0.1\)/],
  ['trailing stop of 100 %', { trailingStopPct: 100 }, 'BAD_USER_INPUT', /trailingStopPct must be null \(off\) or a number in \(0, 100\)/],
  ['a setting given as null', { feeRate: null }, 'BAD_USER_INPUT', /feeRate must be a number/],
  ['year 1', { startDate: '0001-01-01T00:00:00Z' }, 'INVALID_DATE_RANGE', /startDate 0001-01-01 is outside the supported era \(1990-01-01 to 2100-01-01\)/],
  ['year 9999', { endDate: '9999-12-31T00:00:00Z' }, 'INVALID_DATE_RANGE', /endDate 9999-12-31 is outside the supported era/],
  ['a 1 ms range', { endDate: '2024-01-01T00:00:00.001Z' }, 'INVALID_DATE_RANGE', /shorter than one 5m candle/],
  ['101 symbols', { symbols: Array.from({ length: 101 }, (_, i) => `SYM${i}USDT`) }, 'LIMIT_EXCEEDED', /at most 100 symbols; got 101/],
  [
    '11 strategy legs',
    { extraLegs: Array.from({ length: 10 }, () => ({ strategy: 'ema_cross', symbols: ['SYNTH-ETHUSDT'] })) },
    'LIMIT_EXCEEDED',
    /at most 10 strategy legs; got 11/,
  ],
  ['detail as coarse as the run', { timeframe: '1h', detailTimeframe: 'H1' }, 'BAD_USER_INPUT', /Intrabar detail 1h must be a finer interval that tiles the run's 1h candles/],
  ['detail that does not tile the run', { timeframe: '5m', detailTimeframe: 'M3' }, 'BAD_USER_INPUT', /Intrabar detail 3m/],
  ['leverage on spot', { leverage: 20 }, 'BAD_USER_INPUT', /leverage above 1 needs marketType FUTURES/],
  ['leverage of 126', { marketType: 'FUTURES', leverage: 126 }, 'BAD_USER_INPUT', /leverage must be an integer in \[1, 125\]/],
  ['a partial target before the one before it', { scaleOutTargets: [{ levelR: 2, fraction: 0.5 }, { levelR: 1, fraction: 0.25 }] }, 'BAD_USER_INPUT', /scaleOutTargets\[1\]\.levelR must lie beyond the target before it, got 1 after 2/],
  ['partial targets closing more than all', { scaleOutTargets: [{ levelR: 1, fraction: 0.6 }, { levelR: 2, fraction: 0.5 }] }, 'BAD_USER_INPUT', /the fractions sum to 1\.1, above 1/],
  ['a partial target closing nothing', { scaleOutTargets: [{ levelR: 1, fraction: 0 }] }, 'BAD_USER_INPUT', /scaleOutTargets\[0\]\.fraction must be a number in \(0, 1\], got 0/],
  ['a partial target closing more than the position', { scaleOutTargets: [{ levelR: 1, fraction: 1.5 }] }, 'BAD_USER_INPUT', /scaleOutTargets\[0\]\.fraction must be a number in \(0, 1\], got 1\.5/],
  ['break-even without a partial target', { breakEvenAfterFirstTarget: true }, 'BAD_USER_INPUT', /needs a partial target/],
  ['a partial target of 0 R', { scaleOutTargets: [{ levelR: 0, fraction: 0.5 }] }, 'BAD_USER_INPUT', /scaleOutTargets\[0\]\.levelR must be a number in \(0, 100\] \(R\), got 0/],
  ['eleven partial targets', { scaleOutTargets: Array.from({ length: 11 }, (_, k) => ({ levelR: k + 1, fraction: 0.05 })) }, 'BAD_USER_INPUT', /scaleOutTargets holds at most 10 targets, got 11/],
  ['a target weight above 1', { rebalanceEveryBars: 12, rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 1.2 }] }, 'BAD_USER_INPUT', /rebalanceWeights\[0\]\.weight must be a number in \[0, 1\], got 1\.2/],
  ['a negative target weight', { rebalanceEveryBars: 12, rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: -0.1 }] }, 'BAD_USER_INPUT', /rebalanceWeights\[0\]\.weight must be a number in \[0, 1\], got -0\.1/],
  [
    'target weights summing above 1',
    { symbols: ['SYNTH-BTCUSDT', 'SYNTH-ETHUSDT'], rebalanceSchedule: 'DAILY', rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.7 }, { symbol: 'SYNTH-ETHUSDT', weight: 0.5 }] },
    'BAD_USER_INPUT',
    /rebalanceWeights must sum to at most 1 \(the rest stays cash\), got 1\.2/,
  ],
  // Weights name symbols as the symbols field does: written in lower case it is still the same symbol twice.
  ['a symbol weighted twice', { rebalanceSchedule: 'DAILY', rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.3 }, { symbol: 'synth-btcusdt', weight: 0.3 }] }, 'BAD_USER_INPUT', /rebalanceWeights\[1\]\.symbol SYNTH-BTCUSDT is listed twice/],
  ['a weight for a symbol the run does not trade', { rebalanceSchedule: 'DAILY', rebalanceWeights: [{ symbol: 'SYNTH-ETHUSDT', weight: 0.3 }] }, 'BAD_USER_INPUT', /rebalanceWeights\[0\]\.symbol SYNTH-ETHUSDT is not among the run's symbols \(SYNTH-BTCUSDT\)/],
  ['target weights without a schedule', { rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.3 }] }, 'BAD_USER_INPUT', /rebalanceWeights need a rebalancing schedule/],
  ['a bar count with a weekly schedule', { rebalanceSchedule: 'WEEKLY', rebalanceEveryBars: 12 }, 'BAD_USER_INPUT', /rebalanceEveryBars is for rebalanceSchedule BARS; a WEEKLY schedule takes none, got 12/],
  ['a monthly schedule on futures', { rebalanceSchedule: 'MONTHLY', marketType: 'FUTURES' }, 'BAD_USER_INPUT', /rebalancing is for spot runs, got marketType FUTURES/],
  ['an unknown schedule', { rebalanceSchedule: 'HOURLY' }, 'BAD_USER_INPUT', /HOURLY/],
  ['negative pyramiding', { pyramidingMaxAdds: -1 }, 'BAD_USER_INPUT', /pyramidingMaxAdds must be an integer in \[0, 100\]/],
  // An empty or null parameter is an error naming it, not a silent default.
  ['a parameter given as null', { strategy: 'confluence', strategyParams: { emaSlow: null } }, 'INVALID_STRATEGY_PARAMS', /^emaSlow has no value/],
  ['a parameter given as ""', { strategy: 'confluence', strategyParams: { emaSlow: '' } }, 'INVALID_STRATEGY_PARAMS', /^emaSlow has no value/],
];

describe('runBacktest rejects bad input with a code, enqueuing nothing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(cases)('%s', async (_label, override, code, message) => {
    const result = await app.gql(RUN, { input: { ...valid, ...override } });
    expect(result.data?.runBacktest ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe(code);
    expect(result.errors![0].message).toMatch(message);
  });

  it('rejects out-of-range and inconsistent strategy parameters with one message each', async () => {
    const result = await app.gql(RUN, { input: { ...valid, strategyParams: { fast: 50, slow: 20, bogus: 1 } } });
    expect(result.errors?.[0].extensions?.code).toBe('INVALID_STRATEGY_PARAMS');
    expect(result.errors?.[0].message).toMatch(/bogus/);
    expect(result.errors?.[0].message).toMatch(/fast/);
  });

  it('answers an unparsable query and an unknown field with codes too', async () => {
    const syntax = await app.gql('query { backtests( }');
    expect(syntax.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await app.gql('query { nope }');
    expect(unknown.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const missing = await app.gql('query Q($id: ID!) { backtest(id: $id) { id } }', {});
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('left no run and no job behind', async () => {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const runs = await client.query('SELECT count(*)::int AS n FROM backtest_run');
      const jobs = await client.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'backtest'");
      expect(runs.rows[0].n).toBe(0);
      expect(jobs.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('names the field of each bad setting for forms to mark', async () => {
    const result = await app.gql(RUN, { input: { ...valid, slippageBps: -1, maxOpenPositions: 0 } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slippageBps', fields: ['slippageBps', 'maxOpenPositions'] });
  });

  it('a valid request is accepted and queued exactly once', async () => {
    const result = await app.gql(RUN, { input: valid });
    expect(result.errors).toBeUndefined();
    expect(result.data.runBacktest.status).toBe('PENDING');
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    try {
      const jobs = await client.query("SELECT id::text FROM pgboss.job WHERE name = 'backtest'");
      expect(jobs.rows.map((r) => r.id)).toEqual([result.data.runBacktest.id]);
    } finally {
      await client.end();
    }
  });

  it('names the entry of a bad partial target, and stores a valid list with the run in its order', async () => {
    const bad = await app.gql(RUN, { input: { ...valid, scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: -0.1 }] } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scaleOutTargets[1].fraction' });
    const targets = [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.25 }, { levelR: 3.5, fraction: 0.25 }];
    const run = await app.gql(`mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id settings { scaleOutTargets { levelR fraction } } } }`, {
      input: { ...valid, scaleOutTargets: targets, breakEvenAfterFirstTarget: true },
    });
    expect(run.errors).toBeUndefined();
    expect(run.data.runBacktest.settings.scaleOutTargets).toEqual(targets);
    const read = await app.gql(`query Run($id: ID!) { backtest(id: $id) { settings { scaleOutTargets { levelR fraction } breakEvenAfterFirstTarget } } }`, { id: run.data.runBacktest.id });
    expect(read.data.backtest.settings).toEqual({ scaleOutTargets: targets, breakEvenAfterFirstTarget: true });
  });

  it('names the entry of a bad target weight, and stores a valid list with the run, symbols as the run names them', async () => {
    const input = { ...valid, symbols: ['SYNTH-BTCUSDT', 'SYNTH-ETHUSDT', 'SYNTH-SOLUSDT'], rebalanceSchedule: 'WEEKLY' };
    const weights = [{ symbol: 'SYNTH-BTCUSDT', weight: 0.5 }, { symbol: 'SYNTH-ETHUSDT', weight: 0.3 }, { symbol: 'SYNTH-SOLUSDT', weight: 2 }];
    const bad = await app.gql(RUN, { input: { ...input, rebalanceWeights: weights } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rebalanceWeights[2].weight' });
    const SETTINGS = 'settings { rebalanceSchedule rebalanceEveryBars rebalanceWeights { symbol weight } }';
    const run = await app.gql(`mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id ${SETTINGS} } }`, {
      input: { ...input, rebalanceWeights: [{ symbol: ' synth-btcusdt', weight: 0.6 }, { symbol: 'SYNTH-ETHUSDT', weight: 0.4 }] },
    });
    expect(run.errors).toBeUndefined();
    const stored = { rebalanceSchedule: 'WEEKLY', rebalanceEveryBars: null, rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.6 }, { symbol: 'SYNTH-ETHUSDT', weight: 0.4 }] };
    expect(run.data.runBacktest.settings).toEqual(stored);
    const read = await app.gql(`query Run($id: ID!) { backtest(id: $id) { ${SETTINGS} } }`, { id: run.data.runBacktest.id });
    expect(read.data.backtest.settings).toEqual(stored);
  });

  it('records the defaults of absent parameters and settings, and reads a date alone as midnight UTC', async () => {
    // Absent parameters and settings take their defaults, recorded on the run; dates alone are midnight UTC.
    const dateOnly = await app.gql(
      `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id startDate endDate strategyParams ${PARAM_FIELDS} settings { feeRate sizingMode positionSize trailingStopPct } } }`,
      { input: { ...valid, strategy: 'confluence', startDate: '2024-01-01', endDate: '2024-02-01' } },
    );
    expect(dateOnly.errors).toBeUndefined();
    expect({ ...dateOnly.data.runBacktest, strategyParams: record(dateOnly.data.runBacktest.strategyParams) }).toMatchObject({
      startDate: '2024-01-01T00:00:00.000Z',
      endDate: '2024-02-01T00:00:00.000Z',
      strategyParams: { emaSlow: 50, emaFast: 10, rsiPeriod: 14 },
      settings: { feeRate: 0.001, sizingMode: 'FIXED_QUOTE', positionSize: 100, trailingStopPct: null },
    });
  });
});
