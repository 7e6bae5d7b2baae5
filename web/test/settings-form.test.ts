import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import solid from 'vite-plugin-solid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_DEFINITIONS, type SettingDefinition } from '../../server/backtest/setting-definitions.ts';
import { launchChromium } from '../../server/test/web/chromium.ts';
import { asServed } from './setting-definitions.ts';

/**
 * The settings the run and sweep forms show follow the definitions they are given: the same form
 * model and view, built here on their own and fed a changed copy of the server's definitions (never
 * by editing them), shows the changed default and bounds and checks against them.
 */

const HARNESS = path.join(import.meta.dirname, 'harness');
/** Git-ignored, like the screenshots. */
const OUT = path.resolve(import.meta.dirname, '../../.tmp/settings-form-harness');
const ORIGIN = 'http://settings-form.test';

let browser: Browser;

beforeAll(async () => {
  await build({ configFile: false, root: HARNESS, plugins: [solid()], logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, rollupOptions: { input: path.join(HARNESS, 'settings-form.html') } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The harness page, served from the build, rendering the settings from `definitions`. */
async function openForm(definitions: readonly SettingDefinition[]): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ path: path.join(OUT, new URL(route.request().url()).pathname) }));
  await page.addInitScript((served) => Object.assign(window, { settingDefinitions: served }), asServed(definitions));
  await page.goto(`${ORIGIN}/settings-form.html`);
  await page.getByTestId('setting-feeRate').waitFor();
  return page;
}

/** What the fee-rate input shows: its starting text, bounds and help. */
async function feeRateInput(page: Page) {
  const input = page.getByTestId('setting-feeRate');
  const help = await page.locator('[data-field="feeRate"] .field__hint').textContent();
  return { value: await input.inputValue(), min: await input.getAttribute('data-min'), max: await input.getAttribute('data-max'), help };
}

/** The problem shown beside the fee rate (the form checks as the user types). */
const feeRateProblem = (page: Page) => page.getByTestId('field-error-feeRate').textContent({ timeout: 10_000 });

const withFeeRate = (change: Partial<SettingDefinition>): SettingDefinition[] => SETTING_DEFINITIONS.map((d) => (d.name === 'feeRate' ? { ...d, ...change } : d));

describe('settings form built from the setting definitions (Chromium)', () => {
  it("shows the served default and bounds, and takes a fee the served bound allows", async () => {
    const page = await openForm(SETTING_DEFINITIONS);
    const served = SETTING_DEFINITIONS.find((d) => d.name === 'feeRate')!;
    expect(await feeRateInput(page)).toEqual({ value: String(served.default), min: String(served.min), max: String(served.max), help: expect.stringContaining(`less than ${served.max}`) });
    await page.getByTestId('setting-feeRate').fill('0.07');
    expect(await page.getByTestId('field-error-feeRate').count()).toBe(0);
    await page.close();
  });

  it('follows a changed default and bounds: the input starts at the new default, shows and enforces the new bounds', async () => {
    const page = await openForm(withFeeRate({ default: 0.002, min: 0.0005, max: 0.05 }));
    expect(await feeRateInput(page)).toEqual({ value: '0.002', min: '0.0005', max: '0.05', help: expect.stringContaining('(at least 0.0005, less than 0.05)') });
    await page.getByTestId('setting-feeRate').fill('0.07');
    expect(await feeRateProblem(page)).toBe('Fee rate must be less than 0.05');
    await page.getByTestId('setting-feeRate').fill('0.0001');
    expect(await feeRateProblem(page)).toBe('Fee rate must be at least 0.0005');
    await page.close();
  });
});
