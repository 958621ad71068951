import { Flow, task } from '@headwater/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { startUiServer, type UiServer } from './support/headwater.js';
import { SimulatedRun } from './support/simulated-agent.js';

/** The UI refreshes live pages every 1.5 s; give each expectation time to come true. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const WIDE = { width: 1400, height: 900 };
const NARROW = { width: 390, height: 844 };

/** extract → transform (two retries) → load: the run page's subject. */
function pipelineFlow(): Record<string, unknown> {
  const flow = new Flow('pipeline', { module: null });
  const extract = flow.add(
    task(() => [1, 2, 3], { name: 'extract' }),
    {},
  );
  const transform = flow.add(
    task(({ rows }: { rows: number[] }) => rows, { name: 'transform', maxRetries: 2, retryDelay: 1000 }),
    { rows: extract },
  );
  flow.add(
    task(({ rows }: { rows: number[] }) => rows.length, { name: 'load' }),
    { rows: transform },
  );
  return flow.serialize() as unknown as Record<string, unknown>;
}

/** A chain of `length` tasks: a graph far wider than any window. */
function longChainFlow(length: number): Record<string, unknown> {
  const flow = new Flow('long-chain', { module: null });
  let previous = flow.add(
    task(() => 0, { name: 'step-0' }),
    {},
  );
  for (let index = 1; index < length; index += 1) {
    previous = flow.add(
      task(({ value }: { value: number }) => value + 1, { name: `step-${index}` }),
      { value: previous },
    );
  }
  return flow.serialize() as unknown as Record<string, unknown>;
}

const safeResult = (value: unknown, handler: Record<string, unknown>) => ({
  type: 'SafeResult',
  value,
  result_handler: handler,
  __version__: '0.1.0',
});

describe.runIf(chromiumAvailable())(
  'the run page in Chromium: timeline, task-run panel, zoom and pan',
  () => {
    let hw: UiServer;
    let browser: Browser;
    let pipelineId: string;
    let chainId: string;
    /** Signed in once per window size, shared by the tests. */
    let wide: Page;
    let narrow: Page;

    const registerFlow = async (serializedFlow: Record<string, unknown>) => {
      const { projects } = await hw.gql<{ projects: { id: string }[] }>(hw.adminToken, '{ projects { id } }');
      const projectId =
        projects[0]?.id ??
        (
          await hw.gql<{ createProject: { id: string } }>(
            hw.adminToken,
            'mutation { createProject(input: { name: "Run Page Project" }) { id } }',
          )
        ).createProject.id;
      const created = await hw.gql<{ createFlow: { id: string } }>(
        hw.adminToken,
        'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
        { input: { projectId, serializedFlow } },
      );
      return created.createFlow.id;
    };
    const createRun = async (flowId: string, name: string) =>
      (
        await hw.gql<{ createFlowRun: { id: string } }>(
          hw.adminToken,
          'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }',
          { input: { flowId, name } },
        )
      ).createFlowRun.id;
    const taskRunIds = async (flowRunId: string) => {
      const { flowRun } = await hw.gql<{ flowRun: { taskRuns: { id: string; taskSlug: string }[] } }>(
        hw.adminToken,
        'query($id: ID!) { flowRun(id: $id) { taskRuns { id taskSlug } } }',
        { id: flowRunId },
      );
      return Object.fromEntries(flowRun.taskRuns.map((taskRun) => [taskRun.taskSlug, taskRun.id]));
    };

    const openPage = async (viewport: { width: number; height: number }): Promise<Page> => {
      const phone = viewport.width < 500;
      const context = await browser.newContext({
        viewport,
        ...(phone ? { isMobile: true, hasTouch: true } : {}),
      });
      // The first load compresses the app's files; on a busy machine that takes a while.
      context.setDefaultNavigationTimeout(60_000);
      const page = await context.newPage();
      await page.goto(hw.url);
      await page.getByLabel('API token').fill(hw.adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      return page;
    };
    const noSidewaysScroll = async (page: Page, width: number) => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    };
    const headerState = (page: Page) =>
      page.locator('.page-header .badge').first().getAttribute('data-state');
    const timelineOrder = (page: Page) =>
      page.locator('[data-testid="task-timeline"] .gantt-label').allTextContents();
    const taskRow = (page: Page, slug: string) =>
      page.locator(`[data-testid="task-runs"] tr[data-task="${slug}"]`);
    const panel = (page: Page) => page.getByTestId('task-run-panel');
    /** The logs box opens scrolled to its last line, and the first line it shows is whole, not cut. */
    const expectWholeFirstLine = async (page: Page, lastText: string) => {
      const logs = page.getByRole('log', { name: 'Log lines' }).first();
      await logs.locator('.log-line', { hasText: lastText }).waitFor();
      const view = await logs.evaluate((element) => {
        const top = element.getBoundingClientRect().top + element.clientTop;
        const shown = [...element.children].find((line) => line.getBoundingClientRect().bottom > top + 0.5);
        return {
          scrolled: element.scrollTop > 0,
          atBottom: element.scrollHeight - element.scrollTop - element.clientHeight < 2,
          cut: top - (shown?.getBoundingClientRect().top ?? top),
        };
      });
      expect(view).toEqual({ scrolled: true, atBottom: true, cut: expect.any(Number) });
      expect(view.cut).toBeLessThan(0.5);
    };
    /** Enough log lines to overflow the logs box. */
    const writeLines = async (run: SimulatedRun, taskRunId: string, count: number) => {
      for (let index = 0; index < count; index += 1) await run.log('INFO', `row ${index} read`, taskRunId);
    };

    beforeAll(async () => {
      hw = await startUiServer();
      browser = await launchBrowser();
      pipelineId = await registerFlow(pipelineFlow());
      chainId = await registerFlow(longChainFlow(30));
      wide = await openPage(WIDE);
      narrow = await openPage(NARROW);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await hw?.close();
    });

    it('draws a live timeline in execution order, names the failing task, opens task runs by URL, table and schematic, and restarts counting the new attempts', async () => {
      const page = wide;
      const runId = await createRun(pipelineId, 'pipeline-run');
      const ids = await taskRunIds(runId);
      const run = await SimulatedRun.claim(hw, runId);
      await run.setTaskRunState('extract-1', 'Running', 'Starting task run.');
      await writeLines(run, ids['extract-1']!, 30);
      await run.setTaskRunState('extract-1', 'Success', 'Task run succeeded.', {
        _result: safeResult('/var/results/extract.json', { type: 'LocalResultHandler', dir: '/var/results' }),
      });
      await run.setTaskRunState('transform-1', 'Running', 'Starting task run.');

      await page.goto(`${hw.url}/flow-runs/${runId}`);
      await page.getByRole('heading', { name: 'pipeline-run', level: 1 }).waitFor();
      // Live: transform is running, its bar open-ended and growing.
      const transformBar = page.locator(`[data-task-run="${ids['transform-1']}"]`);
      await eventually(() => transformBar.locator('.gantt-bar.is-open').count()).toBe(1);
      expect(await transformBar.locator('.gantt-when').textContent()).toContain('so far');
      expect(await timelineOrder(page)).toEqual(['extract', 'transform', 'load']);

      // Two retries, then a failure that records its inputs; load never runs.
      const cachedInputs = { rows: safeResult([1, 2, 3], { type: 'JSONResultHandler' }) };
      await run.setTaskRunState('transform-1', 'Retrying', 'Retrying task (run 1 of 3 failed).');
      await run.setTaskRunState('transform-1', 'Running', 'Starting task run.');
      await run.setTaskRunState('transform-1', 'Retrying', 'Retrying task (run 2 of 3 failed).');
      await run.setTaskRunState('transform-1', 'Running', 'Starting task run.');
      await run.log('ERROR', 'Unexpected error: connection refused', ids['transform-1']);
      await run.setTaskRunState('transform-1', 'Failed', 'Unexpected error: connection refused', {
        cached_inputs: cachedInputs,
      });
      await run.setTaskRunState(
        'load-1',
        'TriggerFailed',
        'Trigger was "all_successful" but some of the upstream tasks failed.',
      );
      await run.setFlowRunState('Failed', 'Some reference tasks failed.');

      await eventually(() => headerState(page)).toBe('Failed');
      expect(await page.getByTestId('run-error').textContent()).toBe(
        'transform: Unexpected error: connection refused',
      );
      await eventually(() => transformBar.getAttribute('data-state')).toBe('Failed');
      expect(await transformBar.locator('.gantt-bar.is-open').count()).toBe(0);
      expect(await timelineOrder(page)).toEqual(['extract', 'transform', 'load']);
      expect(await page.locator(`[data-task-run="${ids['load-1']}"] .gantt-bar`).count()).toBe(0);
      expect(await taskRow(page, 'transform-1').locator('td').nth(4).textContent()).toBe('3');

      await expectWholeFirstLine(page, 'connection refused');
      await screenshot(page, '40-run-page-timeline');

      // From the table: the panel, in the URL; Escape closes it and gives focus back.
      const opener = taskRow(page, 'transform-1').getByRole('button', { name: 'transform' });
      await opener.click();
      await panel(page).getByRole('heading', { name: 'transform' }).waitFor();
      expect(new URL(page.url()).searchParams.get('taskRun')).toBe(ids['transform-1']);
      expect(await panel(page).getByTestId('task-run-attempts').textContent()).toBe(
        '3 of 3 allowed (retries 1.0 s apart)',
      );
      expect(await panel(page).getByTestId('task-run-inputs').textContent()).toBe('rows ← extract = [1,2,3]');
      const history = panel(page).getByTestId('task-run-states');
      expect(await history.locator('strong', { hasText: 'Retrying' }).count()).toBe(2);
      expect(await history.textContent()).toContain('Unexpected error: connection refused');
      await panel(page).locator('.log-line', { hasText: 'connection refused' }).waitFor();
      expect(await panel(page).locator('.log-line').count()).toBe(1);
      await screenshot(page, '41-task-run-panel');
      await page.keyboard.press('Escape');
      await panel(page).waitFor({ state: 'detached' });
      expect(new URL(page.url()).searchParams.get('taskRun')).toBeNull();
      expect(await opener.evaluate((button) => button === document.activeElement)).toBe(true);

      // A link to a task run opens it; its checkpointed result says where it is.
      await page.goto(`${hw.url}/flow-runs/${runId}?taskRun=${ids['extract-1']}`);
      await panel(page).getByRole('heading', { name: 'extract' }).waitFor();
      expect(await panel(page).getByTestId('task-run-result').textContent()).toBe(
        'LocalResultHandler: /var/results/extract.json',
      );
      await panel(page).getByRole('button', { name: 'Close' }).click();
      await panel(page).waitFor({ state: 'detached' });

      // Schematic nodes are buttons: the keyboard and the mouse open them.
      const loadNode = page.getByRole('button', { name: /^Open task run load/ });
      await loadNode.focus();
      await page.keyboard.press('Enter');
      await panel(page).getByRole('heading', { name: 'load' }).waitFor();
      expect(await panel(page).getByTestId('task-run-result').textContent()).toContain('No result stored');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="schematic"] g[data-task="extract-1"]').click();
      await panel(page).getByRole('heading', { name: 'extract' }).waitFor();
      await page.keyboard.press('Escape');

      // Restart from failed: the new cycle's times and attempts, not the first run's.
      await sleep(1200);
      const restartedAt = Date.now();
      await page.getByRole('button', { name: 'Restart from failed' }).click();
      await eventually(() => headerState(page)).toBe('Scheduled');
      const again = await SimulatedRun.claim(hw, runId);
      await again.setTaskRunState('transform-1', 'Running', 'Starting task run.');
      await again.setTaskRunState('transform-1', 'Success', 'Task run succeeded.');
      await again.runTask('load-1', 'Success', 'loaded 3 rows');
      await again.setFlowRunState('Success', 'All reference tasks succeeded.');
      await eventually(() => headerState(page)).toBe('Success');
      await eventually(() => taskRow(page, 'transform-1').locator('td').nth(4).textContent()).toBe('1');
      const seconds = (text: string | null) =>
        text?.endsWith(' ms') ? Number.parseFloat(text) / 1000 : Number.parseFloat(text ?? 'NaN');
      // Counted from the first cycle, each would include the 1.2 s before the restart.
      const sinceRestart = (Date.now() - restartedAt) / 1000 + 0.1;
      expect(seconds(await taskRow(page, 'transform-1').locator('td').nth(3).textContent())).toBeLessThan(
        sinceRestart,
      );
      const runDuration = page
        .locator('#run-details-title')
        .locator('xpath=../..')
        .locator('dt:text-is("Duration") + dd');
      expect(seconds(await runDuration.textContent())).toBeLessThan(sinceRestart);
    });

    it("says which run a Cached task run's result came from, in the table and the panel, and links to it", async () => {
      const page = wide;
      const cachedResult = {
        _result: safeResult([1, 2, 3], { type: 'JSONResultHandler' }),
        cached_result_expiration: new Date(Date.now() + 3_600_000).toISOString(),
      };
      const sourceId = await createRun(pipelineId, 'cache-source');
      const source = await SimulatedRun.claim(hw, sourceId);
      const sourceTaskRunId = await source.setTaskRunState(
        'extract-1',
        'Cached',
        'Task run succeeded; result cached.',
        cachedResult,
        { cacheKey: 'extract-rows-v1' },
      );
      const reuserId = await createRun(pipelineId, 'cache-reuser');
      const reuser = await SimulatedRun.claim(hw, reuserId);
      await reuser.setTaskRunState('extract-1', 'Cached', 'Using the cached result.', cachedResult, {
        cacheKey: 'extract-rows-v1',
        cachedFromTaskRunId: sourceTaskRunId,
      });

      // The table: the state cell reads Cached, from run cache-source, a link to that run.
      await page.goto(`${hw.url}/flow-runs/${reuserId}`);
      await page.getByRole('heading', { name: 'cache-reuser', level: 1 }).waitFor();
      const stateCell = taskRow(page, 'extract-1').locator('td').nth(1);
      await eventually(() => stateCell.textContent()).toBe('Cachedfrom run cache-source');
      expect(await stateCell.locator('.badge').getAttribute('data-state')).toBe('Cached');
      expect(await taskRow(page, 'transform-1').getByTestId('cached-from').count()).toBe(0);
      await screenshot(page, '45-cached-task-run');

      // The panel: Cached from run cache-source, and the key.
      await taskRow(page, 'extract-1').getByRole('button', { name: 'extract' }).click();
      const details = panel(page).getByTestId('task-run-details');
      await details.waitFor();
      await eventually(() => details.locator('dt:text-is("Cached from") + dd').textContent()).toBe(
        'run cache-source',
      );
      expect(await panel(page).getByTestId('task-run-cache-key').textContent()).toBe('extract-rows-v1');
      await screenshot(page, '46-cached-task-run-panel');

      // Its link opens the source run, and the panel closes.
      await details.getByRole('link', { name: 'cache-source' }).click();
      await page.getByRole('heading', { name: 'cache-source', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/flow-runs/${sourceId}`);
      expect(await panel(page).count()).toBe(0);
      // The run that stored the result is Cached too, from no other run; its panel has the key.
      await eventually(() => taskRow(page, 'extract-1').locator('.badge').getAttribute('data-state')).toBe(
        'Cached',
      );
      expect(await taskRow(page, 'extract-1').getByTestId('cached-from').count()).toBe(0);
      await taskRow(page, 'extract-1').getByRole('button', { name: 'extract' }).click();
      await panel(page).getByTestId('task-run-cache-key').waitFor();
      expect(await panel(page).getByTestId('task-run-cache-key').textContent()).toBe('extract-rows-v1');
      expect(await panel(page).getByTestId('task-run-details').textContent()).not.toContain('Cached from');
      await page.keyboard.press('Escape');

      // The table's link goes there too.
      await page.goto(`${hw.url}/flow-runs/${reuserId}`);
      await taskRow(page, 'extract-1').getByRole('link', { name: 'cache-source' }).click();
      await page.getByRole('heading', { name: 'cache-source', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/flow-runs/${sourceId}`);
    });

    it('says what cancelling a running run does: running tasks are interrupted and marked Cancelled', async () => {
      const page = wide;
      const runId = await createRun(pipelineId, 'cancel-me');
      const run = await SimulatedRun.claim(hw, runId);
      await run.setTaskRunState('extract-1', 'Running', 'Starting task run.');
      await page.goto(`${hw.url}/flow-runs/${runId}`);
      await page.locator('.page-header').getByRole('button', { name: 'Cancel run' }).click();
      const dialog = page.getByRole('alertdialog');
      expect(await dialog.textContent()).toContain(
        'tasks running now are interrupted and marked Cancelled, and no new task starts',
      );
      expect(await dialog.textContent()).not.toContain('running finish');
      await dialog.getByRole('button', { name: 'Cancel run' }).click();
      await eventually(() => headerState(page)).toBe('Cancelling');
    });

    it('zooms and pans a graph wider than the window; a drag is not a click', async () => {
      const page = wide;
      const runId = await createRun(chainId, 'long-chain-run');
      await page.goto(`${hw.url}/flow-runs/${runId}`);
      const viewport = page.getByTestId('zoom-viewport');
      const svg = viewport.locator('svg');
      await svg.waitFor();
      const level = () => page.getByTestId('zoom-level').textContent();
      const width = () => svg.evaluate((element) => element.getBoundingClientRect().width);
      // Opens fitted (not below half size) and scrolls sideways inside its own box only.
      expect(await level()).toBe('50%');
      await noSidewaysScroll(page, WIDE.width);
      const fitted = await width();
      await page.getByRole('button', { name: 'Zoom in' }).click();
      expect(await level()).toBe('63%');
      expect(await width()).toBeGreaterThan(fitted * 1.2);
      await viewport.focus();
      await page.keyboard.press('-');
      expect(await level()).toBe('50%');

      await viewport.scrollIntoViewIfNeeded();
      const box = (await viewport.boundingBox())!;
      const before = await viewport.evaluate((element) => element.scrollLeft);
      const middle = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width - 40, middle);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 240, middle, { steps: 8 });
      await page.mouse.up();
      expect(await viewport.evaluate((element) => element.scrollLeft)).toBeGreaterThan(before + 150);

      // With task runs, nodes open them, but a drag that ends on one does not.
      const ids = await taskRunIds(runId);
      const run = await SimulatedRun.claim(hw, runId);
      await run.runTask('step-0-1', 'Success', 'step 0 done');
      const node = page.locator('[data-testid="schematic"] g[data-task="step-0-1"]');
      await eventually(() => node.getAttribute('data-state')).toBe('Success');
      await page.getByRole('button', { name: 'Fit' }).click();
      await viewport.evaluate((element) => {
        element.scrollLeft = 0;
      });
      await viewport.scrollIntoViewIfNeeded();
      const nodeBox = (await node.boundingBox())!;
      await page.mouse.move(nodeBox.x + nodeBox.width + 200, nodeBox.y + 10);
      await page.mouse.down();
      await page.mouse.move(nodeBox.x + 20, nodeBox.y + 10, { steps: 8 });
      await page.mouse.up();
      expect(await panel(page).count()).toBe(0);
      await node.click();
      await panel(page).getByRole('heading', { name: 'step-0' }).waitFor();
      expect(new URL(page.url()).searchParams.get('taskRun')).toBe(ids['step-0-1']);
      await screenshot(page, '42-zoomed-schematic');
    });

    it('at 390 px: the run page, its timeline, the zoom controls and the task-run panel never scroll sideways', async () => {
      const page = narrow;
      const runId = await createRun(pipelineId, 'narrow-run');
      const ids = await taskRunIds(runId);
      const run = await SimulatedRun.claim(hw, runId);
      await writeLines(run, ids['extract-1']!, 12);
      await run.runTask(
        'extract-1',
        'Success',
        'extracted 3 rows with a rather long message that must wrap on a phone',
      );
      await run.setTaskRunState('transform-1', 'Running', 'Starting task run.');
      await page.goto(`${hw.url}/flow-runs/${runId}`);
      await page.getByRole('heading', { name: 'narrow-run', level: 1 }).waitFor();
      await expectWholeFirstLine(page, 'must wrap on a phone');
      await eventually(() => timelineOrder(page)).toEqual(['extract', 'transform', 'load']);
      await noSidewaysScroll(page, NARROW.width);
      const barWidth = await page
        .locator(`[data-task-run="${ids['extract-1']}"] .gantt-track`)
        .evaluate((track) => track.getBoundingClientRect().width);
      expect(barWidth).toBeGreaterThan(60);
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await noSidewaysScroll(page, NARROW.width);
      await screenshot(page, '43-run-page-narrow');

      // A tap on the timeline's name opens the panel, full width, nothing sideways.
      await page.locator('[data-testid="task-timeline"]').getByRole('button', { name: 'extract' }).click();
      await panel(page).getByRole('heading', { name: 'extract' }).waitFor();
      await panel(page).locator('.log-line', { hasText: 'must wrap on a phone' }).waitFor();
      await noSidewaysScroll(page, NARROW.width);
      expect(await panel(page).evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      await screenshot(page, '44-task-run-panel-narrow');
      await panel(page).getByRole('button', { name: 'Close' }).click();

      // A tap on a schematic node too.
      await page.locator('[data-testid="schematic"] g[data-task="transform-1"]').tap();
      await panel(page).getByRole('heading', { name: 'transform' }).waitFor();
      await noSidewaysScroll(page, NARROW.width);
    });
  },
);
