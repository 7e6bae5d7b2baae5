import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export { CHROMIUM, launchChromium } from './chromium.ts';

/** Browser plumbing for the dashboard's end-to-end tests: build, launch, offline pages, screenshots. */

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** Git-ignored (.tmp/): every page the tests visit, at 1280 and at 390 px. */
export const SCREENSHOT_DIR = path.join(ROOT, '.tmp', 'web-screenshots');

export { ensureWebBuilt } from '../../http/web-build.ts';

export interface OfflineContext {
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions, in order. */
  readonly problems: string[];
  /** Requests to other hosts (all aborted). */
  readonly blocked: string[];
  open(pathname: string): Promise<Page>;
}

/**
 * A browser context where every request to another host is aborted (the app must work offline)
 * and every console error or uncaught exception is recorded.
 */
export async function offlineContext(browser: Browser, appUrl: string, viewport = { width: 1280, height: 900 }): Promise<OfflineContext> {
  const origin = new URL(appUrl);
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const problems: string[] = [];
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === origin.host || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => problems.push(`pageerror ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console ${page.url()}: ${message.text()}`);
    });
  });
  return {
    context,
    problems,
    blocked,
    async open(pathname) {
      const page = await context.newPage();
      await page.goto(new URL(pathname, appUrl).href);
      return page;
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * How much wider the document is than the viewport (0: no sideways scrolling), and the outermost
 * elements sticking out, to say what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<{ px: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const px = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
    const culprits: string[] = [];
    if (px > 0) {
      for (const element of document.querySelectorAll<HTMLElement>('body *')) {
        const rect = element.getBoundingClientRect();
        const parent = element.parentElement?.getBoundingClientRect();
        if (rect.right > width + 1 && (!parent || parent.right <= width + 1)) {
          culprits.push(`${element.tagName.toLowerCase()}.${element.className} (${Math.round(rect.right)} px)`);
        }
      }
    }
    return { px, culprits: culprits.slice(0, 5) };
  });
}

/** After each test: closes the pages it opened, then fails on any console error, uncaught exception or request to another host. */
export async function closeAndExpectClean(ctx: OfflineContext, pagesOpen: Page[]): Promise<void> {
  for (const page of pagesOpen.splice(0)) await page.close();
  expect(ctx.problems.splice(0), 'console errors or uncaught exceptions in the pages').toEqual([]);
  expect(ctx.blocked.splice(0), 'requests to other hosts').toEqual([]);
}
