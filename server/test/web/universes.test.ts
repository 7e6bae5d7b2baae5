import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { JAN_2024, seedSyntheticCandles } from '../helpers/candles.ts';
import path from 'node:path';
import { ensureWebBuilt, launchChromium, offlineContext, screenshot, SCREENSHOT_DIR, type OfflineContext } from './browser.ts';

const SYMBOLS = ['SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT'];
const DAY = 86_400_000;

/** The universe editor and the portfolio run page, in Chromium against the real app. */
describe('universes and portfolio runs in the dashboard', () => {
  let app: TestApp;
  let browser: Browser;
  let ctx: OfflineContext;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true' } });
    browser = await launchChromium();
    ctx = await offlineContext(browser, app.url!);
    for (const [k, symbol] of SYMBOLS.entries()) await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 24 * 75, seed: 31 + k });
  });
  afterEach(() => expect({ problems: ctx.problems.splice(0), blocked: ctx.blocked.splice(0) }).toEqual({ problems: [], blocked: [] }));
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates a rule universe, shows its resolved pairs, and edits it', async () => {
    const page = await ctx.open('/universes');
    const editor = page.getByTestId('universe-editor');
    await editor.getByLabel('Name').fill('Top 2 USDT');
    await editor.getByLabel('a rule over the stored candles').check();
    await editor.getByLabel('Quote asset').fill('USDT');
    // Empty fields show the defaults the schema declares for them.
    await expect.poll(() => editor.getByLabel('Max pairs').getAttribute('placeholder')).toBe('default 100');
    expect(await editor.getByLabel('Volume lookback (days)').getAttribute('placeholder')).toBe('default 30');
    await editor.getByLabel('Max pairs').fill('2');
    await editor.getByRole('button', { name: 'Create' }).click();
    const resolved = page.getByTestId('resolved-pairs');
    // Until a day is chosen it shows the last day with stored candles (today is after every market here, where no rule finds a pair).
    await expect.poll(() => resolved.getByLabel('Run starting (UTC)').inputValue()).toBe('2024-03-15');
    await resolved.getByTestId('resolved-count').filter({ hasText: '2 pairs' }).waitFor();
    await resolved.getByLabel('Run starting (UTC)').fill('2024-02-20');
    await resolved.getByTestId('resolved-count').filter({ hasText: '2 pairs' }).waitFor();
    await page.locator('[data-testid="universe-row"][data-name="Top 2 USDT"]').waitFor();

    await editor.getByLabel('Name').fill('All USDT');
    await editor.getByLabel('Max pairs').fill('');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="universe-row"][data-name="All USDT"]').waitFor();
    await resolved.getByLabel('Run starting (UTC)').fill('2024-02-21');
    await resolved.getByTestId('resolved-count').filter({ hasText: '3 pairs' }).waitFor();
    expect((await resolved.getByTestId('resolved-pair').allTextContents()).sort()).toEqual(SYMBOLS);
    expect(await page.getByTestId('universe-row').count()).toBe(1);
    await screenshot(page, 'universe-editor');

    // A bad rule gets the server's message, and nothing is stored.
    await editor.getByLabel('Max pairs').fill('0');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('rule.maxPairs is 1 to 100').waitFor();
    await page.close();
  }, 60_000);

  it('backtests a universe from the Universes page: the run form trades it instead of symbols', async () => {
    const page = await ctx.open('/universes');
    await page.locator('[data-testid="universe-row"][data-name="All USDT"] [data-testid="universe-backtest"]').click();
    await page.waitForURL(/\/runs\/new\?universe=/);
    await expect.poll(() => page.getByTestId('universe').inputValue()).not.toBe('');
    expect(await page.getByTestId('symbols').count()).toBe(0);
    // A rule reads the 30 days before the first day: the stored candles begin on 1 January.
    await page.getByTestId('timeframe').selectOption('1h');
    await page.getByTestId('start-date').fill('2024-02-10');
    await page.getByTestId('end-date').fill('2024-03-10');
    await page.getByTestId('run-button').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="run-detail"]:is([data-status="COMPLETED"], [data-status="FAILED"])').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-detail').getAttribute('data-status')).toBe('COMPLETED');
    await page.getByTestId('portfolio-panel').getByRole('heading', { name: 'Portfolio: 3 pairs on shared capital' }).waitFor();
    await page.close();
  }, 60_000);

  it('shows a universe run as a portfolio: the per-pair table and the skipped signals', async () => {
    const { universes } = await gqlData(app.gql, `{ universes { id name } }`);
    const start = JAN_2024 + 30 * DAY;
    const { runBacktest } = await gqlData(app.gql, `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`, {
      input: { universe: universes[0].id, timeframe: '1h', startDate: new Date(start).toISOString(), endDate: new Date(start + 40 * DAY).toISOString(), strategy: 'ema_cross', strategyParams: { fast: 8, slow: 21 }, initialCapital: 10_000, sizingMode: 'EQUAL_SPLIT', maxOpenPositions: 1 },
    });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runBacktest.id });
    const { backtest } = await gqlData(app.gql, `query Q($id: ID!) { backtest(id: $id) { status metrics { totalTrades } execution { skippedSignals { symbol } } } }`, { id: runBacktest.id });
    expect(backtest.status).toBe('COMPLETED');

    const page = await ctx.open(`/runs/${runBacktest.id}`);
    const panel = page.getByTestId('portfolio-panel');
    await panel.getByRole('heading', { name: 'Portfolio: 3 pairs on shared capital' }).waitFor();
    await panel.locator('[data-testid="per-pair-row"]').nth(2).waitFor();
    expect((await panel.locator('[data-testid="per-pair-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')))).sort()).toEqual(SYMBOLS);
    const trades = await panel.locator('[data-testid="per-pair-row"] td:nth-child(2)').allTextContents();
    expect(trades.reduce((sum, t) => sum + Number(t.replace(/\D/g, '')), 0)).toBe(backtest.metrics.totalTrades);
    expect(backtest.execution.skippedSignals.length).toBeGreaterThan(0);
    const skipped = panel.getByTestId('skipped-signals');
    await skipped.waitFor();
    expect(await skipped.locator('tbody tr').count()).toBe(Math.min(200, backtest.execution.skippedSignals.length));
    await screenshot(page, 'portfolio-run');
    await panel.screenshot({ path: path.join(SCREENSHOT_DIR, 'portfolio-panel.png') });
    await page.close();
  }, 60_000);
  it('deletes a universe from its row, after a confirmation', async () => {
    await gqlData(app.gql, `mutation C($input: CreateUniverseInput!) { createUniverse(input: $input) { id } }`, { input: { name: 'Short-lived', symbols: [SYMBOLS[0]] } });
    const page = await ctx.open('/universes');
    const row = page.locator('[data-testid="universe-row"][data-name="Short-lived"]');
    await row.waitFor();
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await row.getByTestId('delete-universe').click();
    await row.waitFor({ state: 'detached' });
    expect(dialogs).toEqual(['Delete the universe "Short-lived"? Runs and sweeps made with it keep their pairs.']);
    expect((await gqlData(app.gql, `{ universes { name } }`)).universes.map((u: { name: string }) => u.name)).not.toContain('Short-lived');
    await page.close();
  });
});
