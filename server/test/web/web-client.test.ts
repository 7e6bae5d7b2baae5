import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../app.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_ROOT = path.resolve(import.meta.dirname, '../../../web');
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Newest modification time under the client's sources (src, index.html, vite config). */
function newestSourceMtime(): number {
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(newest, entry.isDirectory() ? walk(full) : statSync(full).mtimeMs);
    }, 0);
  return Math.max(walk(path.join(WEB_ROOT, 'src')), statSync(path.join(WEB_ROOT, 'index.html')).mtimeMs, statSync(path.join(WEB_ROOT, 'vite.config.ts')).mtimeMs);
}

/** Builds web/dist (the directory the app serves) when it is missing or older than the sources. */
async function ensureWebBuilt(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSourceMtime()) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

describe('web client in a real browser against the real app', () => {
  let app: TestApp;
  let browser: Browser;
  let range: { fromMs: number; toMs: number };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH). The web client test needs a real browser.`);
    }
    await ensureWebBuilt();
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true' } });
    range = await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-BTCUSDT', interval: '5m', count: 20_000 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function openPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    await page.goto(app.url!);
    // The strategy list comes from the API; the form is usable once it is there.
    await page.getByTestId('strategy').locator('option[value="ema_cross"]').waitFor({ state: 'attached' });
    return page;
  }

  async function fillForm(page: Page, values: { name: string; startDate: string; endDate: string }) {
    await page.getByTestId('name').fill(values.name);
    await page.getByTestId('symbols').fill('SYNTH-BTCUSDT');
    await page.getByTestId('timeframe').selectOption('5m');
    await page.getByTestId('start-date').fill(values.startDate);
    await page.getByTestId('end-date').fill(values.endDate);
    await page.getByTestId('strategy').selectOption('ema_cross');
    await page.getByTestId('initial-capital').fill('10000');
    await page.getByTestId('position-size').fill('1000');
  }

  it('starts a backtest, shows its live progress and then its metrics', async () => {
    const page = await openPage();
    // Strategy parameters are built from the specs, with defaults prefilled.
    expect(await page.getByTestId('strategy-params').locator('input').count()).toBeGreaterThan(0);

    // The end date is inclusive: the last full day of seeded candles.
    await fillForm(page, { name: 'browser run', startDate: isoDay(range.fromMs), endDate: isoDay(range.toMs - DAY_MS) });
    await page.getByTestId('run-button').click();

    const bar = page.getByTestId('progress-bar');
    await bar.waitFor({ state: 'visible' });
    const ended = page.getByTestId('run-status').filter({ hasText: /^(COMPLETED|FAILED|CANCELLED)$/ });
    await ended.waitFor({ timeout: 50_000 });
    const status = await ended.textContent();
    const failure = status === 'COMPLETED' ? '' : await page.getByTestId('error-box').allTextContents();
    expect(status, `run ended ${status}: ${failure}; page errors: ${pageErrors.join(' | ')}`).toBe('COMPLETED');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');

    const trades = page.getByTestId('metrics-table').getByTestId('metric-totalTrades');
    await trades.waitFor();
    expect((await trades.textContent())?.trim()).toMatch(/^\d[\d,]*$/);
    expect(await page.getByTestId('bars-processed').textContent()).toMatch(/^[\d,]+ \/ [\d,]+$/);

    // The recent-runs list is refreshed when the run ends.
    await page.getByTestId('recent-run').filter({ hasText: 'browser run' }).filter({ hasText: 'COMPLETED' }).waitFor();

    const shotDir = mkdtempSync(path.join(tmpdir(), 'candlelab-web-'));
    const shot = path.join(shotDir, 'completed-run.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`Screenshot: ${shot}`);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows the API error code when the input is rejected', async () => {
    const page = await openPage();
    await fillForm(page, { name: 'backwards', startDate: '2024-03-01', endDate: '2024-02-01' });
    await page.getByTestId('run-button').click();
    const box = page.getByRole('alert').filter({ hasText: 'INVALID_DATE_RANGE' });
    await box.waitFor();
    expect(await box.getByTestId('error-code').textContent()).toBe('INVALID_DATE_RANGE');
    expect(await page.getByTestId('progress-bar').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('offers the sample markets when the store is empty, and uses them once loaded', async () => {
    const empty = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true' } });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(empty.url!);
      await page.getByTestId('no-data').waitFor();
      await page.getByTestId('load-sample').click();
      await page.getByTestId('coverage').filter({ hasText: 'SYNTH-ETHUSDT' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('no-data').count()).toBe(0);
      expect(await page.getByTestId('symbols').inputValue()).toBe('SYNTH-BTCUSDT');
      await page.close();
    } finally {
      await empty.stop();
    }
  }, 60_000);
});
