import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RSI_TREND_EXAMPLE } from '../../engine/index.ts';
import { gqlData } from '../../harness/graphql-client.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticCandles } from '../helpers/candles.ts';
import { closeAndExpectClean, ensureWebBuilt, horizontalOverflow, launchChromium, offlineContext, screenshot, type OfflineContext } from './browser.ts';

const PREVIEW = `query P($documentJson: String!, $symbol: String!, $timeframe: String!, $from: DateTime!, $to: DateTime!) {
  strategyPreview(documentJson: $documentJson, symbol: $symbol, timeframe: $timeframe, from: $from, to: $to) { markers { time kind } trades { exitTime } }
}`;

/** Sets a number of the document (at its server path) to a declared parameter. */
async function useParam(page: Page, path: string, param: string): Promise<void> {
  await page.locator(`[data-number="${path}"] [data-role="number-mode"]`).first().selectOption(`param:${param}`);
}

/**
 * The visual builder end to end in Chromium against the real app: the README's RSI example composed
 * by clicks and typing only, its preview markers, a problem shown at its block, a trailing stop and sizing
 * added, saved, run, and the run page.
 */
describe('strategy builder in Chromium against the real app', () => {
  let app: TestApp;
  let browser: Browser;
  let ctx: OfflineContext;
  const pagesOpen: Page[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    app = await startTestApp({ env: { CANDLELAB_SERVE_WEB: 'true' } });
    await seedSyntheticCandles(app.databaseUrl, { symbol: 'SYNTH-RSIUSDT', interval: '1h', count: 6_000, seed: 11 });
    browser = await launchChromium();
    ctx = await offlineContext(browser, app.url!);
  });

  afterEach(() => closeAndExpectClean(ctx, pagesOpen));

  afterAll(async () => {
    await ctx?.context.close();
    await browser?.close();
    await app?.stop();
  });

  it("builds the README's RSI example by clicks and typing, previews its signals, saves, runs it and opens the run", async () => {
    const page = await ctx.open('/strategies');
    pagesOpen.push(page);
    await page.getByTestId('strategy-name').waitFor();
    await page.getByTestId('strategy-name').fill(RSI_TREND_EXAMPLE.name);
    await page.getByTestId('strategy-description').fill(RSI_TREND_EXAMPLE.description!);

    // Parameters: each row typed in.
    for (const [i, p] of (RSI_TREND_EXAMPLE.params ?? []).entries()) {
      await page.getByTestId('add-param').click();
      const row = page.locator(`[data-param-row="${i}"]`);
      await row.locator('[data-role="param-name"]').fill(p.name);
      await row.locator('[data-role="param-type"]').selectOption(p.type);
      for (const key of ['default', 'min', 'max', 'step', 'label', 'unit'] as const) if (p[key] !== undefined) await row.locator(`[data-role="param-${key}"]`).fill(String(p[key]));
    }
    await page.getByTestId('add-constraint').click();
    await page.locator('[data-constraint-row="0"] [data-role="constraint-names"]').fill('oversold, overbought');
    await page.locator('[data-constraint-row="0"] [data-role="constraint-names"]').press('Tab');

    // Named series: rsi and trend, each an indicator of the catalogue with its period a parameter.
    for (const [i, [name, indicator]] of [['rsi', 'rsi'], ['trend', 'ema']].entries()) {
      await page.getByTestId('add-series').click();
      await page.locator(`[data-series-row="${i}"] [data-role="series-name"]`).fill(name);
      await page.locator(`[data-kind-of="series.${name}"]`).selectOption('indicator');
      await page.locator(`[data-indicator-of="series.${name}"]`).selectOption(indicator);
    }
    // A bad number shows its problem at its own block: RSI over 0 bars.
    await page.locator('[data-number="series.rsi.period"] [data-role="number-mode"]').selectOption('value');
    await page.locator('[data-number="series.rsi.period"] [data-role="number-value"]').fill('0');
    const problem = page.locator('[data-testid="block-problems"][data-path="series.rsi.period"]');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/rsi period must be >= 1/);
    await useParam(page, 'series.rsi.period', 'rsiPeriod');
    await useParam(page, 'series.trend.period', 'trendPeriod');
    await problem.waitFor({ state: 'detached' });

    // Entry long: all of (rsi < oversold, close > trend).
    await page.locator('[data-kind-of="rules.entryLong"]').selectOption('all');
    await page.locator('[data-add-condition="rules.entryLong.all"]').click();
    await page.locator('[data-kind-of="rules.entryLong.all[0].left"]').selectOption('ref');
    await page.locator('[data-op-of="rules.entryLong.all[0]"]').selectOption('lt');
    await useParam(page, 'rules.entryLong.all[0].right', 'oversold');
    await page.locator('[data-kind-of="rules.entryLong.all[1].right"]').selectOption('ref');
    await page.locator('[data-ref-of="rules.entryLong.all[1].right"]').selectOption('trend');
    // Exit long: rsi > overbought.
    await page.locator('[data-rule-toggle="exitLong"]').check();
    await page.locator('[data-kind-of="rules.exitLong.left"]').selectOption('ref');
    await useParam(page, 'rules.exitLong.right', 'overbought');
    // A stop at atrMultiple × ATR(atrPeriod).
    await page.getByTestId('add-stop').click();
    await page.locator('[data-kind-of="rules.stops.stopLoss[0]"]').selectOption('atr');
    await useParam(page, 'rules.stops.stopLoss[0].atr.multiple', 'atrMultiple');
    await useParam(page, 'rules.stops.stopLoss[0].atr.period', 'atrPeriod');

    // What was built is the README's document, exported as the exact JSON text.
    await page.locator('[data-testid="document-sources"] summary', { hasText: 'Export JSON' }).click();
    const exported = await page.getByTestId('export-text').inputValue();
    expect(JSON.parse(exported)).toEqual(RSI_TREND_EXAMPLE);

    // The preview's markers are the server's signals for this document on the chosen market and range.
    const preview = page.locator('[data-testid="strategy-preview"][data-answered="true"][data-pending="false"]');
    await preview.waitFor();
    await page.getByTestId('preview-chart').waitFor();
    const market = Object.fromEntries(await Promise.all(['symbol', 'timeframe', 'from', 'to'].map(async (k) => [k, await preview.getAttribute(`data-${k}`)])));
    const expected = await gqlData(app.gql, PREVIEW, { documentJson: exported, ...market });
    expect(expected.strategyPreview.markers.length).toBeGreaterThan(0);
    expect(Number(await preview.getAttribute('data-markers'))).toBe(expected.strategyPreview.markers.length);
    // Exits are drawn only where a simulated position closed.
    expect(expected.strategyPreview.trades.length).toBeGreaterThan(0);
    expect(Number(await preview.getAttribute('data-exits'))).toBe(expected.strategyPreview.trades.length);
    await screenshot(page, 'strategy-builder');

    // A trailing stop and the strategy's own sizing, by clicks and typing: a trailing percent of 150 shows its
    // problem at its block; 1.5 × ATR and 20 % of equity join the document's rules.
    await page.getByTestId('toggle-trailing').check();
    await page.locator('[data-number="rules.stops.trailing.percent"] [data-role="number-value"]').fill('150');
    const trailingProblem = page.locator('[data-testid="block-problems"][data-path="rules.stops.trailing.percent"]');
    await trailingProblem.waitFor();
    expect(await trailingProblem.textContent()).toMatch(/must be <= 100/);
    await page.locator('[data-kind-of="rules.stops.trailing"]').selectOption('atr');
    await page.locator('[data-number="rules.stops.trailing.atr.multiple"] [data-role="number-value"]').fill('1.5');
    await trailingProblem.waitFor({ state: 'detached' });
    await page.getByTestId('toggle-sizing').check();
    await page.locator('[data-kind-of="rules.sizing"]').selectOption('percentEquity');
    await page.locator('[data-number="rules.sizing.percentEquity"] [data-role="number-value"]').fill('20');
    const withTrailing = {
      ...RSI_TREND_EXAMPLE,
      rules: { ...RSI_TREND_EXAMPLE.rules, stops: { ...RSI_TREND_EXAMPLE.rules.stops, trailing: { atr: { multiple: { value: 1.5 }, period: { value: 14 } } } }, sizing: { percentEquity: { value: 20 } } },
    };
    await page.waitForFunction(() => JSON.parse((document.querySelector('[data-testid="export-text"]') as HTMLTextAreaElement).value).rules.sizing?.percentEquity?.value === 20);
    expect(JSON.parse(await page.getByTestId('export-text').inputValue())).toEqual(withTrailing);
    await page.locator('[data-testid="strategy-preview"][data-answered="true"][data-pending="false"]').waitFor();
    await screenshot(page, 'strategy-builder-trailing');

    // Save, then Run: the new-run form opens on this version, and the run completes with trades.
    await page.getByTestId('save-strategy').click();
    await page.waitForURL(/\/strategies\/[^/]+$/);
    await page.getByTestId('saved-version').filter({ hasText: 'version 1 · saved' }).waitFor();
    const strategyName = (await page.getByTestId('saved-version').textContent())!.split(' · ')[0];
    expect(strategyName).toMatch(/^user:.+@1$/);
    await page.getByTestId('run-strategy').click();
    await page.waitForURL(/\/runs\/new\?strategy=/);
    await page.getByTestId('coverage').filter({ hasText: 'SYNTH-RSIUSDT' }).waitFor();
    await page.waitForFunction((name) => (document.querySelector('[data-testid="strategy"]') as HTMLSelectElement | null)?.value === name, strategyName);
    // People read the version by its name, not its id: in the form's choice, the run's default name and its summary.
    const title = `${RSI_TREND_EXAMPLE.name} v1`;
    // Saved strategies are a group of their own: one started from a built-in may carry the built-in's name.
    expect(await page.locator('[data-testid="strategy"] optgroup[label="Saved"] option:checked').textContent()).toBe(title);
    await page.getByTestId('run-button').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop();
    await page.locator(`[data-testid="run-detail"][data-run-id="${id}"]:is([data-status="COMPLETED"], [data-status="FAILED"])`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-detail').getAttribute('data-status')).toBe('COMPLETED');
    expect(Number(await page.getByTestId('metric-value-totalTrades').getAttribute('data-raw'))).toBeGreaterThan(0);
    expect(await page.getByTestId('run-name').textContent()).toBe(`${title} SYNTH-RSIUSDT 1h`);
    expect(await page.getByTestId('run-summary').textContent()).toMatch(new RegExp(`^${title} · `));
    // The price chart's time axis is labelled across the whole run (eight months of 1h), not only up to its middle.
    const candles = page.locator('[data-testid="price-panel"] [data-testid="candle-chart"][data-x-labels]');
    await candles.waitFor();
    const [firstLabel, lastLabel] = (await candles.getAttribute('data-x-labels'))!.split(',').map(Number);
    const runRange = await page.getByTestId('run-summary').textContent();
    const [, fromDay, toDay] = /(\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2})/.exec(runRange!)!;
    const fromMs = Date.parse(fromDay), toMs = Date.parse(toDay) + 86_400_000;
    expect(firstLabel - fromMs).toBeLessThan(0.1 * (toMs - fromMs));
    expect(toMs - lastLabel).toBeLessThan(0.1 * (toMs - fromMs));
    // Day labels carry no year: the axis title names it.
    const years = fromDay.slice(0, 4) === toDay.slice(0, 4) ? fromDay.slice(0, 4) : `${fromDay.slice(0, 4)}–${toDay.slice(0, 4)}`;
    expect(await candles.getAttribute('data-x-title')).toBe(`time (UTC), ${years}`);
    expect(await page.locator('[data-testid="equity-chart"][data-x-title]').first().getAttribute('data-x-title')).toBe(`time (UTC), ${years}`);
    await screenshot(page, 'strategy-builder-run');

    // The runs page's strategy filter offers the strategy by its name, for runs of every version.
    const runs = await ctx.open('/runs');
    const family = strategyName.replace(/@\d+$/, '');
    await runs.locator(`[data-testid="filter-strategy"] option[value="${family}"]`).waitFor({ state: 'attached' });
    expect(await runs.locator(`[data-testid="filter-strategy"] optgroup[label="Saved"] option[value="${family}"]`).textContent()).toBe(RSI_TREND_EXAMPLE.name);
    expect(await runs.locator('[data-testid="filter-strategy"] optgroup[label="Built-in"] option[value="ema_cross"]').count()).toBe(1);
    await runs.getByTestId('filter-strategy').selectOption(family);
    await runs.waitForURL(/[?&]strategy=/);
    await runs.locator(`[data-testid="run-row"][data-run-id="${id}"]`).waitFor();
    await runs.close();

    // Readable at 390 px: the saved strategy reopens there without sideways scrolling.
    const phone = await offlineContext(browser, app.url!, { width: 390, height: 844 });
    try {
      const small = await phone.open(new URL(page.url()).pathname.replace(/^\/runs\/.*/, `/strategies/${strategyName.slice('user:'.length).split('@')[0]}`));
      await small.locator('[data-testid="strategy-preview"][data-answered="true"]').waitFor();
      await small.getByTestId('preview-chart').waitFor();
      expect(await horizontalOverflow(small)).toEqual({ px: 0, culprits: [] });
      await screenshot(small, 'strategy-builder-390');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
  it('deletes a saved strategy from its page: it leaves the lists, and its version still reads by name', async () => {
    const { createUserStrategy: created } = await gqlData(app.gql, `mutation C($json: String!) { createUserStrategy(documentJson: $json) { id strategyName } }`, { json: JSON.stringify({ ...RSI_TREND_EXAMPLE, name: 'To delete' }) });
    const page = await ctx.open(`/strategies/${created.id}`);
    pagesOpen.push(page);
    const entry = page.locator(`[data-testid="saved-strategy"][data-id="${created.id}"]`);
    await entry.waitFor();
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await entry.getByTestId('delete-strategy').click();
    await page.waitForURL(/\/strategies$/);
    await entry.waitFor({ state: 'detached' });
    expect(dialogs).toEqual(['Delete the strategy "To delete"? Its runs and sweeps keep showing the version they used.']);
    const { userStrategies, userStrategyVersion } = await gqlData(app.gql, `query L($name: String!) { userStrategies { id } userStrategyVersion(strategyName: $name) { version } }`, { name: created.strategyName });
    expect(userStrategies.map((s: { id: string }) => s.id)).not.toContain(created.id);
    expect(userStrategyVersion).toEqual({ version: 1 });
  });
});
