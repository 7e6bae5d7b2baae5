import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlData, streamToEnd } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { readFile } from 'node:fs/promises';
import { ensureWebBuilt, launchChromium, offlineContext, screenshot } from './browser.ts';

const SYMBOLS = ['SYNTH-AAAUSDT', 'SYNTH-BBBUSDT', 'SYNTH-CCCUSDT'];

/** The HTML reports open in a real Chromium with every request but the report's own refused, and none is made. */
describe('HTML reports in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let runId: string;
  let sweepId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true' } });
    browser = await launchChromium();
    let range = { fromMs: 0, toMs: 0 };
    for (const [k, symbol] of SYMBOLS.entries()) range = await seedSyntheticCandles(app.databaseUrl, { symbol, interval: '1h', count: 24 * 75, seed: 21 + k });
    const market = { symbols: SYMBOLS, timeframe: '1h', startDate: new Date(range.fromMs).toISOString(), endDate: new Date(range.toMs).toISOString(), strategy: 'ema_cross', initialCapital: 10_000, positionSize: 2_000 };
    const { runBacktest } = await gqlData(app.gql, `mutation R($input: RunBacktestInput!) { runBacktest(input: $input) { id } }`, {
      input: { ...market, name: 'Three pairs, EMA 8/21', strategyParams: { fast: 8, slow: 21 }, maxOpenPositions: 2 },
    });
    runId = runBacktest.id;
    const { optimizeStrategy } = await gqlData(app.gql, `mutation S($input: OptimizeStrategyInput!) { optimizeStrategy(input: $input) { id } }`, {
      input: { ...market, parameterRanges: { fast: [5, 8, 12], slow: [21, 34, 55] }, minTrades: 5 },
    });
    sweepId = optimizeStrategy.id;
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { backtestProgress(id: $id) { status } }`, { id: runId });
    await streamToEnd(app.graphqlUrl!, `subscription P($id: ID!) { optimizationProgress(id: $id) { status } }`, { id: sweepId });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it.each([
    ['backtests', 'run', () => runId, ['Per pair', 'Monthly returns', 'Equity against the market']],
    ['sweeps', 'sweep', () => sweepId, ['Best parameters', 'In-sample rows', 'Out-of-sample tests']],
  ] as const)('opens the %s report with no request leaving the machine', async (kind, name, id, headings) => {
    const offline = await offlineContext(browser, app.url!);
    const requested: string[] = [];
    offline.context.on('request', (request) => requested.push(request.url()));
    const url = `${app.url}/reports/${kind}/${id()}.html`;
    const page = await offline.open(url);
    await page.waitForLoadState('load');
    for (const heading of headings) expect(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), heading).toBe(true);
    expect(await page.locator('svg').count()).toBeGreaterThan(0);
    expect(requested).toEqual([url]);
    expect(offline.blocked).toEqual([]);
    expect(offline.problems).toEqual([]);
    await screenshot(page, `report-${name}`);
    // The settings' long values (parameters as JSON) wrap inside their column, on a phone too, not past the page's edge.
    const clipped = () => page.evaluate(() => [...document.querySelectorAll('dd')].filter((dd) => dd.scrollWidth > dd.clientWidth + 1 || dd.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
    expect(await clipped()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await clipped()).toBe(0);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, `report-${name}-print`);
    await offline.context.close();
  });

  it('downloads the report from the run page and the sweep page', async () => {
    const offline = await offlineContext(browser, app.url!);
    for (const [path, name] of [[`/runs/${runId}`, 'Three pairs, EMA 8/21'], [`/sweeps/${sweepId}`, '']] as const) {
      const page = await offline.open(path);
      const button = page.getByTestId('download-report');
      await button.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toMatch(/-report\.html$/);
      const html = await readFile((await download.path())!, 'utf8');
      expect(html).toContain('Candlelab');
      if (name) expect(html).toContain(name);
      await page.close();
    }
    expect(offline.blocked).toEqual([]);
    expect(offline.problems).toEqual([]);
    await offline.context.close();
  });
});
