import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { greetingFlow } from './support/fixture-flows.js';
import { startUiServer, type UiServer } from './support/headwater.js';
import { SimulatedRun } from './support/simulated-agent.js';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const WIDE = { width: 1400, height: 900 };
const NARROW = { width: 390, height: 844 };

/** How far the page scrolls sideways (0 when it fits the window). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Waits until nothing on the page says it is loading. */
const loaded = (page: Page) => eventually(() => page.locator('.loading').count()).toBe(0);

describe.runIf(chromiumAvailable())('run lists, flow health and the app shell in Chromium', () => {
  let hw: UiServer;
  let browser: Browser;
  /** The wide window, signed in, in Europe/Berlin (next-run times name their zone). */
  let page: Page;
  let projectId: string;
  let etlId: string;
  let etlGroup: string;
  let cronId: string;
  const failedRunIds: string[] = [];

  const gql = <T = any>(query: string, variables?: Record<string, unknown>) =>
    hw.gql<T>(hw.adminToken, query, variables);
  const registerFlow = async (serializedFlow: Record<string, unknown>) =>
    (
      await gql<{ createFlow: { id: string } }>(
        'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
        { input: { projectId, serializedFlow, setScheduleActive: false } },
      )
    ).createFlow.id;
  const createRun = async (flowId: string, input: Record<string, unknown> = {}) =>
    (
      await gql<{ createFlowRun: { id: string; flowRun: { name: string } } }>(
        'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id flowRun { name } } }',
        { input: { flowId, parameters: { name: 'Ada' }, ...input } },
      )
    ).createFlowRun;
  const runState = async (id: string) =>
    (await gql<{ flowRun: { state: string } }>('query($id: ID!) { flowRun(id: $id) { state } }', { id }))
      .flowRun.state;

  /** Signs `target` in with the admin token. */
  const signIn = async (target: Page) => {
    await target.goto(hw.url);
    await target.getByLabel('API token').fill(hw.adminToken);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  };
  /** Opens `path` in the wide window. */
  const open = (path = '/') => page.goto(`${hw.url}${path}`);

  beforeAll(async () => {
    hw = await startUiServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: WIDE, timezoneId: 'Europe/Berlin' })).newPage();
    projectId = (
      await gql<{ createProject: { id: string } }>(
        'mutation($input: createProjectInput!) { createProject(input: $input) { id } }',
        { input: { name: 'Lists' } },
      )
    ).createProject.id;
    etlId = await registerFlow(greetingFlow('nightly-etl'));
    etlGroup = (
      await gql<{ flow: { versionGroupId: string } }>(
        'query($id: ID!) { flow(id: $id) { versionGroupId } }',
        { id: etlId },
      )
    ).flow.versionGroupId;
    const cron = greetingFlow('weekday-report');
    cron.schedule = {
      type: 'Schedule',
      clocks: [{ type: 'CronClock', cron: '0 9 * * 1-5', __version__: '0.1.0' }],
      __version__: '0.1.0',
    };
    cronId = await registerFlow(cron);
    // 27 runs of one flow: two pages of its Runs tab (25 a page).
    for (let i = 0; i < 24; i++) await createRun(etlId, { labels: i === 0 ? ['prod', 'eu'] : ['dev'] });
    await createRun(cronId, {
      name: 'due-tomorrow',
      scheduledStartTime: new Date(Date.now() + 86_400_000).toISOString(),
    });
    for (const name of ['broken-load-1', 'broken-load-2']) {
      const { id } = await createRun(etlId, { name });
      const run = await SimulatedRun.claim(hw, id);
      await run.runTask('extract-1', 'Success', 'Extracted 1 row');
      await run.runTask(
        'load-1',
        'Failed',
        'Error: connection refused by warehouse.example:5432\n    at load (flow.ts:9)',
        'ERROR',
      );
      await run.setFlowRunState('Failed', 'Some reference tasks failed.');
      failedRunIds.push(id);
    }
    const { id: okId } = await createRun(etlId, { name: 'all-good' });
    const ok = await SimulatedRun.claim(hw, okId);
    await ok.setFlowRunState('Success', 'All reference tasks succeeded.');
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
  });

  it('gives generated runs names of their own, and shows the start of each id beside the name', async () => {
    const { flowRuns } = await gql<{ flowRuns: { nodes: { id: string; name: string }[] } }>(
      '{ flowRuns(first: 100) { nodes { id name } } }',
    );
    expect(flowRuns.nodes).toHaveLength(28);
    expect(new Set(flowRuns.nodes.map((run) => run.name)).size).toBe(28);
    await open('/flow-runs');
    const first = flowRuns.nodes.find((run) => run.name === 'all-good')!;
    const row = page.getByRole('row', { name: /all-good/ });
    await eventually(() => row.textContent()).toContain(first.id.slice(0, 8));
  });

  it('searches and filters runs, and keeps it all in the URL', async () => {
    await open('/flow-runs');
    const rows = page.getByRole('table', { name: 'Flow runs' }).locator('tbody tr');
    await eventually(() => rows.count()).toBe(28);

    await page.getByLabel('Search', { exact: true }).fill('BROKEN-load');
    await eventually(() => new URL(page.url()).searchParams.get('q')).toBe('BROKEN-load');
    await eventually(() => rows.count()).toBe(2);
    // The failure says which task failed and why, not the flow's generic message.
    const failure = await rows.first().locator('.run-failure').textContent();
    expect(failure).toBe('load: Error: connection refused by warehouse.example:5432');
    expect(await page.getByRole('table', { name: 'Flow runs' }).textContent()).not.toContain(
      'Some reference tasks failed.',
    );

    await page.getByLabel('Search', { exact: true }).fill('');
    await eventually(() => new URL(page.url()).searchParams.has('q')).toBe(false);
    await page.getByLabel('State', { exact: true }).selectOption('failed');
    await eventually(() => rows.count()).toBe(2);
    await page.getByLabel('Flow', { exact: true }).selectOption(etlGroup);
    await page.getByLabel('Due', { exact: true }).selectOption('1h');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ state: 'failed', flow: etlGroup, range: '1h' });
    await page.reload();
    await eventually(() => rows.count()).toBe(2);
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('failed');

    await page.goto(`${hw.url}/flow-runs?label=prod`);
    await eventually(() => rows.count()).toBe(1);
    expect(await page.getByLabel('Labels', { exact: true }).inputValue()).toBe('prod');
    await page.goto(`${hw.url}/flow-runs?project=${projectId}&q=weekday`);
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('due-tomorrow');
    await page.goto(`${hw.url}/flow-runs?q=no-such-run`);
    await page.getByText('No runs match these filters').waitFor();
    await screenshot(page, 'lists-01-filtered-runs');
  });

  it("pages through a flow's Runs tab to the runs after the first 25, and back", async () => {
    await open(`/flows/${etlId}?tab=runs`);
    const table = page.getByRole('table', { name: 'Runs of nightly-etl' });
    const pager = page.getByRole('navigation', { name: 'Runs of nightly-etl pages' });
    await eventually(() => pager.textContent()).toContain('Showing 1–25 of 27');
    const firstPage = await table.locator('tbody tr').allTextContents();
    await pager.getByRole('button', { name: 'Next' }).click();
    await eventually(() => pager.textContent()).toContain('Showing 26–27 of 27');
    const secondPage = await table.locator('tbody tr').allTextContents();
    expect(secondPage).toHaveLength(2);
    expect(secondPage.some((row) => firstPage.includes(row))).toBe(false);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('runs');
    expect(new URL(page.url()).searchParams.get('after')).toBeTruthy();
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Previous' }).click();
    await eventually(() => pager.textContent()).toContain('Showing 1–25 of 27');
  });

  it('cancels the selected runs after asking, and says what became of each', async () => {
    await open('/flow-runs?label=dev');
    const table = page.getByRole('table', { name: 'Flow runs' });
    await eventually(() => table.locator('tbody tr').count()).toBe(23);
    const boxes = table.locator('tbody input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const ids = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.slice(0, 2).map((row) => row.querySelector('a')!.getAttribute('href')!.split('/').pop()!),
      );
    await page.getByRole('button', { name: 'Cancel 2 runs' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('Cancel 2 runs?');
    await dialog.getByRole('button', { name: 'Cancel 2 runs' }).click();
    await page.getByText('Cancelled 2 runs.').waitFor();
    for (const id of ids) expect(await runState(id)).toBe('Cancelled');

    // A finished run cannot be ticked; the header box ticks only the unfinished ones of the page.
    await page.goto(`${hw.url}/flow-runs?state=failed`);
    await eventually(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody input[type="checkbox"]').first().isDisabled()).toBe(true);
    for (const id of failedRunIds) expect(await runState(id)).toBe('Failed');
  });

  it("shows each flow's last runs, success rate and median duration on the flows list and its page", async () => {
    await open('/flows');
    const row = page.getByRole('row', { name: /nightly-etl/ });
    const strip = row.getByRole('list', { name: /finished runs of nightly-etl/ });
    // Two failures, one success and two cancels: 1 of 5 succeeded.
    await eventually(() => strip.getByRole('link').count()).toBe(5);
    expect(await row.getByTestId('success-rate').textContent()).toContain('20 %');
    expect(await strip.locator('[data-state="Failed"]').count()).toBe(2);
    await page.getByRole('link', { name: 'nightly-etl' }).first().click();
    const health = page.locator('section', { has: page.getByRole('heading', { name: 'Health' }) });
    await eventually(() => health.getByTestId('success-rate').textContent()).toContain('20 %');
    expect(await health.getByTestId('median-duration').textContent()).toMatch(/\d/);
    await strip
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await health.getByRole('link', { name: /^broken-load-1: Failed/ }).click();
    await page.getByRole('heading', { name: 'broken-load-1', level: 1 }).waitFor();
  });

  it('describes cron in words and gives next-run times their zone', async () => {
    await open(`/flows/${cronId}`);
    const schedule = page.locator('section', {
      has: page.getByRole('heading', { name: 'Schedule', exact: true }),
    });
    await eventually(() => schedule.textContent()).toContain('At 09:00, Monday through Friday (UTC)');
    const next = schedule.getByRole('listitem').filter({ hasText: 'due-tomorrow' });
    // The browser runs in Europe/Berlin: the time names its zone.
    await eventually(() => next.textContent()).toMatch(/GMT\+[12]|CES?T/);
    await page.goto(`${hw.url}/flows`);
    await eventually(() => page.getByRole('row', { name: /weekday-report/ }).textContent()).toContain(
      'At 09:00, Monday through Friday (UTC)',
    );
  });

  it('opens the filtered run list from a bar of the dashboard, in the last-hour range', async () => {
    await open();
    await page.getByLabel('Period').selectOption('1h');
    const failures = page.locator('section', {
      has: page.getByRole('heading', { name: 'Recent failures' }),
    });
    await eventually(() => failures.textContent()).toContain('load: Error: connection refused');
    const bar = page.locator('a.history-link[data-group="Failed"]');
    await eventually(() => bar.count()).toBe(1);
    await bar.click();
    await page.getByRole('heading', { name: 'Flow runs', level: 1 }).waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('state')).toBe('failed');
    expect(Date.parse(params.get('from')!)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(params.get('to')!)).toBeGreaterThan(Date.parse(params.get('from')!));
    const rows = page.getByRole('table', { name: 'Flow runs' }).locator('tbody tr');
    await eventually(() => rows.count()).toBe(2);
  });

  it('keeps focus on a flow tab when it is clicked, so the arrow keys move between tabs', async () => {
    await open(`/flows/${etlId}`);
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('table', { name: 'Runs of nightly-etl' }).waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Runs');
    await page.keyboard.press('ArrowRight');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Versions/);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('versions');
  });

  it('serves the app compressed with brotli or gzip, the same bytes once decoded', async () => {
    const html = await (await fetch(hw.url, { headers: { accept: 'text/html' } })).text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const plain = await fetch(`${hw.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('accept-encoding');
    const body = await plain.text();
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${hw.url}${script}`, { headers: { 'accept-encoding': encoding } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toBe('accept-encoding');
      expect(Number(response.headers.get('content-length'))).toBeLessThan(body.length / 2);
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect(await response.text()).toBe(body);
    }
  });

  it('at 390 px: the sign-in card fits, the menu reaches every page, and no page scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: NARROW, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    try {
      await phone.goto(hw.url);
      await phone.getByLabel('API token').waitFor();
      expect(await sidewaysScroll(phone)).toBe(0);
      const card = await phone.locator('.sign-in-card').boundingBox();
      expect(card!.x).toBeGreaterThanOrEqual(0);
      expect(card!.x + card!.width).toBeLessThanOrEqual(NARROW.width);
      await phone.getByLabel('API token').fill(hw.adminToken);
      await phone.getByRole('button', { name: 'Sign in' }).click();
      await phone.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

      // The navigation is a menu here; it reaches every page, Agents included.
      await phone.getByRole('button', { name: 'Menu', exact: true }).click();
      const items = phone.getByRole('menuitem');
      expect(await items.allTextContents()).toEqual([
        'Dashboard',
        'Projects',
        'Flows',
        'Flow runs',
        'Agents',
      ]);
      for (const item of await items.all()) {
        const box = await item.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(NARROW.width);
      }
      await phone.getByRole('menuitem', { name: 'Agents', exact: true }).click();
      await phone.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
      expect(await sidewaysScroll(phone), 'agents').toBe(0);
      expect(await phone.locator('.main-nav').isVisible()).toBe(false);
      const paths = [
        '/',
        '/projects',
        '/flows',
        '/settings/tokens',
        '/flow-runs',
        `/projects/${projectId}`,
        `/flows/${etlId}`,
        `/flows/${etlId}?tab=runs`,
        `/flows/${etlId}?tab=settings`,
        `/flows/${cronId}`,
        '/flow-runs?state=failed',
        '/no-such-page',
      ];
      for (const path of paths) {
        // Moves inside the app as its links do, without loading it again.
        await phone.evaluate(async (to) => {
          history.pushState(null, '', to);
          dispatchEvent(new PopStateEvent('popstate'));
          // Two frames: React has drawn the new page.
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }, path);
        await expect
          .poll(() => phone.locator('#main').getByRole('heading').count(), { message: path, timeout: 20_000 })
          .toBeGreaterThan(0);
        await loaded(phone);
        expect(await sidewaysScroll(phone), path).toBe(0);
      }
      await screenshot(phone, 'lists-02-narrow-not-found');
    } finally {
      await context.close();
    }
  }, 180_000);
});
