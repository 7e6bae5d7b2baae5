import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeExchangeServer, startFakeExchange } from '../fixtures/fake-exchanges/fake-exchanges.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureWebBuilt, launchChromium, offlineContext, screenshot, type OfflineContext } from './browser.ts';

/** Exchange-qualified symbols in the forms, in Chromium against the real app and a local fake Bybit. */
describe('exchange-qualified symbols in the web forms', () => {
  let app: TestApp;
  let bybit: FakeExchangeServer;
  let browser: Browser;
  let ctx: OfflineContext;

  beforeAll(async () => {
    await ensureWebBuilt();
    bybit = await startFakeExchange('BYBIT');
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true', BYBIT_BASE_URL: bybit.url } });
    browser = await launchChromium();
    ctx = await offlineContext(browser, app.url!);
  });
  // No console error, uncaught exception or request to another host in any page.
  afterEach(() => expect({ problems: ctx.problems.splice(0), blocked: ctx.blocked.splice(0) }).toEqual({ problems: [], blocked: [] }));
  afterAll(async () => {
    await browser?.close();
    await Promise.all([app?.stop(), bybit?.close()]);
  });

  it('the data page downloads bybit:btc/usdt from Bybit and lists it under its canonical name', async () => {
    const page = await ctx.open('/market-data');
    const form = page.getByTestId('fetch-panel');
    await form.getByText('EXCHANGE:BASE/QUOTE', { exact: false }).waitFor();
    await form.getByLabel('Symbol').fill('bybit:btc/usdt');
    await form.getByLabel('Interval').selectOption('1h');
    await form.getByLabel('From (UTC)').fill('2024-05-01');
    await form.getByLabel('To (UTC, inclusive)').fill('2024-05-10');
    await form.getByRole('button', { name: 'Download' }).click();
    await page.waitForURL(/fetch=/);
    await page.getByTestId('fetch-progress').getByTestId('status').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="coverage-row"][data-market="BYBIT:BTC/USDT-1h"]').waitFor();
    expect(bybit.ohlcvRequests().length).toBeGreaterThan(0);
    await screenshot(page, 'exchange-symbols-data');
    await page.close();
  }, 60_000);

  it('the run form offers a typed pair on each exchange and adds it in canonical form', async () => {
    const page = await ctx.open('/runs/new');
    const symbols = page.getByTestId('symbols');
    await symbols.getByRole('combobox').fill('eth/usdt');
    const listbox = symbols.getByRole('listbox');
    for (const offered of ['BYBIT', 'OKX', 'KRAKEN', 'COINBASE']) await listbox.getByRole('option', { name: `${offered}:ETH/USDT ${offered.toLowerCase()}` }).waitFor();
    await screenshot(page, 'exchange-symbols-offered');
    await listbox.getByRole('option', { name: 'OKX:ETH/USDT okx' }).click();
    await symbols.getByRole('combobox').fill('binance:btc/usdt');
    await symbols.getByRole('combobox').press('Enter');
    // The form starts on the stored market (the Bybit download above), then the two added.
    expect(await symbols.locator('.chip--selected').allTextContents()).toEqual(['BYBIT:BTC/USDT×', 'OKX:ETH/USDT×', 'BTCUSDT×']);
    await screenshot(page, 'exchange-symbols-run-form');
    await page.close();
  }, 60_000);
});
