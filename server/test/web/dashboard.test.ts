import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertCandles } from '../../market-data/candle-store.ts';
import { startFakeBinance, type FakeBinance } from '../fixtures/fake-binance/fake-binance.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { marketInput, seedGeneratedFunding, seedSyntheticCandles } from '../helpers/candles.ts';
import { gqlData } from '../../harness/graphql-client.ts';
import { record } from '../../harness/typed-values.ts';
import { closeAndExpectClean, ensureWebBuilt, horizontalOverflow, launchChromium, offlineContext, screenshot, type OfflineContext } from './browser.ts';

const RUN = `mutation Run($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`;
const OPTIMIZE = `mutation O($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`;
const RUN_METRICS = `query R($id: ID!) { backtest(id: $id) { status metrics { totalTrades } } }`;
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The sweep test's grid (4 × 3 combinations). */
const SWEEP_FAST = [5, 8, 12, 16];
const SWEEP_SLOW = [26, 40, 60];
const HOUR_MS = 3_600_000;
/** The recommendation market: hourly bars, the sweep's range ending this many bars before the data does (the newer data applying measures on). */
const CHOP_BARS = 3_000;
const CHOP_NEWER_BARS = 400;

/**
 * A market where the default ema_cross (fast 12, slow 26) loses out of sample and a faster set does
 * not, so a sweep with the default hold-out emits a PARAMETERS recommendation: two sine waves.
 */
async function seedChoppyMarket(databaseUrl: string, symbol: string): Promise<{ fromMs: number; toMs: number }> {
  const start = Date.UTC(2024, 0, 1);
  const n = CHOP_BARS;
  const openTime = Float64Array.from({ length: n }, (_, i) => start + i * HOUR_MS);
  const close = Float64Array.from({ length: n }, (_, i) => 100 * (1 + 0.02 * Math.sin(i / 7) + 0.01 * Math.sin(i / 3.1)));
  const open = Float64Array.from(close, (c, i) => (i === 0 ? c : close[i - 1]));
  const high = Float64Array.from(close, (c, i) => Math.max(c, open[i]) * 1.001);
  const low = Float64Array.from(close, (c, i) => Math.min(c, open[i]) * 0.999);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await insertCandles(pool, symbol, '1h', { openTime, open, high, low, close, volume: new Float64Array(n).fill(10) });
  } finally {
    await pool.end();
  }
  return { fromMs: start, toMs: start + n * HOUR_MS };
}

/**
 * The dashboard end to end: the built client served by the real app (embedded PostgreSQL, real
 * pg-boss worker, graphql-ws), driven in Debian's Chromium with every other host blocked.
 */
describe('dashboard in Chromium against the real app', () => {
  let app: TestApp;
  let binance: FakeBinance;
  let browser: Browser;
  let ctx: OfflineContext;
  let btc: { fromMs: number; toMs: number };
  let dot: { fromMs: number; toMs: number };
  let chop: { fromMs: number; toMs: number };
  let bigRunId: string;
  let formRunId: string;
  let walkForwardPath: string;
  let recommendationId: string;
  const visited = new Map<string, string>();
  const pagesOpen: Page[] = [];

  /** A second connection holding a lock: a way to hold a running job at an exact point without sleeping. */
  async function holdLock(sql: string): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    await client.query('BEGIN');
    await client.query(sql);
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }

  const open = async (pathname: string) => {
    const page = await ctx.open(pathname);
    pagesOpen.push(page);
    return page;
  };
  const shot = async (page: Page, name: string) => {
    visited.set(name, new URL(page.url()).pathname + new URL(page.url()).search);
    await screenshot(page, name);
  };
  /** Waits for the run page to show the end of its run, and says why when that end is not COMPLETED. */
  const expectCompleted = async (page: Page, timeout = 60_000) => {
    // The run the address names: after a client-side navigation the previous run's page may still show for a moment.
    const id = new URL(page.url()).pathname.split('/').pop();
    const ended = page.locator(`[data-testid="run-detail"][data-run-id="${id}"]:is([data-status="COMPLETED"], [data-status="FAILED"], [data-status="CANCELLED"])`);
    await ended.waitFor({ timeout }).catch(async (error: Error) => {
      const stored = await gqlData(app.gql, `query D($id: ID!) { backtest(id: $id) { status attempts progress error errorCode } }`, { id });
      const jobs = await new pg.Pool({ connectionString: app.databaseUrl, max: 1 }).query(`SELECT name, state, retry_count, expire_in::text, started_on, completed_on FROM pgboss.job WHERE data->>'backtestId' = $1`, [id]);
      const shown = await page.getByTestId('run-detail').getAttribute('data-status');
      throw new Error(`${error.message}\npage shows ${shown}; stored ${JSON.stringify(stored.backtest)}; jobs ${JSON.stringify(jobs.rows)}`);
    });
    const status = await ended.getAttribute('data-status');
    const why = status === 'COMPLETED' ? '' : (await page.getByTestId('error-box').allTextContents()).join(' | ');
    expect(`${status} ${why}`.trim()).toBe('COMPLETED');
  };
  /** Waits until some connection waits for a lock in a statement containing `fragment` (the job, or a test's lock, queued). */
  const untilWaitingForLock = async (fragment: string) => {
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
    try {
      for (;;) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position(lower($1) in lower(query)) > 0`, [fragment]);
        if (rows[0].n > 0) return;
        // A short pause between looks at the server's state, not a wait standing in for an event.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await pool.end();
    }
  };
  /** The run form, filled in for ema_cross on 59 days of SYNTH-BTCUSDT 1h (the futures and scaling-out runs). */
  const newHourlyBtcRun = async (name: string) => {
    const page = await open('/runs/new');
    await page.getByTestId('strategy').locator('option[value="ema_cross"]').waitFor({ state: 'attached' });
    await page.getByTestId('coverage').filter({ hasText: 'SYNTH-BTCUSDT' }).waitFor();
    await page.getByTestId('name').fill(name);
    await page.getByTestId('strategy').selectOption('ema_cross');
    await page.getByTestId('timeframe').selectOption('1h');
    await page.getByTestId('start-date').fill(isoDay(btc.fromMs));
    await page.getByTestId('end-date').fill(isoDay(btc.fromMs + 59 * DAY_MS));
    return page;
  };
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

  beforeAll(async () => {
    await ensureWebBuilt();
    // Binance is the local fake (short pages, a little latency, so a download shows progress).
    binance = await startFakeBinance({ pageCap: 100, latencyMs: 30 });
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true', BINANCE_BASE_URL: binance.url, BINANCE_FUTURES_BASE_URL: binance.url } });
    btc = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 105_120 });
    dot = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-DOTUSDT', interval: '1h', count: 6_000, seed: 5 });
    chop = await seedChoppyMarket(app.databaseUrl, 'SYNTH-CHOPUSDT');
    // The one-year 5m run with thousands of trades, started now so it is done when its test opens it.
    bigRunId = (await gqlData(app.gql, RUN, { input: marketInput(btc, 'SYNTH-BTCUSDT', '5m', { name: 'year of 5m', strategyParams: { fast: 2, slow: 5 } }) })).runBacktest.id;
    browser = await launchChromium();
    ctx = await offlineContext(browser, app.url!);
  });

  afterEach(() => closeAndExpectClean(ctx, pagesOpen));

  afterAll(async () => {
    await ctx?.context.close();
    await browser?.close();
    await app?.stop();
    await binance?.close();
  });

  it('1. runs a backtest configured in the form: live progress to 100 %, a live equity curve, every trade in the table and the CSV', async () => {
    const page = await open('/runs/new');
    await page.getByTestId('strategy').locator('option[value="ema_cross"]').waitFor({ state: 'attached' });
    await page.getByTestId('coverage').filter({ hasText: 'SYNTH-BTCUSDT' }).waitFor();
    await page.getByTestId('name').fill('form run');
    await page.getByTestId('strategy').selectOption('ema_cross');
    await page.getByTestId('start-date').fill(isoDay(btc.fromMs));
    await page.getByTestId('end-date').fill(isoDay(btc.fromMs + 59 * DAY_MS));
    // An empty parameter is an error beside its field, never a silent default.
    await page.getByTestId('param-fast').fill('');
    await page.getByTestId('run-button').click();
    await page.getByTestId('field-error-strategyParams.fast').waitFor();
    await page.getByTestId('param-fast').fill('8');
    // The days are checked as typed (the last day included), so the message names them as typed.
    await page.getByTestId('end-date').fill(isoDay(btc.fromMs - 5 * DAY_MS));
    await page.getByTestId('run-button').click();
    await page.getByTestId('field-error-endDate').filter({ hasText: `The end date ${isoDay(btc.fromMs - 5 * DAY_MS)} is before the start date ${isoDay(btc.fromMs)}` }).waitFor();
    await page.getByTestId('end-date').fill(isoDay(btc.fromMs + 59 * DAY_MS));
    await page.getByTestId('copy-graphql').click();
    expect(await page.getByTestId('graphql-text').inputValue()).toContain('strategyParams: { fast: 8');
    await shot(page, 'new-run');

    // The job is held where it loads candles, so the page is subscribed before the first bar runs.
    const release = await holdLock('LOCK TABLE candle_chunk IN ACCESS EXCLUSIVE MODE');
    try {
      await page.getByTestId('run-button').click();
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      await page.locator('[data-testid="run-detail"][data-status="RUNNING"]').waitFor();
      await page.locator('[data-testid="equity-panel"]:not([data-equity-events="0"])').waitFor();
    } finally {
      await release();
    }
    const detail = page.getByTestId('run-detail');
    await expectCompleted(page);
    expect(await page.getByTestId('progress-bar').first().getAttribute('aria-valuenow')).toBe('100');
    expect(Number(await page.getByTestId('equity-panel').getAttribute('data-live-batches'))).toBeGreaterThanOrEqual(2);
    expect(await detail.getAttribute('data-status')).toBe('COMPLETED');

    formRunId = new URL(page.url()).pathname.split('/').pop()!;
    const totalTrades = Number(await page.getByTestId('metric-value-totalTrades').getAttribute('data-raw'));
    expect(totalTrades).toBeGreaterThan(0);
    await page.getByTestId('trade-table').waitFor();
    expect(Number(await page.getByTestId('trade-table').getAttribute('data-total'))).toBe(totalTrades);
    // The count is the server's (the table holds one page of 50).
    await page.locator('[data-testid="trade-count"]:not([data-count=""])').waitFor();
    expect(Number(await page.getByTestId('trade-count').getAttribute('data-count'))).toBe(totalTrades);
    expect(await page.getByTestId('trade-row').count()).toBe(Math.min(50, totalTrades));
    // Sorted by the server: by P/L, highest first, the first row is the run's best trade.
    const bestTrade = Number(await page.getByTestId('metric-value-bestTrade').getAttribute('data-raw'));
    await page.getByTestId('trade-sort-PROFIT_LOSS').click();
    await page.getByTestId('trade-sort-PROFIT_LOSS').click();
    await page.locator('th[aria-sort="descending"] [data-testid="trade-sort-PROFIT_LOSS"]').waitFor();
    await page.waitForFunction((best) => Number(document.querySelector('[data-testid="trade-row"] [data-column="profitLoss"]')?.getAttribute('data-value')) === best, bestTrade);
    // Beside the equity, buying and holding; over the candles, the strategy's own two EMAs.
    await page.locator('[data-testid="equity-panel"]:not([data-benchmark="0"])').waitFor();
    await page.locator('[data-testid="price-panel"][data-overlays="2"][data-panes="0"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv.length - 1).toBe(totalTrades);
    // The table's # and the CSV's count the same way, from 1.
    expect(csv[1].split(',')[0]).toBe('1');
    const [equityDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-equity').click()]);
    const equityCsv = readFileSync((await equityDownload.path())!, 'utf8').trim().split(/\r?\n/);
    expect(equityCsv[0]).toBe('timestamp,equity,cash,drawdownPct,openPositions,tradesClosed');
    expect(equityCsv.length - 1).toBeGreaterThan(100);
    await shot(page, 'run-detail');
  }, 90_000);

  it('takes a date typed with the keyboard, as a plain date input does, and puts each bad setting beside its own field', async () => {
    const page = await open('/runs/new');
    await page.getByTestId('coverage').filter({ hasText: 'SYNTH-BTCUSDT' }).waitFor();
    await page.getByTestId('setting-initialCapital').waitFor();
    /** Clicks a date field's month segment (its left end) and types as a person does. */
    const typeDate = async (testId: string, keys: string) => {
      const box = (await page.getByTestId(testId).boundingBox())!;
      await page.mouse.click(box.x + 12, box.y + box.height / 2);
      await page.keyboard.type(keys);
    };
    await typeDate('start-date', '01/01/2024');
    expect(await page.getByTestId('start-date').inputValue()).toBe('2024-01-01');
    await typeDate('end-date', '02/29/2024');
    expect(await page.getByTestId('end-date').inputValue()).toBe('2024-02-29');
    // The last day is included: the API's exclusive end is the next midnight, converted in one place.
    await page.getByTestId('copy-graphql').click();
    const mutation = await page.getByTestId('graphql-text').inputValue();
    expect(mutation).toContain('startDate: "2024-01-01T00:00:00.000Z"');
    expect(mutation).toContain('endDate: "2024-03-01T00:00:00.000Z"');
    await typeDate('end-date', '12/31/2023');
    expect(await page.getByTestId('end-date').inputValue()).toBe('2023-12-31');

    // Three bad settings: three messages, each under its own field, in the words of its label.
    await page.getByTestId('setting-initialCapital').fill('-5000');
    await page.getByTestId('setting-positionSize').fill('0');
    await page.getByTestId('setting-feeRate').fill('5');
    await page.getByTestId('run-button').click();
    const fieldErrors = async (field: string) => page.getByTestId(`field-error-${field}`).locator('li').allTextContents();
    await page.getByTestId('field-error-feeRate').waitFor();
    expect(await fieldErrors('initialCapital')).toEqual(['Initial capital must be at least 1']);
    expect(await fieldErrors('positionSize')).toEqual(['Position size must be more than 0']);
    expect(await fieldErrors('feeRate')).toEqual(['Fee rate must be less than 0.1']);
    expect(await fieldErrors('endDate')).toEqual(['The end date 2023-12-31 is before the start date 2024-01-01']);
    expect(await page.getByTestId('form-errors').textContent()).toBe('Fix the marked fields: Last day (UTC, included), Initial capital (quote), Position size (quote or %), Fee rate (fraction of notional)');
    // Labels in words with their units, from the server's definitions; the stop-and-reverse choice says what it does.
    expect(await page.locator('[data-field="strategyParams.stopLossPct"] .field__label').textContent()).toBe('Stop loss (%)');
    expect(await page.locator('[data-field="strategyParams.htfMinutes"] .field__label').textContent()).toBe('Trend filter timeframe (minutes)');
    expect(await page.locator('[data-field="oppositeSignal"] .field__label').textContent()).toBe('On an opposite signal');
    expect(await page.getByTestId('setting-oppositeSignal').inputValue()).toBe('REVERSE');
    await shot(page, 'new-run-errors');
  }, 60_000);

  it('2. reload during a run: the live view resumes with its curve and finishes', async () => {
    const barsDone = (progress: string) => Number(progress.split('/')[0].replace(/[^0-9]/g, ''));
    const releaseCandles = await holdLock('LOCK TABLE candle_chunk IN ACCESS EXCLUSIVE MODE');
    let releaseRow: (() => Promise<void>) | null = null;
    let page: Page;
    try {
      const id = (await gqlData(app.gql, RUN, { input: marketInput({ fromMs: btc.fromMs, toMs: btc.fromMs + 90 * DAY_MS }, 'SYNTH-BTCUSDT', '5m', { name: 'reloaded run' }) })).runBacktest.id;
      page = await open(`/runs/${id}`);
      await page.locator('[data-testid="run-detail"][data-status="RUNNING"]').waitFor();
      await page.locator('[data-testid="equity-panel"]:not([data-equity-events="0"])').waitFor();
      // Then held again where it first saves its progress (after 4 of its 40 slices), mid-run.
      releaseRow = await holdLock(`SELECT id FROM backtest_run WHERE id = '${id}' FOR UPDATE`);
      await releaseCandles();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="equity-panel"]')?.getAttribute('data-points')) >= 4);
      const before = Number(await page.getByTestId('equity-panel').getAttribute('data-points'));
      const barsBefore = await text(page, 'bars-processed');
      expect(barsBefore).not.toMatch(/^0 \//);
      await page.reload();
      await page.locator('[data-testid="run-detail"][data-status="RUNNING"]').waitFor();
      // The curve and progress so far are back at once (a point published while the page reloaded may
      // come with them), and the page is subscribed again.
      expect(Number(await page.getByTestId('equity-panel').getAttribute('data-points'))).toBeGreaterThanOrEqual(before);
      expect(barsDone(await text(page, 'bars-processed'))).toBeGreaterThanOrEqual(barsDone(barsBefore));
      await page.locator('[data-testid="equity-panel"]:not([data-equity-events="0"])').waitFor();
      await page.getByTestId('equity-chart').waitFor();
      await shot(page, 'run-live');
      // Let the run save its progress once (with the points so far), then hold it at its next save.
      await untilWaitingForLock('update "backtest_run"');
      const relocked = holdLock(`SELECT id FROM backtest_run WHERE id = '${id}' FOR UPDATE`);
      await untilWaitingForLock(`FROM backtest_run WHERE id = '${id}' FOR UPDATE`);
      await releaseRow();
      releaseRow = await relocked;
      // A fresh tab (nothing cached) gets the curve so far from the server at once.
      const fresh = await open(`/runs/${id}`);
      await fresh.locator('[data-testid="run-detail"][data-status="RUNNING"]').waitFor();
      await fresh.waitForFunction(() => Number(document.querySelector('[data-testid="equity-panel"]')?.getAttribute('data-points')) >= 4);
      await fresh.getByTestId('equity-chart').waitFor();
      await shot(fresh, 'run-live-fresh-tab');
    } finally {
      await releaseCandles().catch(() => {});
      await releaseRow?.();
    }
    await expectCompleted(page!);
    await page!.getByTestId('metric-cards').waitFor();
    expect(await page!.getByTestId('progress-bar').first().getAttribute('aria-valuenow')).toBe('100');
  }, 90_000);

  it('3. a run started over plain GraphQL appears in the open runs list and completes there without a reload', async () => {
    const page = await open('/runs');
    await page.getByTestId('runs-table').waitFor();
    const id = (await gqlData(app.gql, RUN, { input: marketInput({ fromMs: btc.fromMs, toMs: btc.fromMs + 30 * DAY_MS }, 'SYNTH-BTCUSDT', '5m', { name: 'from another tool' }) })).runBacktest.id;
    const row = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await page.locator(`[data-testid="run-row"][data-run-id="${id}"][data-status="COMPLETED"]`).waitFor({ timeout: 40_000 });
    await shot(page, 'runs');
  }, 90_000);

  /** The sweep form on SYNTH-DOTUSDT 1h over its whole range, ema_cross with these fast and slow lists. */
  async function openSweepForm(fast: readonly number[], slow: readonly number[]) {
    const page = await open('/sweeps/new');
    await page.getByTestId('strategy').locator('option[value="ema_cross"]').waitFor({ state: 'attached' });
    await page.getByTestId('coverage').filter({ hasText: 'SYNTH-' }).waitFor();
    const symbols = page.getByTestId('symbols');
    while ((await symbols.getByRole('button', { name: /^Remove/ }).count()) > 0) await symbols.getByRole('button', { name: /^Remove/ }).first().click();
    await symbols.getByRole('combobox').fill('SYNTH-DOT');
    await symbols.getByRole('combobox').press('Enter');
    await page.getByTestId('timeframe').selectOption('1h');
    await page.getByTestId('start-date').fill(isoDay(dot.fromMs));
    await page.getByTestId('end-date').fill(isoDay(dot.toMs - DAY_MS));
    await page.getByTestId('range-kind-fast').selectOption('list');
    await page.getByTestId('range-list-fast').fill(fast.join(', '));
    await page.getByTestId('range-kind-slow').selectOption('list');
    await page.getByTestId('range-list-slow').fill(slow.join(', '));
    return page;
  }

  it('4. a sweep defined in the UI completes; its heatmap has a cell per combination; the best row opens as a backtest with the same metrics', async () => {
    const page = await openSweepForm(SWEEP_FAST, SWEEP_SLOW);
    await page.locator(`[data-testid="grid-count"][data-total="${SWEEP_FAST.length * SWEEP_SLOW.length}"][data-skipped="0"]`).waitFor();
    // Validated by default on a hold-out tail the search never sees (as the API does when validation is left out).
    expect(await page.getByTestId('validation').inputValue()).toBe('HOLDOUT');
    await shot(page, 'new-sweep');
    await page.getByTestId('start-sweep').click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="sweep-detail"][data-status="COMPLETED"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('heat-x').selectOption('fast');
    await page.getByTestId('heat-y').selectOption('slow');
    await page.locator(`[data-testid="heatmap-panel"][data-cells="${SWEEP_FAST.length * SWEEP_SLOW.length}"]`).waitFor();
    await page.getByTestId('heatmap').waitFor();
    // The current parameters (ema_cross's defaults, fast 12 and slow 26) are outlined on the map.
    expect([await page.getByTestId('heatmap-current').getAttribute('data-x'), await page.getByTestId('heatmap-current').getAttribute('data-y')]).toEqual(['12', '26']);
    // Every tested row of the place exports, each parameter and metric a column.
    const [rowsDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-rows').click()]);
    const rowsCsv = readFileSync((await rowsDownload.path())!, 'utf8').trim().split(/\r?\n/);
    expect(rowsCsv[0]).toMatch(/^rank,.*fast,.*slow,.*score,roi,/);
    expect(rowsCsv.length - 1).toBe(SWEEP_FAST.length * SWEEP_SLOW.length);
    // The cells come from the server's heatmap (aggregated there), asked again for another aggregate and metric.
    const asked = page.waitForRequest((r) => /query SweepHeatmap/.test(r.postData() ?? '') && /"aggregate":"MEAN"/.test(r.postData() ?? '') && /"metric":"ROI"/.test(r.postData() ?? ''));
    await page.getByTestId('heat-metric').selectOption('ROI');
    await page.getByTestId('heat-aggregate').selectOption('MEAN');
    await asked;
    await page.locator(`[data-testid="heatmap-panel"][data-aggregate="MEAN"][data-metric="ROI"][data-cells="${SWEEP_FAST.length * SWEEP_SLOW.length}"]`).waitFor();
    // The hold-out: the best in-sample rows, the plateau choice and the current parameters, in and out of sample side by side.
    const holdoutRows = page.getByTestId('holdout-row');
    await holdoutRows.first().waitFor();
    expect(await holdoutRows.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="holdout-row"][data-current="true"]').count()).toBe(1);
    const outOfSampleRoi = await holdoutRows.first().locator('[data-metric="roi"]').nth(1).getAttribute('data-value');
    expect(Number.isFinite(Number(outOfSampleRoi)) && outOfSampleRoi !== '').toBe(true);
    await page.getByTestId('robustness-panel').waitFor();
    // Whether the choice is real: the PBO and the Deflated Sharpe Ratio the server computed on completion (or why not).
    const pbo = page.getByTestId('pbo');
    await pbo.waitFor();
    const pboValue = await pbo.getAttribute('data-value');
    expect(pboValue === '' ? await pbo.textContent() : Number(pboValue)).toEqual(pboValue === '' ? expect.stringMatching(/^— \(/) : expect.any(Number));
    await page.getByTestId('dsr').waitFor();
    await shot(page, 'sweep-holdout');

    const best = page.getByTestId('top-row').first();
    const rowValue = async (metric: string) => Number(await best.locator(`[data-metric="${metric}"]`).getAttribute('data-value'));
    const expected = { roi: await rowValue('roi'), winRate: await rowValue('winRate'), totalTrades: await rowValue('totalTrades'), maxDrawdownPercentage: await rowValue('maxDrawdownPercentage') };
    await best.getByTestId('open-backtest').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expectCompleted(page);
    await page.getByTestId('metric-cards').waitFor();
    for (const [metric, value] of Object.entries(expected)) {
      expect(Number(await page.getByTestId(`metric-value-${metric}`).getAttribute('data-raw')), metric).toBeCloseTo(value, 9);
    }
  }, 120_000);

  it('a walk-forward sweep from the form shows its windows and the stitched out-of-sample curve against the current parameters', async () => {
    const page = await openSweepForm([5, 12], [26, 40]);
    await page.getByTestId('validation').selectOption('WALK_FORWARD');
    await page.getByLabel('Windows', { exact: true }).fill('3');
    // Fixed settings every window runs with, from the same rows and choice as the run form: monthly to 80 % of equity.
    await page.getByTestId('setting-rebalanceSchedule').selectOption('MONTHLY');
    await page.getByTestId('rebalanceWeights-add').click();
    await page.getByTestId('rebalanceWeights-weight-0').fill('0.8');
    await page.getByTestId('start-sweep').click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="sweep-detail"][data-status="COMPLETED"]').waitFor({ timeout: 60_000 });
    const sweepId = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await gqlData(app.gql, `query S($id: ID!) { optimizationSweep(id: $id) { settings { rebalanceSchedule rebalanceWeights { symbol weight } } } }`, { id: sweepId });
    expect(stored.optimizationSweep.settings).toEqual({ rebalanceSchedule: 'MONTHLY', rebalanceWeights: [{ symbol: 'SYNTH-DOTUSDT', weight: 0.8 }] });
    const windows = page.getByTestId('wf-window');
    await windows.first().waitFor();
    expect(await windows.count()).toBe(3);
    // The report is read again once the sweep completes; each window's out-of-sample ROI fills in then.
    for (let w = 0; w < 3; w++) await windows.nth(w).getByTestId('wf-oos-roi').filter({ hasText: '%' }).waitFor();
    const stitched = page.locator('[data-testid="stitched-panel"]');
    await stitched.waitFor();
    expect(Number(await stitched.getAttribute('data-points'))).toBeGreaterThan(10);
    expect(Number(await stitched.getAttribute('data-baseline-points'))).toBeGreaterThan(10);
    await page.getByTestId('stitched-chart').waitFor();
    expect(await page.getByTestId('wf-efficiency').textContent()).not.toBe('');
    // Every window's rows can be explored, in and out of sample.
    expect(await page.getByTestId('place').locator('option').count()).toBe(6);
    walkForwardPath = new URL(page.url()).pathname;
    await shot(page, 'sweep-walk-forward');
  }, 120_000);

  it("a walk-forward sweep part-way shows each window's choice under its own column, and no stability before two windows are chosen", async () => {
    // The completed walk-forward sweep as it was after its first window: the sweep RUNNING, only window 1's rows
    // stored, no job behind it (a state a live sweep passes through, held still to look at it).
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 1 });
    const completedId = walkForwardPath.split('/').pop()!;
    const { rows } = await pool.query(
      `INSERT INTO optimization_sweep SELECT (jsonb_populate_record(null::optimization_sweep, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid(), 'name', 'walk-forward part-way', 'status', 'RUNNING', 'progress', 0.4, 'report', null, 'completed_at', null, 'recommended_at', null))).*
       FROM optimization_sweep s WHERE id = $1 RETURNING id`,
      [completedId],
    );
    const partId = rows[0].id as string;
    await pool.query(
      `INSERT INTO strategy_optimization SELECT (jsonb_populate_record(null::strategy_optimization, to_jsonb(r) || jsonb_build_object('id', gen_random_uuid(), 'sweep_id', $2::uuid, 'run_id', null))).*
       FROM strategy_optimization r WHERE sweep_id = $1 AND "window" = 1`,
      [completedId, partId],
    );
    await pool.end();
    try {
      const page = await open(`/sweeps/${partId}`);
      await page.locator('[data-testid="sweep-detail"][data-status="RUNNING"]').waitFor();
      const chosen = page.locator('[data-testid="wf-chosen"][data-param="fast"] td[data-window]');
      await chosen.first().filter({ hasNotText: '—' }).waitFor();
      expect(await chosen.allTextContents()).toEqual([expect.stringMatching(/^\d+$/), '—', '—']);
      expect(await page.getByTestId('wf-stability-overall').textContent()).toBe('— (1 of 3 windows chosen)');
      // The out-of-sample ROI is coloured by its own sign; beating the current parameters is its own column.
      const roi = page.getByTestId('wf-window').first().getByTestId('wf-oos-roi');
      const roiText = (await roi.textContent())!;
      expect(await roi.getAttribute('class')).toContain(roiText.startsWith('+') ? 'gain' : roiText.startsWith('−') ? 'loss' : 'num');
      await page.getByTestId('wf-window').first().getByTestId('wf-vs-current').waitFor();
      await shot(page, 'sweep-walk-forward-running');
    } finally {
      await gqlData(app.gql, `mutation C($id: ID!) { cancelOptimization(id: $id) { id } }`, { id: partId });
    }
  }, 60_000);

  it('a failed run says why in readable times, draws no empty chart, and runs again skipping what is missing in one click', async () => {
    // DOT's hourly candles start at the seeded range: a range from a month before reaches outside them.
    const input = marketInput({ fromMs: dot.fromMs - 30 * DAY_MS, toMs: dot.fromMs + 60 * DAY_MS }, 'SYNTH-DOTUSDT', '1h', { name: 'reaches outside the data' });
    const id = (await gqlData(app.gql, RUN, { input })).runBacktest.id;
    const page = await open(`/runs/${id}`);
    await page.locator('[data-testid="run-detail"][data-status="FAILED"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('error-code').first().textContent()).toBe('DATA_RANGE');
    const message = (await page.getByTestId('error-box').first().textContent())!;
    expect(message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(message).not.toMatch(/T\d{2}:\d{2}:\d{2}/);
    await page.getByTestId('no-price-chart').waitFor();
    expect(await page.getByTestId('candle-chart').count()).toBe(0);
    await page.getByTestId('gap-advice').waitFor();
    await shot(page, 'run-failed');
    // The runs list says why it failed, and over which days.
    const list = await open('/runs');
    const row = list.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('run-row-failure').textContent()).toContain('DATA_RANGE');
    expect(await row.getByTestId('run-row-range').textContent()).toBe(`${isoDay(dot.fromMs - 30 * DAY_MS)} → ${isoDay(dot.fromMs + 59 * DAY_MS)}`);
    await page.getByTestId('rerun-SKIP').click();
    await page.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
    await expectCompleted(page);
    expect(await page.getByTestId('run-name').textContent()).toBe('reaches outside the data (gaps: skip)');
  }, 60_000);

  it('5. a recommendation appears live; its validation and confidence terms show; accepted, then applied, its realised result arrives live and new runs start from its preset', async () => {
    const page = await open('/recommendations');
    await page.getByTestId('recommendation-stats').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="loading"]'));
    const before = await page.getByTestId('recommendation').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id') ?? ''));
    // Swept on all but the newest bars, with the default hold-out: applying measures it on those newer bars.
    const sweepRange = { fromMs: chop.fromMs, toMs: chop.toMs - CHOP_NEWER_BARS * HOUR_MS };
    const sweeps = await open('/sweeps');
    await sweeps.locator('[data-testid="sweeps-page"][data-live="on"]').waitFor();
    await sweeps.waitForFunction(() => !document.querySelector('[data-testid="loading"]'));
    const sweepId = (await gqlData(app.gql, OPTIMIZE, { input: { ...marketInput(sweepRange, 'SYNTH-CHOPUSDT', '1h'), name: 'live recommendation', minTrades: 5, parameterRanges: { fast: [5, 8, 12], slow: [26, 40] } } })).optimizeStrategy.id;
    // The open sweeps list gets it and its end from sweepChanges, without a reload or polling.
    await sweeps.locator(`[data-testid="sweep-row"][data-sweep-id="${sweepId}"][data-status="COMPLETED"]`).waitFor({ timeout: 60_000 });
    const fresh = page.locator('[data-testid="recommendation"][data-type="PARAMETERS"][data-status="PENDING"]').filter({ hasText: 'SYNTH-CHOPUSDT' });
    await fresh.first().waitFor({ timeout: 60_000 });
    const id = (await fresh.first().getAttribute('data-id'))!;
    recommendationId = id;
    expect(before).not.toContain(id);
    // What was considered and not emitted is listed apart, with its reason.
    await page.getByTestId('rejected-list').waitFor();
    expect(Number(await page.locator('[data-testid="stats-row"][data-type="PARAMETERS"]').getAttribute('data-total'))).toBeGreaterThanOrEqual(1);
    // Looking across every sweep is one click; what it finds arrives through the same live feed.
    await page.getByTestId('generate-recommendations').click();
    await page.getByTestId('generate-requested').waitFor();
    await shot(page, 'recommendations');

    await fresh.first().getByTestId('recommendation-link').click();
    await page.waitForURL(new RegExp(`/recommendations/${id}$`));
    const detail = page.locator(`[data-testid="recommendation-detail"][data-id="${id}"]`);
    await detail.waitFor();
    // Validated on the hold-out, both sides out of sample and in sample; the confidence taken apart.
    await page.locator('[data-testid="validation-view"][data-method="HOLDOUT"]').waitFor();
    expect(await page.getByTestId('validation-out-of-sample').locator('tbody tr').count()).toBe(6);
    await page.getByTestId('validation-in-sample').waitFor();
    const terms = await page.getByTestId('confidence-term').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-term'), r.getAttribute('data-value')]));
    expect(terms.map(([term]) => term)).toEqual(['probability', 'deflatedSharpeRatio', 'probabilityOfOverfitting', 'evidence', 'calibrationSlope']);
    for (const [term, value] of terms) if (['probability', 'evidence', 'calibrationSlope'].includes(term!)) expect(Number.isFinite(Number(value)), term!).toBe(true);
    // Emitted because its paired test passed.
    expect(Number(await page.getByTestId('significance-test').getAttribute('data-p'))).toBeLessThan(0.05);
    expect(await page.getByTestId('evidence-row').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'recommendation-detail');

    await page.getByTestId('decide-ACCEPTED').click();
    await page.locator(`[data-testid="recommendation-detail"][data-status="ACCEPTED"]`).waitFor();
    await page.getByTestId('decide-APPLIED').click();
    await page.locator(`[data-testid="recommendation-detail"][data-status="APPLIED"]`).waitFor();
    // Measured on the newer bars by two validation runs; the result arrives without a reload.
    await page.locator('[data-testid="recommendation-detail"][data-realised-status="MEASURED"]').waitFor({ timeout: 60_000 });
    expect(Number(await detail.getAttribute('data-updates'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('realised-roi').waitFor();
    expect(await page.getByTestId('validation-runs').locator('li').count()).toBe(2);
    const stored = await gqlData(app.gql, `query R($id: ID!) { recommendation(id: $id) { status realisedStatus realisedRoiImprovement recommended { params { name number boolean } } } presets(strategy: "ema_cross") { symbol timeframe params { name number boolean } recommendationId } }`, { id });
    expect(stored.recommendation).toMatchObject({ status: 'APPLIED', realisedStatus: 'MEASURED' });
    const preset = stored.presets.find((p: any) => p.recommendationId === id);
    expect(preset).toMatchObject({ symbol: 'SYNTH-CHOPUSDT', timeframe: '1h' });
    await shot(page, 'recommendation-applied');

    // New runs of that strategy, symbol and timeframe start from the preset: its values are left to the server.
    const form = await open('/runs/new');
    await form.getByTestId('coverage').filter({ hasText: 'SYNTH-' }).waitFor();
    const symbols = form.getByTestId('symbols');
    while ((await symbols.getByRole('button', { name: /^Remove/ }).count()) > 0) await symbols.getByRole('button', { name: /^Remove/ }).first().click();
    await symbols.getByRole('combobox').fill('SYNTH-CHOP');
    await symbols.getByRole('combobox').press('Enter');
    await form.getByTestId('timeframe').selectOption('1h');
    await form.locator(`[data-testid="preset-notice"][data-preset-id]`).waitFor();
    const fast = form.getByTestId('param-fast');
    expect(await fast.inputValue()).toBe('');
    expect(await fast.getAttribute('placeholder')).toBe(`preset: ${record(preset.params).fast}`);
    await form.getByTestId('copy-graphql').click();
    expect(await form.getByTestId('graphql-text').inputValue()).not.toMatch(/fast:/);
    await shot(form, 'new-run-preset');
  }, 150_000);

  it('a futures run set up in the form with leverage and 5m detail shows funding and liquidation markers, and its trades open into their fills', async () => {
    // Funding for the synthetic market (no download for SYNTH- symbols), as the offline sample has.
    await seedGeneratedFunding(app.databaseUrl, 'SYNTH-BTCUSDT', btc, 3);
    const page = await newHourlyBtcRun('futures with detail');
    await page.getByTestId('setting-marketType').selectOption('FUTURES');
    // 20× on 200 is a 4,000 notional: the first tier of the brackets a symbol without its own gets (at most 20× below 5,000).
    await page.getByTestId('setting-leverage').fill('20');
    await page.getByTestId('setting-positionSize').fill('200');
    await page.getByTestId('setting-detailTimeframe').selectOption('M5');
    await shot(page, 'new-run-futures');
    await page.getByTestId('run-button').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expectCompleted(page);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await gqlData(app.gql, `query S($id: ID!) { backtest(id: $id) { settings { marketType leverage detailTimeframe } execution { summary { liquidations barsWithDetail ambiguousExits bracketTableAsOf } } } }`, { id });
    expect(stored.backtest.settings).toEqual({ marketType: 'FUTURES', leverage: 20, detailTimeframe: 'M5' });
    expect(stored.backtest.execution.summary.liquidations).toBeGreaterThan(0);
    expect(stored.backtest.execution.summary.barsWithDetail).toBeGreaterThan(0);
    expect(stored.backtest.execution.summary.ambiguousExits).toBe(0);
    expect(stored.backtest.execution.summary.bracketTableAsOf).toBe('2023-10-30');
    const panel = page.locator('[data-testid="price-panel"]:not([data-funding-markers="0"]):not([data-liquidation-markers="0"])');
    await panel.waitFor();
    expect(Number(await panel.getAttribute('data-liquidation-markers'))).toBe(stored.backtest.execution.summary.liquidations);
    await page.getByTestId('execution-summary').filter({ hasText: 'Binance leverage brackets of 2023-10-30' }).waitFor();
    await page.getByTestId('trade-fills-toggle').first().click();
    await page.getByTestId('fill-row').nth(1).waitFor();
    expect(await page.getByTestId('fill-row').count()).toBe(2);
    await page.getByTestId('price-panel').scrollIntoViewIfNeeded();
    await shot(page, 'run-detail-futures');
  }, 120_000);

  it('partial targets are rows in the form: added, removed, checked as the server checks them, stored with the run and shown on its page', async () => {
    const page = await newHourlyBtcRun('scaling out');
    await page.getByTestId('param-stopLossPct').fill('2');
    await page.getByTestId('param-riskReward').fill('4');
    const rows = page.getByTestId('scaleOutTargets-row');
    for (let k = 0; k < 3; k++) await page.getByTestId('scaleOutTargets-add').click();
    expect(await rows.count()).toBe(3);
    await page.getByTestId('scaleOutTargets-remove-1').click();
    expect(await rows.count()).toBe(2);
    // Rows 1R and 3R are left (each added one level beyond the last); 0.5 + 0.7 is more than the position.
    expect(await page.getByTestId('scaleOutTargets-level-1').inputValue()).toBe('3');
    await page.getByTestId('scaleOutTargets-fraction-1').fill('0.7');
    await page.getByTestId('run-button').click();
    await page.getByTestId('field-error-scaleOutTargets').filter({ hasText: 'the fractions sum to 1.2, above 1' }).waitFor();
    await shot(page, 'new-run-scale-out-error');
    await page.getByTestId('scaleOutTargets-level-1').fill('2');
    await page.getByTestId('scaleOutTargets-fraction-1').fill('0.25');
    await page.getByTestId('setting-breakEvenAfterFirstTarget').check();
    await page.getByTestId('run-button').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expectCompleted(page);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await gqlData(app.gql, `query S($id: ID!) { backtest(id: $id) { settings { scaleOutTargets { levelR fraction } breakEvenAfterFirstTarget } fills { reason } } }`, { id });
    expect(stored.backtest.settings).toEqual({ scaleOutTargets: [{ levelR: 1, fraction: 0.5 }, { levelR: 2, fraction: 0.25 }], breakEvenAfterFirstTarget: true });
    expect(stored.backtest.fills.some((f: { reason: string }) => f.reason === 'TAKE_PROFIT_1')).toBe(true);
    const settings = page.getByTestId('run-settings');
    await settings.filter({ hasText: '50 % at 1R, 25 % at 2R' }).waitFor();
    await settings.scrollIntoViewIfNeeded();
    await shot(page, 'run-detail-scale-out');
  }, 120_000);

  it('target weights are rows of the run\'s symbols and the schedule a choice: a weekly 60/40 run rebalances on Mondays, and its page shows both', async () => {
    const page = await newHourlyBtcRun('weekly 60/40');
    const symbols = page.getByTestId('symbols');
    await symbols.getByRole('combobox').fill('SYNTH-DOT');
    await symbols.getByRole('combobox').press('Enter');
    await page.getByTestId('setting-rebalanceSchedule').selectOption('WEEKLY');
    await page.getByTestId('rebalanceWeights-add').click();
    await page.getByTestId('rebalanceWeights-add').click();
    // Each new row takes the next symbol of the run, with what the rows before it leave of 1.
    expect(await page.getByTestId('rebalanceWeights-symbol-0').inputValue()).toBe('SYNTH-BTCUSDT');
    expect(await page.getByTestId('rebalanceWeights-symbol-1').inputValue()).toBe('SYNTH-DOTUSDT');
    await page.getByTestId('rebalanceWeights-weight-0').fill('0.6');
    await page.getByTestId('rebalanceWeights-weight-1').fill('0.5');
    await page.getByTestId('run-button').click();
    await page.getByTestId('field-error-rebalanceWeights').filter({ hasText: 'rebalanceWeights must sum to at most 1 (the rest stays cash), got 1.1' }).waitFor();
    await page.getByTestId('setting-rebalanceWeights').scrollIntoViewIfNeeded();
    await shot(page, 'new-run-weights-error');
    await page.getByTestId('rebalanceWeights-weight-1').fill('0.4');
    await page.getByTestId('run-button').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expectCompleted(page);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await gqlData(app.gql, `query S($id: ID!) { backtest(id: $id) { settings { rebalanceSchedule rebalanceWeights { symbol weight } } fills { reason time } } }`, { id });
    expect(stored.backtest.settings).toEqual({ rebalanceSchedule: 'WEEKLY', rebalanceWeights: [{ symbol: 'SYNTH-BTCUSDT', weight: 0.6 }, { symbol: 'SYNTH-DOTUSDT', weight: 0.4 }] });
    const rebalances = stored.backtest.fills.filter((f: { reason: string }) => f.reason === 'REBALANCE').map((f: { time: string }) => new Date(f.time));
    expect(rebalances.length).toBeGreaterThan(0);
    // The run's bars are hourly with none missing: each week's first bar is Monday 00:00 UTC.
    for (const time of rebalances) expect([time.getUTCDay(), time.getUTCHours(), time.getUTCMinutes()]).toEqual([1, 0, 0]);
    const settings = page.getByTestId('run-settings');
    await settings.filter({ hasText: 'SYNTH-BTCUSDT 60 %, SYNTH-DOTUSDT 40 %, cash 0 %' }).waitFor();
    await settings.filter({ hasText: 'Weekly (Monday)' }).waitFor();
    await settings.scrollIntoViewIfNeeded();
    await shot(page, 'run-detail-weights');
  }, 120_000);

  it('the run page simulates Monte Carlo paths for a seed, and the same seed gives the same paths again', async () => {
    const page = await open(`/runs/${formRunId}`);
    await page.getByTestId('monte-carlo-form').waitFor();
    await page.getByTestId('mc-iterations').fill('2000');
    await page.getByTestId('mc-seed').fill('42');
    await page.getByTestId('mc-run').click();
    const result = page.locator('[data-testid="mc-result"][data-answers="1"][data-seed="42"]');
    await result.waitFor();
    const read = () => page.getByTestId('mc-percentiles').locator('td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
    const first = await read();
    expect(first).toHaveLength(15);
    const finalReturns = first.slice(0, 5).map(Number);
    expect([...finalReturns].sort((a, b) => a - b)).toEqual(finalReturns);
    await shot(page, 'run-monte-carlo');
    // Asked again (never from the cache): the same seed, the same numbers.
    await page.getByTestId('mc-run').click();
    await page.locator('[data-testid="mc-result"][data-answers="2"]').waitFor();
    expect(await read()).toEqual(first);
    await page.getByTestId('mc-seed').fill('43');
    await page.getByTestId('mc-run').click();
    await page.locator('[data-testid="mc-result"][data-answers="3"][data-seed="43"]').waitFor();
    expect(await read()).not.toEqual(first);
  }, 60_000);

  it('compares 4 runs: every ROI visible at 1280 px without scrolling the page, and readable at 390 px', async () => {
    const runs = (await gqlData(app.gql, `{ backtests(first: 4, filter: { status: [COMPLETED] }) { edges { node { id } } } }`)).backtests.edges.map((e: any) => e.node.id);
    expect(runs).toHaveLength(4);
    /** Each ROI cell, after scrolling it into view inside its box: on screen, not covered, its text whole. */
    const rois = async (page: Page) => {
      const cells = page.getByTestId('compare-roi');
      const seen: Array<{ text: string; inViewport: boolean; onTop: boolean; whole: boolean }> = [];
      for (let i = 0; i < (await cells.count()); i++) {
        const cell = cells.nth(i);
        await cell.scrollIntoViewIfNeeded();
        seen.push(
          await cell.evaluate((td) => {
            const r = td.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return { text: td.textContent ?? '', inViewport: r.left >= 0 && r.right <= document.documentElement.clientWidth, onTop: top !== null && td.contains(top), whole: td.scrollWidth <= td.clientWidth + 1 };
          }),
        );
      }
      return seen;
    };
    const wide = await open(`/compare?ids=${runs.join(',')}`);
    await wide.getByTestId('returns-chart').waitFor();
    expect(await horizontalOverflow(wide)).toEqual({ px: 0, culprits: [] });
    // At 1280 px all four columns fit: nothing scrolls, not even the table's own box.
    expect(await wide.getByTestId('compare-scroll').evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    const atWide = await rois(wide);
    expect(atWide.map((r) => r.text)).toEqual(atWide.map(() => expect.stringMatching(/^[+−-]?\d[\d,.]* %|^0 %/)));
    expect(atWide.every((r) => r.inViewport && r.onTop && r.whole)).toBe(true);
    // The parameters are folded until asked for.
    const params = wide.locator('details.compare-params').first();
    expect(await params.getAttribute('open')).toBeNull();
    await params.locator('summary').click();
    await params.getByTestId('param-list').waitFor();
    const [compareDownload] = await Promise.all([wide.waitForEvent('download'), wide.getByTestId('export-compare').click()]);
    const compareCsv = readFileSync((await compareDownload.path())!, 'utf8').trim().split(/\r?\n/);
    expect(compareCsv[0]).toBe(['Metric', ...runs].join(','));
    expect(compareCsv.find((line) => line.startsWith('ROI,'))!.split(',')).toHaveLength(5);
    await shot(wide, 'compare-4');

    const narrow = await offlineContext(browser, app.url!, { width: 390, height: 844 });
    try {
      const page = await narrow.open(`/compare?ids=${runs.join(',')}`);
      await page.getByTestId('returns-chart').waitFor();
      expect(await horizontalOverflow(page)).toEqual({ px: 0, culprits: [] });
      const atNarrow = await rois(page);
      expect(atNarrow.map((r) => r.text)).toEqual(atWide.map((r) => r.text));
      expect(atNarrow.every((r) => r.inViewport && r.onTop && r.whole)).toBe(true);
      await screenshot(page, 'compare-4-390');
      expect(narrow.problems).toEqual([]);
    } finally {
      await narrow.context.close();
    }
  }, 60_000);

  it('6. the market-data page shows the gaps of an imported file with known gaps', async () => {
    // 100 hourly candles with hours 20–22 and 50 left out: two gaps, four missing candles.
    const start = Date.UTC(2024, 2, 1);
    const lines = ['time,open,high,low,close,volume'];
    for (let h = 0; h < 100; h++) {
      if ((h >= 20 && h <= 22) || h === 50) continue;
      const p = 100 + Math.sin(h / 5);
      lines.push(`${new Date(start + h * 3_600_000).toISOString()},${p},${p + 1},${p - 1},${p + 0.5},${10 + h}`);
    }
    const page = await open('/market-data');
    await page.getByTestId('coverage-table').waitFor();
    await page.getByTestId('import-file').setInputFiles({ name: 'gappy.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.getByTestId('import-symbol').fill('GAPUSDT');
    await page.getByTestId('import-interval').selectOption('1h');
    await page.getByTestId('import-button').click();
    await page.locator('[data-testid="import-result"][data-gaps="2"]').waitFor();
    expect(await page.getByTestId('import-gaps').locator('li').count()).toBe(2);
    const row = page.locator('[data-testid="coverage-row"][data-market="GAPUSDT-1h"]');
    await row.waitFor();
    expect(await row.getByTestId('missing-candles').textContent()).toBe('4');
    expect(await row.getByTestId('gap-timeline').getAttribute('data-gaps')).toBe('2');
    await shot(page, 'market-data');
    await row.getByRole('link').click();
    await page.getByTestId('quality-gaps').getByText('(2)').waitFor();
    await page.getByTestId('candle-chart').waitFor();
    await shot(page, 'market');
  }, 60_000);

  it('downloads history with live progress, and the new market appears', async () => {
    const page = await open('/market-data');
    await page.getByTestId('coverage-table').waitFor();
    const form = page.getByTestId('fetch-panel');
    await form.getByLabel('Symbol').fill('BTCUSDT');
    await form.getByLabel('Interval').selectOption('1h');
    await form.getByLabel('From (UTC)').fill('2024-05-01');
    await form.getByLabel('To (UTC, inclusive)').fill('2024-06-29');
    await form.getByRole('button', { name: 'Download' }).click();
    await page.waitForURL(/fetch=/);
    await page.getByTestId('fetch-progress').getByTestId('status').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('fetch-progress-bar').getAttribute('aria-valuenow')).toBe('100');
    await page.locator('[data-testid="coverage-row"][data-market="BTCUSDT-1h"]').waitFor();
    expect(binance.klineRequests().length).toBeGreaterThan(1);
  }, 60_000);

  it('7. GraphiQL renders offline and runs a query', async () => {
    const page = await open(`/graphql?query=${encodeURIComponent('{ strategies { name } }')}`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    await page.locator('.graphiql-response').getByText('ema_cross').first().waitFor({ timeout: 20_000 });
    await shot(page, 'graphiql');
  }, 60_000);

  // How fast is printed, not asserted (the suite shares the machine with anything; it took 636 ms alone and 5.7 s
  // beside another app): what keeps it fast is asserted, a curve of stored points and one page of trades.
  it('opens a one-year 5m run with thousands of trades from a thinned curve and one page of trades', async () => {
    const { backtest } = await gqlData(app.gql, RUN_METRICS, { id: bigRunId });
    const page = await open('/runs');
    await page.close();
    let status = backtest.status;
    // The run was started before the suite; wait for its end through the page itself.
    const detail = await open(`/runs/${bigRunId}`);
    await expectCompleted(detail, 90_000);
    status = 'COMPLETED';
    await detail.reload();
    const panel = detail.locator('[data-testid="equity-panel"][data-rendered-at]');
    await panel.waitFor({ timeout: 20_000 });
    const renderedAtMs = Number(await panel.getAttribute('data-rendered-at'));
    // The table's frame can show before its first page of rows arrives: wait for the page's last row.
    await detail.getByTestId('trade-row').nth(49).waitFor({ timeout: 30_000 });
    const tableAtMs = await detail.evaluate(() => Math.round(performance.now()));
    const trades = Number(await detail.getByTestId('metric-value-totalTrades').getAttribute('data-raw'));
    console.log(`One-year 5m run (105,120 bars, ${trades} trades, ${status}): equity chart rendered ${renderedAtMs} ms after navigation; the first page of trades, sorted by the server, in the table by ${tableAtMs} ms`);
    expect(trades).toBeGreaterThanOrEqual(7000);
    expect(Number(await panel.getAttribute('data-points'))).toBeLessThanOrEqual(2000);
    expect(await detail.getByTestId('trade-row').count()).toBe(50);
    await shot(detail, 'run-large');
  }, 120_000);

  it('8. no page scrolls sideways at 390 px, and every page is captured there', async () => {
    const narrow = await offlineContext(browser, app.url!, { width: 390, height: 844 });
    try {
      const runs = (await gqlData(app.gql, `{ backtests(first: 2, filter: { status: [COMPLETED] }) { edges { node { id } } } }`)).backtests.edges.map((e: any) => e.node.id);
      const pages: Array<[string, string, string]> = [
        ['runs', '/runs', 'runs-table'],
        ['new-run', '/runs/new', 'backtest-form'],
        ['run-detail', `/runs/${bigRunId}`, 'trade-table'],
        ['compare', `/compare?ids=${runs.join(',')}`, 'compare-table'],
        ['sweeps', '/sweeps', 'sweeps-page'],
        ['new-sweep', '/sweeps/new', 'sweep-form'],
        ['recommendations', '/recommendations', 'recommendation'],
        ['recommendation', `/recommendations/${recommendationId}`, 'confidence-breakdown'],
        ['sweep-walk-forward', walkForwardPath, 'wf-windows'],
        ['run-monte-carlo', `/runs/${formRunId}`, 'monte-carlo-form'],
        ['market-data', '/market-data', 'coverage-table'],
        ['market', '/market-data/SYNTH-DOTUSDT/1h', 'quality-report'],
      ];
      const sweepLink = await (async () => {
        const page = await narrow.open('/sweeps');
        const href = await page.getByTestId('sweep-row').first().getByRole('link').getAttribute('href');
        await page.close();
        return href!;
      })();
      pages.push(['sweep-detail', sweepLink, 'top-table']);
      const overflow: Record<string, { px: number; culprits: string[] }> = {};
      for (const [name, pathname, ready] of pages) {
        const page = await narrow.open(pathname);
        await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
        // A refused request (a query over the cost limit, say) shows an error box, not a console error.
        expect(await page.getByTestId('error-box').allTextContents(), name).toEqual([]);
        overflow[name] = await horizontalOverflow(page);
        await screenshot(page, `${name}-390`);
        await page.close();
      }
      expect(overflow).toEqual(Object.fromEntries(pages.map(([name]) => [name, { px: 0, culprits: [] }])));
      expect(narrow.problems).toEqual([]);
    } finally {
      await narrow.context.close();
    }
    // The compare page at full width, too.
    const runs = (await gqlData(app.gql, `{ backtests(first: 3, filter: { status: [COMPLETED] }) { edges { node { id } } } }`)).backtests.edges.map((e: any) => e.node.id);
    const compare = await open(`/compare?ids=${runs.join(',')}`);
    await compare.getByTestId('returns-chart').waitFor();
    // The overlaid runs are of the sample's 2025: the axis title names the year.
    expect(await compare.locator('[data-testid="returns-chart"][data-x-title]').getAttribute('data-x-title')).toMatch(/^time \(UTC\), \d{4}(–\d{4})?$/);
    await shot(compare, 'compare');
    const sweeps = await open('/sweeps');
    await sweeps.locator('[data-testid="sweeps-page"][data-live="on"]').waitFor();
    await sweeps.waitForFunction(() => !document.querySelector('[data-testid="loading"]'));
    await shot(sweeps, 'sweeps');
  }, 120_000);

  it("the README's BTC EMA cross example, run as printed, trades both sides (stop and reverse by default)", async () => {
    // The README's runBacktest, exactly as printed in "API at a glance"; it names the offline sample's 2025.
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const printed = /```graphql\n(mutation StartRun \{[\s\S]*?\n\})\n/.exec(readme.split('## API at a glance')[1])![1];
    expect(printed).toContain('name: "BTC EMA cross"');
    await gqlData(app.gql, 'mutation { loadSampleData { symbols } }');
    const id = (await gqlData(app.gql, printed)).runBacktest.id;
    const page = await open(`/runs/${id}`);
    await expectCompleted(page);
    await page.getByTestId('trade-table').waitFor();
    const tradesOn = async (side: string) => {
      await page.getByTestId('trade-filter-direction').selectOption(side);
      await page.locator(`[data-testid="trade-count"]:not([data-count=""])`).waitFor();
      await page.waitForFunction((s) => [...document.querySelectorAll('[data-testid="trade-row"] [data-column="direction"]')].every((cell) => cell.textContent === s), side);
      return Number(await page.getByTestId('trade-count').getAttribute('data-count'));
    };
    const long = await tradesOn('LONG');
    const short = await tradesOn('SHORT');
    expect(long).toBeGreaterThan(0);
    expect(short).toBeGreaterThan(0);
    expect(long + short).toBe(Number(await page.getByTestId('metric-value-totalTrades').getAttribute('data-raw')));
    await shot(page, 'readme-example-run');
  }, 90_000);
});
