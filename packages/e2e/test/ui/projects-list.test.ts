import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { signInAsAdmin, startUiServer, type UiServer } from './support/headwater.js';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const NARROW = { width: 390, height: 844 };

/** More than the 25 rows of one page: `ops-01` … `ops-30`, then `sales-01` … `sales-05`. */
const OPS = Array.from({ length: 30 }, (_, index) => `ops-${String(index + 1).padStart(2, '0')}`);
const SALES = Array.from({ length: 5 }, (_, index) => `sales-${String(index + 1).padStart(2, '0')}`);
const ALL = [...OPS, ...SALES];

/** How far the page scrolls sideways (0 when it fits the window). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.runIf(chromiumAvailable())('the Projects list: cursor pages and a search, in the URL', () => {
  let hw: UiServer;
  let browser: Browser;
  let page: Page;

  const url = (on: Page = page) => new URL(on.url());
  const rows = (on: Page = page) =>
    on.locator('section[aria-label="Projects"] tbody tr a[href^="/projects/"]').allTextContents();
  const pager = (on: Page = page) => on.locator('section[aria-label="Projects"] .pager');
  const pagerButton = (name: string, on: Page = page) =>
    on.getByRole('navigation', { name: 'Projects pages' }).getByRole('button', { name });
  const searchBox = (on: Page = page) => on.getByRole('searchbox', { name: 'Search', exact: true });

  beforeAll(async () => {
    hw = await startUiServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    // Created out of name order: the list's order is the server's, not the order of creation.
    for (const name of [...ALL].reverse()) {
      await hw.gql(
        hw.adminToken,
        'mutation($input: createProjectInput!) { createProject(input: $input) { id } }',
        {
          input: { name },
        },
      );
    }
    await signInAsAdmin(page, hw);
  });
  afterAll(async () => {
    await browser?.close();
    await hw?.close();
  });

  it('pages forward and back by name, and a reload or Back keeps the page', async () => {
    await page.goto(`${hw.url}/projects`);
    await eventually(() => pager().textContent()).toContain('Showing 1–25 of 35');
    await eventually(() => rows()).toEqual(ALL.slice(0, 25));

    await pagerButton('Next').click();
    await eventually(() => url().searchParams.get('page')).toBe('2');
    expect(url().searchParams.get('after')).toBeTruthy();
    await eventually(() => rows()).toEqual(ALL.slice(25));
    await eventually(() => pager().textContent()).toContain('Showing 26–35 of 35');

    await pagerButton('Previous').click();
    await eventually(() => url().searchParams.has('after')).toBe(false);
    await eventually(() => rows()).toEqual(ALL.slice(0, 25));

    await pagerButton('Next').click();
    await eventually(() => rows()).toEqual(ALL.slice(25));
    await page.reload();
    await eventually(() => rows()).toEqual(ALL.slice(25));
    expect(url().searchParams.get('page')).toBe('2');

    // The browser's Back goes to the page before, as the Previous button does.
    await page.goBack();
    await eventually(() => rows()).toEqual(ALL.slice(0, 25));
    await page.goForward();
    await eventually(() => rows()).toEqual(ALL.slice(25));
    await pagerButton('First page').click();
    await eventually(() => rows()).toEqual(ALL.slice(0, 25));
  });

  it('narrows the list by a search in any case, kept in the URL across a reload and Back', async () => {
    await page.goto(`${hw.url}/projects`);
    await pagerButton('Next').click();
    await eventually(() => url().searchParams.get('page')).toBe('2');

    // A new search starts the list over, on its first page.
    await searchBox().fill('SALES');
    await eventually(() => url().searchParams.get('q')).toBe('SALES');
    expect(url().searchParams.has('after')).toBe(false);
    expect(url().searchParams.has('page')).toBe(false);
    await eventually(() => rows()).toEqual(SALES);
    await eventually(() => pager().textContent()).toBe('5 in total');
    await screenshot(page, 'projects-02-searched');

    await page.reload();
    await eventually(() => rows()).toEqual(SALES);
    expect(await searchBox().inputValue()).toBe('SALES');

    await page.getByRole('link', { name: 'sales-03', exact: true }).click();
    await page.getByRole('heading', { name: 'sales-03', level: 1 }).waitFor();
    await page.goBack();
    await eventually(() => rows()).toEqual(SALES);
    expect(await searchBox().inputValue()).toBe('SALES');

    await searchBox().fill('nothing-like-this');
    await eventually(() =>
      page.getByRole('heading', { name: 'No project name contains “nothing-like-this”' }).count(),
    ).toBe(1);
    await page.getByRole('link', { name: 'Clear the search' }).click();
    await eventually(() => url().searchParams.has('q')).toBe(false);
    await eventually(() => rows()).toEqual(ALL.slice(0, 25));
    expect(await searchBox().inputValue()).toBe('');
  });

  it('at 390 px: the list, its search and its pager fit without scrolling sideways', async () => {
    const context = await browser.newContext({ viewport: NARROW, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    try {
      await signInAsAdmin(phone, hw);
      await phone.goto(`${hw.url}/projects`);
      await eventually(() => rows(phone)).toEqual(ALL.slice(0, 25));
      expect(await sidewaysScroll(phone)).toBe(0);
      for (const field of [searchBox(phone), phone.getByLabel('Name', { exact: true })]) {
        const box = await field.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(NARROW.width);
        // Wide enough to read what is typed: more than half the window.
        expect(box!.width).toBeGreaterThan(NARROW.width / 2);
      }

      await pagerButton('Next', phone).click();
      await eventually(() => rows(phone)).toEqual(ALL.slice(25));
      expect(await sidewaysScroll(phone)).toBe(0);

      await searchBox(phone).fill('ops-1');
      await eventually(() => rows(phone)).toEqual(OPS.slice(9, 19));
      expect(await sidewaysScroll(phone)).toBe(0);
      await screenshot(phone, 'projects-01-narrow-searched');
    } finally {
      await context.close();
    }
  });
});
