/**
 * User strategies through the API and the real jobs: typed @oneOf input and JSON import, versions, checks
 * on save, runs and sweeps by versioned name (threads compile the document), recommendations over the
 * document's parameters, deletion that keeps old runs readable, the preview, and the hostile documents (50 and more)
 * that get coded errors with paths while nothing is stored.
 */
import pg from 'pg';
import { openOrm } from '../../db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARITHMETIC_OPS, BUILTIN_DOCUMENTS, CANDLE_FIELDS, COMPARE_OPS, CONDITION_KINDS, INDICATORS, RSI_TREND_EXAMPLE, SERIES_KINDS } from '../../engine/index.ts';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { PARAM_FIELDS, record, VALUE_FIELDS } from '../../harness/typed-values.ts';
import { recommendFromSweep } from '../../recommendations/recommendation.job.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedSyntheticCandles } from '../helpers/candles.ts';
import { generateSyntheticCandles } from '../../market-data/synthetic.ts';
import { HOSTILE_DOCUMENTS } from '../language/hostile-documents.ts';

const STRATEGY_FIELDS = `id name latestVersion strategyName deleted latest { version strategyName documentJson params { name type default ${VALUE_FIELDS} min max } checks { historyBars warmup { path bars exact } lookAhead { passed cuts barsCompared findings { bar } } } }`;
const CREATE = `mutation C($document: StrategyDocumentInput) { createUserStrategy(document: $document) { ${STRATEGY_FIELDS} } }`;
const IMPORT = `mutation I($json: String!, $id: String) { importUserStrategy(documentJson: $json, id: $id) { ${STRATEGY_FIELDS} } }`;
const RUN = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id strategy strategyParams ${PARAM_FIELDS} } }`;
const HOUR_MS = 3_600_000;
const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id status totalEvaluations } }`;

describe('user strategies', () => {
  let app: TestApp;
  let hourly: { fromMs: number; toMs: number };
  const SYMBOL = 'SYNTH-DOCUSDT';

  beforeAll(async () => {
    app = await startTestApp();
    hourly = await seedSyntheticCandles(app.databaseUrl, { symbol: SYMBOL, interval: '1h', count: 9_000, seed: 18 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const rowCounts = async () => {
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
    try {
      const { rows } = await pool.query(`select (select count(*) from user_strategy)::int as strategies, (select count(*) from user_strategy_version)::int as versions`);
      return rows[0] as { strategies: number; versions: number };
    } finally {
      await pool.end();
    }
  };
  const runToEnd = async (input: Record<string, unknown>) => {
    const { runBacktest } = await gqlData(app.gql, RUN, { input });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { id status strategy strategyParams ${PARAM_FIELDS} metrics { totalTrades } } }`, { id: runBacktest.id });
    return { ...backtest, strategyParams: record(backtest.strategyParams) };
  };

  it('saves a document from typed input, versions it on update, runs a version by name, and keeps it after deletion', async () => {
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document: RSI_TREND_EXAMPLE });
    expect(created).toMatchObject({ latestVersion: 1, deleted: false, strategyName: `user:${created.id}@1` });
    expect(JSON.parse(created.latest.documentJson)).toEqual(RSI_TREND_EXAMPLE);
    expect(created.latest.checks.lookAhead).toMatchObject({ passed: true, cuts: 12, findings: [] });
    expect(created.latest.checks.warmup.map((w: any) => w.path)).toEqual(['series.rsi', 'series.trend', 'rules.entryLong', 'rules.exitLong', 'rules.stops.stopLoss[0]']);
    expect(created.latest.checks.historyBars).toBeGreaterThan(200);

    const { strategies } = await gqlData(app.gql, `{ strategies { name title params { name } documentJson } }`);
    const listed = strategies.find((s: any) => s.name === created.strategyName);
    expect(listed.title).toBe(`${RSI_TREND_EXAMPLE.name} v1`);
    expect(strategies.find((s: any) => s.name === 'ema_cross').title).toBe('ema_cross');
    expect(listed.params.map((p: any) => p.name)).toEqual(RSI_TREND_EXAMPLE.params!.map((p) => p.name));
    for (const name of BUILTIN_DOCUMENTS.keys()) expect(JSON.parse(strategies.find((s: any) => s.name === name).documentJson)).toEqual(BUILTIN_DOCUMENTS.get(name));

    const edited = { ...RSI_TREND_EXAMPLE, name: 'RSI, shorter trend', params: RSI_TREND_EXAMPLE.params!.map((p) => (p.name === 'trendPeriod' ? { ...p, default: 50 } : p)) };
    const { importUserStrategy: updated } = await gqlData(app.gql, IMPORT, { json: JSON.stringify(edited), id: created.id });
    expect(updated).toMatchObject({ id: created.id, latestVersion: 2, name: 'RSI, shorter trend', strategyName: `user:${created.id}@2` });

    const run = await runToEnd(marketInput(hourly, SYMBOL, '1h', { strategy: `user:${created.id}@1`, strategyParams: { trendPeriod: 100 } }));
    expect(run).toMatchObject({ status: 'COMPLETED', strategy: `user:${created.id}@1` });
    expect(run.strategyParams).toMatchObject({ trendPeriod: 100, rsiPeriod: 14 });
    expect(run.metrics.totalTrades).toBeGreaterThan(0);
    // People read a version by its document's name, not its id: the run's default name, the API's titles and the report.
    const TITLED = `query B($id: ID!) { backtest(id: $id) { name strategyTitle legs { strategyTitle } } }`;
    const v1Title = `${RSI_TREND_EXAMPLE.name} v1`;
    expect((await gqlData(app.gql, TITLED, { id: run.id })).backtest).toEqual({ name: `${v1Title} ${SYMBOL} 1h`, strategyTitle: v1Title, legs: [{ strategyTitle: v1Title }] });
    const report = await (await fetch(`${app.url}/reports/backtests/${run.id}.html`)).text();
    expect(report).toContain(`${v1Title} (user:${created.id}@1)`);

    // A list filter takes a version, or the strategy's family (user:<id>) for runs of every version.
    const family = { name: `user:${created.id}`, title: 'RSI, shorter trend' };
    expect((await gqlData(app.gql, `{ strategies { name family { name title } } }`)).strategies.find((s: any) => s.name === updated.strategyName).family).toEqual(family);
    const v2Run = await runToEnd(marketInput(hourly, SYMBOL, '1h', { strategy: updated.strategyName }));
    const runsOf = async (strategy: string) =>
      (await gqlData(app.gql, `query L($strategy: String!) { backtests(filter: { strategy: $strategy }, first: 50) { edges { node { id } } } }`, { strategy })).backtests.edges.map((e: any) => e.node.id).sort();
    expect(await runsOf(family.name)).toEqual([run.id, v2Run.id].sort());
    expect(await runsOf(`user:${created.id}@1`)).toEqual([run.id]);
    expect(await runsOf(updated.strategyName)).toEqual([v2Run.id]);
    // Nothing but a whole strategy id is a family: LIKE's wildcards match nothing.
    expect(await runsOf('user:%')).toEqual([]);
    expect(await runsOf(`user:${created.id.slice(0, 35)}_`)).toEqual([]);

    expect((await gqlData(app.gql, `mutation D($id: String!) { deleteUserStrategy(id: $id) }`, { id: created.id })).deleteUserStrategy).toBe(true);
    const { userStrategies } = await gqlData(app.gql, `{ userStrategies { id } }`);
    expect(userStrategies.map((s: any) => s.id)).not.toContain(created.id);
    const { userStrategyVersion } = await gqlData(app.gql, `query V($n: String!) { userStrategyVersion(strategyName: $n) { version documentJson } }`, { n: `user:${created.id}@1` });
    expect(JSON.parse(userStrategyVersion.documentJson)).toEqual(RSI_TREND_EXAMPLE);
    expect((await gqlData(app.gql, TITLED, { id: run.id })).backtest.strategyTitle).toBe(v1Title);
    expect((await gqlData(app.gql, `{ strategies { name title } }`)).strategies.map((s: any) => s.title)).not.toContain('RSI, shorter trend v2');
    const unknown = await app.gql(RUN, { input: marketInput(hourly, SYMBOL, '1h', { strategy: `user:${created.id}@9` }) });
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_STRATEGY');
  });

  it('fits a long title into the made-up names of a run and a sweep (the names are at most 200 characters)', async () => {
    const longPairs = ['SYNTH-LONGNAMEAAAAAAAAAAAAAAAAUSDT', 'SYNTH-LONGNAMEBBBBBBBBBBBBBBBBUSDT', 'SYNTH-LONGNAMECCCCCCCCCCCCCCCCUSDT'];
    for (const [k, symbol] of longPairs.entries()) await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 2_000, seed: 40 + k });
    const name = `A strategy with a name as long as a document allows ${'x'.repeat(48)}`;
    expect(name).toHaveLength(100);
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document: { ...RSI_TREND_EXAMPLE, name } });
    const market = { ...marketInput(hourly, SYMBOL, '1h', { strategy: created.strategyName }), symbols: [SYMBOL, ...longPairs] };
    const { runBacktest } = await gqlData(app.gql, `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id name } }`, { input: market });
    const { optimizeStrategy } = await gqlData(app.gql, `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id name } }`, {
      input: { ...market, parameterRanges: { rsiPeriod: [7, 14] }, minTrades: 0 },
    });
    for (const made of [runBacktest.name, optimizeStrategy.name]) {
      expect(made.startsWith(`${name} v1 `)).toBe(true);
      expect(made).toHaveLength(200);
      expect(made.endsWith('…')).toBe(true);
    }
    // Both end (the short pairs' gaps may fail them) before the next test migrates the schema under the jobs.
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: optimizeStrategy.id });
  });

  it('renames the names made up before titles (user:<id>@<v> …) to the title, and back when migrated down; typed names stay', async () => {
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document: { ...RSI_TREND_EXAMPLE, name: 'Renamed by a migration' } });
    const RUN_NAMED = `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id name } }`;
    const market = marketInput(hourly, SYMBOL, '1h', { strategy: created.strategyName });
    const made = (await gqlData(app.gql, RUN_NAMED, { input: market })).runBacktest;
    const typed = (await gqlData(app.gql, RUN_NAMED, { input: { ...market, name: 'Renamed by a migration v1, typed' } })).runBacktest;
    const sweep = (await gqlData(app.gql, `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id name } }`, { input: { ...market, parameterRanges: { rsiPeriod: [7, 14] }, minTrades: 0 } })).optimizeStrategy;
    expect([made.name, sweep.name]).toEqual([`Renamed by a migration v1 ${SYMBOL} 1h`, `Renamed by a migration v1 sweep ${SYMBOL} 1h`]);
    // The jobs end before the schema goes down under them.
    for (const id of [made.id, typed.id]) await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: sweep.id });
    const names = async () => {
      const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
      try {
        const { rows } = await pool.query<{ name: string }>(`select name from backtest_run where id = any($1::uuid[]) union all select name from optimization_sweep where id = $2 order by name`, [[made.id, typed.id], sweep.id]);
        return rows.map((r) => r.name);
      } finally {
        await pool.end();
      }
    };
    const orm = await openOrm(app.databaseUrl);
    try {
      // Down: the names the app made before titles, as an older data folder holds them.
      await orm.getMigrator().down({ to: 'Migration20261207164646_trade_fills_in_the_trade' });
      expect(await names()).toEqual(['Renamed by a migration v1, typed', `${created.strategyName} ${SYMBOL} 1h`, `${created.strategyName} sweep ${SYMBOL} 1h`]);
      await orm.getMigrator().up();
      expect(await names()).toEqual(['Renamed by a migration v1 SYNTH-DOCUSDT 1h', 'Renamed by a migration v1 sweep SYNTH-DOCUSDT 1h', 'Renamed by a migration v1, typed']);
    } finally {
      await orm.close();
    }
  });

  it('round-trips a trailing stop and sizing as typed input, and the run uses them over the run’s settings', async () => {
    const document = {
      ...RSI_TREND_EXAMPLE,
      name: 'RSI with a trailing stop',
      rules: {
        ...RSI_TREND_EXAMPLE.rules,
        stops: { ...RSI_TREND_EXAMPLE.rules.stops, trailing: { atr: { multiple: { value: 1.5 }, period: { value: 10 } } } },
        sizing: { percentEquity: { value: 20 } },
      },
    };
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document });
    expect(JSON.parse(created.latest.documentJson)).toEqual(document);
    expect(created.latest.checks.lookAhead.passed).toBe(true);
    expect(created.latest.checks.warmup.map((w: any) => w.path)).toContain('rules.stops.trailing');
    const { userStrategy } = await gqlData(app.gql, `query U($id: String!) { userStrategy(id: $id) { latest { documentJson } } }`, { id: created.id });
    expect(JSON.parse(userStrategy.latest.documentJson)).toEqual(document);

    // The run asks for 1,000 quote per trade and a 50 % trailing stop: the document's 20 % of equity and ATR trail replace both.
    const run = await runToEnd(marketInput(hourly, SYMBOL, '1h', { strategy: created.strategyName, trailingStopPct: 50 }));
    expect(run.status).toBe('COMPLETED');
    const { backtest } = await gqlData(app.gql, `query T($id: ID!) { backtest(id: $id) { trades(first: 500) { edges { node { seq entryPrice quantity exitReason } } } } }`, { id: run.id });
    const trades = backtest.trades.edges.map((e: any) => e.node).sort((a: any, b: any) => a.seq - b.seq);
    expect(trades.length).toBeGreaterThan(0);
    expect((trades[0].quantity * trades[0].entryPrice) / 2_000).toBeCloseTo(1, 9);
    expect(trades.some((t: any) => t.exitReason === 'TRAILING_STOP')).toBe(true);
  });

  it('sweeps a document’s named parameters on the thread pool, and its recommendations name them', async () => {
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document: { ...RSI_TREND_EXAMPLE, name: 'RSI sweep' } });
    const { optimizeStrategy } = await gqlData(app.gql, OPTIMIZE, {
      input: { ...marketInput(hourly, SYMBOL, '1h', { strategy: created.strategyName }), parameterRanges: { rsiPeriod: [7, 14, 21], oversold: [20, 25, 30, 35], trendPeriod: [50, 100] }, minTrades: 0, validation: {} },
    });
    const events = await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status message } }`, { id: optimizeStrategy.id });
    expect(events.at(-1).optimizationProgress.status).toBe('COMPLETED');
    const { optimizationSweep } = await gqlData(app.gql, `query S($id: ID!) { optimizationSweep(id: $id) { name strategyTitle strategy results(first: 100) { totalCount edges { node { params ${PARAM_FIELDS} } } } } }`, { id: optimizeStrategy.id });
    expect(optimizationSweep.strategy).toBe(created.strategyName);
    expect(optimizationSweep).toMatchObject({ name: `RSI sweep v1 sweep ${SYMBOL} 1h`, strategyTitle: 'RSI sweep v1' });
    expect(optimizationSweep.results.totalCount).toBe(25);
    await recommendFromSweep(app.services, optimizeStrategy.id);
    const { recommendations } = await gqlData(app.gql, `query R($f: RecommendationFilter) { recommendations(first: 50, filter: $f) { edges { node { type status recommended { params ${PARAM_FIELDS} } } } } }`, { f: { sweepId: optimizeStrategy.id } });
    const parameterRecs = recommendations.edges.map((e: any) => e.node).filter((r: any) => r.type === 'PARAMETERS');
    expect(parameterRecs.length).toBeGreaterThan(0);
    for (const r of parameterRecs) expect(Object.keys(record(r.recommended.params))).toEqual(expect.arrayContaining(['rsiPeriod', 'oversold', 'trendPeriod']));
  });

  it('previews signals of a document over a year of 1h on the server', async () => {
    const { strategyPreview } = await gqlData(app.gql, `query P($json: String, $from: DateTime!, $to: DateTime!) { strategyPreview(documentJson: $json, symbol: "${SYMBOL}", timeframe: "1h", from: $from, to: $to) { times markers { time kind price } historyBars computeMs } }`, {
      json: JSON.stringify(BUILTIN_DOCUMENTS.get('ema_cross')),
      from: new Date(hourly.fromMs + 300 * 3_600_000).toISOString(),
      to: new Date(hourly.fromMs + (300 + 8_760) * 3_600_000).toISOString(),
    });
    expect(strategyPreview.times.length).toBe(9_000 - 300);
    expect(strategyPreview.markers.length).toBeGreaterThan(20);
    expect(new Set(strategyPreview.markers.map((m: any) => m.kind))).toEqual(new Set(['ENTRY_LONG', 'ENTRY_SHORT']));
  });

  it('previews the trades the signals make: exits only where a simulated position closes', async () => {
    const { strategyPreview } = await gqlData(app.gql, `query P($json: String, $from: DateTime!, $to: DateTime!) { strategyPreview(documentJson: $json, symbol: "${SYMBOL}", timeframe: "1h", from: $from, to: $to) { markers { time kind } trades { direction entryTime exitTime exitReason } } }`, {
      json: JSON.stringify(RSI_TREND_EXAMPLE),
      from: new Date(hourly.fromMs + 300 * 3_600_000).toISOString(),
      to: new Date(hourly.toMs).toISOString(),
    });
    const exitSignals = strategyPreview.markers.filter((m: any) => m.kind === 'EXIT_LONG');
    const trades = strategyPreview.trades;
    expect(trades.length).toBeGreaterThan(0);
    // RSI stays above 70 for bars on end while flat: those exit signals close nothing and get no marker.
    expect(exitSignals.length).toBeGreaterThan(trades.length);
    const entrySignals = new Set(strategyPreview.markers.filter((m: any) => m.kind === 'ENTRY_LONG').map((m: any) => Date.parse(m.time)));
    const exitSignalTimes = new Set(exitSignals.map((m: any) => Date.parse(m.time)));
    for (const t of trades) {
      // A position opens at the open after its entry signal, and a signal exit fills at the open after the exit signal.
      expect(t.direction).toBe('LONG');
      expect(entrySignals.has(Date.parse(t.entryTime) - 3_600_000)).toBe(true);
      if (t.exitReason === 'SIGNAL') expect(exitSignalTimes.has(Date.parse(t.exitTime) - 3_600_000)).toBe(true);
      else expect(['STOP_LOSS', 'END_OF_DATA']).toContain(t.exitReason);
    }
  });

  it('prices limit entries with a series of the document: each order rests at that series on its signal bar', async () => {
    const lowestLowOfTwo = { arithmetic: { op: 'min', left: { candle: 'low' }, right: { offset: { of: { candle: 'low' }, bars: { value: 1 } } } } };
    const document = {
      language: 1,
      name: 'Buy the recent low',
      series: [{ name: 'support', series: lowestLowOfTwo }],
      rules: {
        entryLong: { compare: { op: 'gt', left: { candle: 'close' }, right: { offset: { of: { candle: 'close' }, bars: { value: 3 } } } } },
        exitLong: { compare: { op: 'lt', left: { candle: 'close' }, right: { offset: { of: { candle: 'close' }, bars: { value: 3 } } } } },
        entryPriceLong: { ref: 'support' },
      },
    };
    const { createUserStrategy: created } = await gqlData(app.gql, CREATE, { document });
    expect(JSON.parse(created.latest.documentJson).rules.entryPriceLong).toEqual({ ref: 'support' });
    expect(created.latest.checks.lookAhead).toMatchObject({ passed: true, findings: [] });
    const { runBacktest } = await gqlData(app.gql, RUN, {
      input: marketInput({ fromMs: hourly.fromMs, toMs: hourly.fromMs + 60 * 24 * HOUR_MS }, SYMBOL, '1h', { strategy: created.strategyName, strategyParams: {}, entryOrderType: 'LIMIT', orderValidBars: 2, allowShort: false }),
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, `query B($id: ID!) { backtest(id: $id) { status fills { reason price } execution { summary { cancelledOrders } cancelledOrders { placedTimeMs price } } } }`, { id: runBacktest.id });
    expect(backtest.status).toBe('COMPLETED');
    expect(backtest.fills.filter((f: { reason: string }) => f.reason === 'ENTRY_LIMIT').length).toBeGreaterThan(0);
    // The candles the run read, regenerated: each order's price is min(low, previous low) at its signal bar.
    const candles = generateSyntheticCandles({ symbol: SYMBOL, interval: '1h', startMs: hourly.fromMs, count: 9_000, seed: 18 });
    const orders: Array<{ placedTimeMs: number; price: number }> = backtest.execution.cancelledOrders;
    expect(orders.length).toBeGreaterThan(10);
    for (const order of orders) {
      const i = (order.placedTimeMs - hourly.fromMs) / HOUR_MS;
      expect(order.price).toBe(Math.min(candles.low[i], candles.low[i - 1]));
    }
    // A typed entry price must be a series: a condition there is refused before anything is stored.
    const typed = await app.gql(CREATE, { document: { ...document, rules: { ...document.rules, entryPriceLong: { compare: document.rules.entryLong.compare } } } });
    expect(typed.errors?.[0].extensions?.code).toBeDefined();
    const unknown = await app.gql(IMPORT, { json: JSON.stringify({ ...document, rules: { ...document.rules, entryPriceLong: { ref: 'nowhere' } } }) });
    expect(unknown.errors?.[0].extensions?.code).toBe('INVALID_STRATEGY_DOCUMENT');
    expect((unknown.errors?.[0].extensions?.problems as { path: string }[]).map((p) => p.path)).toContain('rules.entryPriceLong');
  });

  it('rejects the hostile documents with coded errors and paths, storing nothing', async () => {
    const before = await rowCounts();
    for (const hostile of HOSTILE_DOCUMENTS) {
      const response = await app.gql(IMPORT, { json: hostile.json });
      const error = response.errors?.[0];
      expect(error?.extensions?.code, hostile.label).toBe(hostile.code);
      const paths = ((error?.extensions?.problems as { path: string }[] | undefined) ?? []).map((p) => p.path);
      for (const path of hostile.paths) expect(paths, hostile.label).toContain(path);
    }
    // Typed input: a condition where a series is needed is a GraphQL validation error before any resolver.
    const typed = await app.gql(CREATE, { document: { ...RSI_TREND_EXAMPLE, rules: { entryLong: { compare: { op: 'gt', left: { crossesAbove: {} }, right: { candle: 'close' } } } } } });
    expect(typed.errors?.[0].extensions?.code).toBeDefined();
    expect(await rowCounts()).toEqual(before);
  });

  it("serves the language's catalogue from the engine's own lists: every indicator with its parameters, outputs and default source", async () => {
    const { strategyLanguage } = await gqlData(
      app.gql,
      `{ strategyLanguage { candleFields compareOps arithmeticOps seriesKinds conditionKinds indicators { name source { default } params { name type default { number } min max step } outputs { name } } } }`,
    );
    expect(strategyLanguage.candleFields).toEqual([...CANDLE_FIELDS]);
    expect(strategyLanguage.compareOps).toEqual([...COMPARE_OPS]);
    expect(strategyLanguage.arithmeticOps).toEqual([...ARITHMETIC_OPS]);
    expect(strategyLanguage.seriesKinds).toEqual([...SERIES_KINDS]);
    expect(strategyLanguage.conditionKinds).toEqual([...CONDITION_KINDS]);
    expect(strategyLanguage.indicators).toEqual(
      INDICATORS.map((d) => ({
        name: d.name,
        source: d.source === null ? null : { default: d.source.default },
        params: d.params.map((p) => ({ name: p.name, type: p.type, default: { number: p.default }, min: p.min, max: p.max, step: p.step })),
        outputs: d.outputs.map((o) => ({ name: o.name })),
      })),
    );
  });
});
