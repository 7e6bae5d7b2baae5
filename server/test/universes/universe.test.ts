import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { JAN_2024, seedSyntheticCandles } from '../helpers/candles.ts';

const DAY = 86_400_000;
const CREATE = `mutation C($input: CreateUniverseInput!) { createUniverse(input: $input) { id name symbols rule { quoteAsset minListingDays maxPairs lookbackDays } } }`;

/** Universes through the API: a stored list and a rule over the stored candles, used by a run. */
describe('universes', () => {
  let app: TestApp;
  const start = JAN_2024 + 40 * DAY;

  beforeAll(async () => {
    app = await startTestApp();
    // Three USDT pairs listed from 1 January, one listed on 5 February (5 days before the start), one quoted in BTC.
    for (const [symbol, startMs, seed] of [
      ['SYNTH-AAAUSDT', JAN_2024, 1],
      ['SYNTH-BBBUSDT', JAN_2024, 2],
      ['SYNTH-CCCUSDT', JAN_2024, 3],
      ['SYNTH-NEWUSDT', JAN_2024 + 35 * DAY, 4],
      ['SYNTH-AAABTC', JAN_2024, 5],
    ] as const) {
      await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 24 * 60 - (startMs - JAN_2024) / 3_600_000, seed, startMs });
    }
    // Candles standing in for two other exchanges' USDT markets.
    for (const [storedAs, seed] of [['BYBIT:AAA/USDT', 6], ['OKX:BBB/USDT', 7]] as const) {
      await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-OTHER', storedAs, interval: '1h', count: 24 * 60, seed });
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('evaluates a rule on the stored data before the start: quote asset, listing age, volume ranking', async () => {
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'USDT, listed 10 days', rule: { quoteAsset: 'usdt', minListingDays: 10 } } });
    expect(createUniverse.rule).toEqual({ quoteAsset: 'USDT', minListingDays: 10, maxPairs: 100, lookbackDays: 30 });
    // The schema declares the defaults a rule left without them gets (the editor shows them); null asks for them too.
    const { __type } = await gqlData(app.gql, '{ __type(name: "UniverseRuleInput") { inputFields { name defaultValue } } }', {});
    const declared = Object.fromEntries(__type.inputFields.filter((f: { defaultValue: string | null }) => f.defaultValue !== null).map((f: { name: string; defaultValue: string }) => [f.name, f.defaultValue]));
    expect(declared).toEqual({ maxPairs: '100', lookbackDays: '30' });
    const nulls = await gqlData(app.gql, CREATE, { input: { name: 'nulls', rule: { quoteAsset: 'USDT', maxPairs: null, lookbackDays: null } } });
    expect(nulls.createUniverse.rule).toMatchObject({ maxPairs: 100, lookbackDays: 30 });
    await gqlData(app.gql, 'mutation D($id: ID!) { deleteUniverse(id: $id) }', { id: nulls.createUniverse.id });
    const at = (id: string) => gqlData(app.gql, `query U($id: ID!, $start: DateTime!) { universe(id: $id) { pairsAt(timeframe: "1h", start: $start) } }`, { id, start: new Date(start).toISOString() });
    expect((await at(createUniverse.id)).universe.pairsAt.sort()).toEqual(['BYBIT:AAA/USDT', 'OKX:BBB/USDT', 'SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT']);
    const top = await gqlData(app.gql, CREATE, { input: { name: 'top 2 USDT', rule: { quoteAsset: 'USDT', maxPairs: 2 } } });
    expect((await at(top.createUniverse.id)).universe.pairsAt).toHaveLength(2);
  });

  it('reads a rule on the candles a run builds its timeframe from: 1h stored serves 4h and 1d, not 30m', async () => {
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'top 3 USDT, any timeframe', rule: { quoteAsset: 'USDT', minListingDays: 10, maxPairs: 3 } } });
    const at = (timeframe: string) => app.gql(`query U($id: ID!, $timeframe: String!, $start: DateTime!) { universe(id: $id) { pairsAt(timeframe: $timeframe, start: $start) } }`, { id: createUniverse.id, timeframe, start: new Date(start).toISOString() });
    const hourly = (await at('1h')).data!.universe.pairsAt;
    expect(hourly).toHaveLength(3);
    // The same candles (the 1h ones) are read for a 4h or daily run, so the same pairs come in the same order.
    expect((await at('4h')).data!.universe.pairsAt).toEqual(hourly);
    expect((await at('1d')).data!.universe.pairsAt).toEqual(hourly);
    const finer = await at('30m');
    expect(finer.errors?.[0]?.extensions?.code).toBe('NO_DATA');
    expect(finer.errors?.[0]?.message).toContain('on 30m candles');
  });

  it('restricts a rule to one exchange: it reads only that exchange\'s stored pairs', async () => {
    const at = async (name: string, exchange: string) => {
      const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name, rule: { quoteAsset: 'USDT', exchange } } });
      const { universe } = await gqlData(app.gql, `query U($id: ID!, $start: DateTime!) { universe(id: $id) { rule { exchange } pairsAt(timeframe: "1h", start: $start) } }`, { id: createUniverse.id, start: new Date(start).toISOString() });
      expect(universe.rule.exchange).toBe(exchange);
      return universe.pairsAt.sort();
    };
    expect(await at('Bybit USDT', 'BYBIT')).toEqual(['BYBIT:AAA/USDT']);
    expect(await at('OKX USDT', 'OKX')).toEqual(['OKX:BBB/USDT']);
    // Plain symbols are Binance's (imported and synthetic markets included).
    expect(await at('Binance USDT', 'BINANCE')).toEqual(['SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT', 'SYNTH-NEWUSDT']);
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'Kraken USDT', rule: { quoteAsset: 'USDT', exchange: 'KRAKEN' } } });
    const none = await app.gql(`query U($id: ID!, $start: DateTime!) { universe(id: $id) { pairsAt(timeframe: "1h", start: $start) } }`, { id: createUniverse.id, start: new Date(start).toISOString() });
    expect(none.errors?.[0]?.extensions?.code).toBe('NO_DATA');
    expect(none.errors?.[0]?.message).toContain('of KRAKEN');
  });

  it('runs a backtest over a stored list universe', async () => {
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'three', symbols: ['synth-aaausdt', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT'] } });
    const { runBacktest } = await gqlData(app.gql, `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id symbols } }`, {
      input: { name: 'universe run', universe: createUniverse.id, timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + 15 * DAY).toISOString(), strategy: 'ema_cross', initialCapital: 10_000, positionSize: 1_000, maxOpenPositions: 1, entryRanking: 'VOLATILITY' },
    });
    expect(runBacktest.symbols).toEqual(['SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT']);
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { status error settings { entryRanking } report { perPair { symbol } }
      metrics { skippedEntries { reason count } } execution { skippedSignals { symbol direction timeMs signalTimeMs rankValue reason } } } }`, { id: runBacktest.id });
    expect(`${backtest.status} ${backtest.error ?? ''}`.trim()).toBe('COMPLETED');
    expect(backtest.settings.entryRanking).toBe('VOLATILITY');
    expect(backtest.report.perPair.map((r: any) => r.symbol).sort()).toEqual(runBacktest.symbols);
    // Every skipped signal is listed, and the list agrees with the counts by reason.
    const listed = backtest.execution.skippedSignals as Array<{ symbol: string; timeMs: number; signalTimeMs: number; rankValue: number; reason: string }>;
    const counted = Object.fromEntries(backtest.metrics.skippedEntries.map((e: any) => [e.reason, e.count]));
    expect(counted.MAX_OPEN_POSITIONS).toBeGreaterThan(0);
    expect(Object.fromEntries([...new Set(listed.map((x) => x.reason))].map((r) => [r, listed.filter((x) => x.reason === r).length]))).toEqual(counted);
    expect(listed.every((x) => runBacktest.symbols.includes(x.symbol) && x.timeMs > x.signalTimeMs && x.rankValue >= 0)).toBe(true);
  });

  it('takes target weights for the pairs a rule universe resolves to at the start, exchange-qualified ones included, and refuses others', async () => {
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'USDT listed 10 days, weighted', rule: { quoteAsset: 'USDT', minListingDays: 10 } } });
    const run = (rebalanceWeights: Array<{ symbol: string; weight: number }>) =>
      app.gql(`mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id settings { rebalanceWeights { symbol weight } } } }`, {
        input: { universe: createUniverse.id, timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + DAY).toISOString(), strategy: 'ema_cross', initialCapital: 1000, rebalanceSchedule: 'DAILY', rebalanceWeights },
      });
    // SYNTH-NEWUSDT is stored but listed 5 days before the start: not one of the universe's pairs then.
    const refused = await run([{ symbol: 'SYNTH-AAAUSDT', weight: 0.5 }, { symbol: 'SYNTH-NEWUSDT', weight: 0.2 }]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rebalanceWeights[1].symbol' });
    expect(refused.errors?.[0]?.message).toMatch(/rebalanceWeights\[1\]\.symbol SYNTH-NEWUSDT is not among the run's symbols/);
    const accepted = await run([{ symbol: 'bybit:aaa/usdt', weight: 0.5 }, { symbol: 'SYNTH-BBBUSDT', weight: 0.2 }]);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.runBacktest.settings.rebalanceWeights).toEqual([{ symbol: 'BYBIT:AAA/USDT', weight: 0.5 }, { symbol: 'SYNTH-BBBUSDT', weight: 0.2 }]);
  });

  it('refuses a universe with both or neither of symbols and rule, a duplicate name, and symbols beside a universe', async () => {
    const code = async (query: string, variables: Record<string, unknown>) => (await app.gql(query, variables)).errors?.[0]?.extensions?.code;
    expect(await code(CREATE, { input: { name: 'neither' } })).toBe('BAD_USER_INPUT');
    expect(await code(CREATE, { input: { name: 'both', symbols: ['SYNTH-AAAUSDT'], rule: { quoteAsset: 'USDT' } } })).toBe('BAD_USER_INPUT');
    expect(await code(CREATE, { input: { name: 'three', symbols: ['SYNTH-AAAUSDT'] } })).toBe('CONFLICT');
    expect(await code(CREATE, { input: { name: 'bad', rule: { maxPairs: 0 } } })).toBe('LIMIT_EXCEEDED');
    const { universes } = await gqlData(app.gql, `{ universes { id name } }`);
    const three = universes.find((u: any) => u.name === 'three');
    expect(
      await code(`mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`, {
        input: { universe: three.id, symbols: ['SYNTH-AAAUSDT'], timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + DAY).toISOString(), strategy: 'ema_cross', initialCapital: 1000, positionSize: 100 },
      }),
    ).toBe('BAD_USER_INPUT');
    const unranked = await app.gql(`mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`, {
      input: { universe: three.id, timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + DAY).toISOString(), strategy: 'ema_cross', initialCapital: 1000, entryRanking: 'STRATEGY_SERIES' },
    });
    expect(unranked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entryRanking' });
  });
  it('deletes a universe: it leaves the list and cannot be run again, while a run made with it keeps its pairs', async () => {
    const { createUniverse } = await gqlData(app.gql, CREATE, { input: { name: 'to delete', symbols: ['SYNTH-AAAUSDT', 'SYNTH-CCCUSDT'] } });
    const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
    const input = { universe: createUniverse.id, timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + DAY).toISOString(), strategy: 'ema_cross', initialCapital: 1000, positionSize: 100 };
    const { runBacktest } = await gqlData(app.gql, RUN, { input });
    const DELETE = `mutation D($id: ID!) { deleteUniverse(id: $id) }`;
    expect((await gqlData(app.gql, DELETE, { id: createUniverse.id })).deleteUniverse).toBe(true);
    expect((await gqlData(app.gql, `{ universes { id } }`)).universes.map((u: { id: string }) => u.id)).not.toContain(createUniverse.id);
    expect((await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { symbols } }`, { id: runBacktest.id })).backtest.symbols).toEqual(['SYNTH-AAAUSDT', 'SYNTH-CCCUSDT']);
    expect((await app.gql(RUN, { input })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql(DELETE, { id: createUniverse.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
