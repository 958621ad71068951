import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { greetingFlow, hourlyFlow } from './support/fixture-flows.js';
import { startUiServer, type UiServer } from './support/headwater.js';
import { SimulatedRun } from './support/simulated-agent.js';

const FLOW_NAME = 'greeting-etl';

/** The UI refreshes live pages every 1.5 s; give each expectation time to come true. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const PROJECT_NAME = 'UI Project';

describe.runIf(chromiumAvailable())('web UI in Chromium against a real server (SQLite)', () => {
  let hw: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let flowId: string;

  const signIn = async (target: Page, token: string) => {
    await target.goto(hw.url);
    await target.getByLabel('API token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  };

  const createRun = async (parameters: Record<string, unknown>, name?: string) => {
    const data = await hw.gql<{ createFlowRun: { id: string } }>(
      hw.adminToken,
      'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }',
      { input: { flowId, parameters, ...(name ? { name } : {}) } },
    );
    return data.createFlowRun.id;
  };

  /** A phone-sized browser context, to close when done. */
  const narrowContext = () =>
    browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  /** Registers a flow in the first project, as `deploy` does. */
  const registerFlow = async (
    serializedFlow: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => {
    const { projects } = await hw.gql<{ projects: { id: string }[] }>(hw.adminToken, '{ projects { id } }');
    const created = await hw.gql<{ createFlow: { id: string } }>(
      hw.adminToken,
      'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
      { input: { projectId: projects[0]!.id, serializedFlow, ...extra } },
    );
    return created.createFlow.id;
  };

  /** A flow's group settings as the API reports them. */
  const flowGroupOf = async (id: string) => {
    const { flow } = await hw.gql<{ flow: { flowGroupId: string } }>(
      hw.adminToken,
      'query($id: ID!) { flow(id: $id) { flowGroupId } }',
      { id },
    );
    const { flowGroup } = await hw.gql<{
      flowGroup: {
        heartbeatEnabled: boolean;
        lazarusEnabled: boolean;
        defaultParameters: Record<string, unknown>;
        labels: string[] | null;
        description: string | null;
        schedule: { clocks: Record<string, unknown>[] } | null;
      };
    }>(
      hw.adminToken,
      'query($id: ID!) { flowGroup(id: $id) { heartbeatEnabled lazarusEnabled defaultParameters labels description schedule } }',
      { id: flow.flowGroupId },
    );
    return flowGroup;
  };

  beforeAll(async () => {
    hw = await startUiServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
  });

  it('is served by the server at / with page paths falling back to the app, and nothing outside it', async () => {
    const get = (path: string, accept = 'text/html') => fetch(`${hw.url}${path}`, { headers: { accept } });
    const root = await get('/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(root.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await root.text();
    expect(html).toContain('<div id="root"></div>');

    const deepLink = await get('/flow-runs/00000000-0000-0000-0000-000000000000');
    expect(await deepLink.text()).toBe(html);

    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await get(script!, '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const missing = await get('/assets/missing.js', '*/*');
    expect(missing.status).toBe(404);
    expect(
      ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('NOT_FOUND');
    // Encoded slashes survive URL normalisation, so the server sees a path that climbs out of the app.
    const climbing = await get(`/${'..%2f'.repeat(8)}etc%2fpasswd`, '*/*');
    expect(climbing.status).toBe(404);
    expect(await climbing.text()).not.toContain('root:');

    const hello = await fetch(`${hw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(((await hello.json()) as { data: { hello: string } }).data.hello).toBeTruthy();
  });

  it('signs in with an API token, refuses a wrong one in plain words, and says what to do first', async () => {
    await page.goto(hw.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('API token').fill('hw_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await eventually(() => alert.textContent()).toContain('did not accept your API token');
    await screenshot(page, '01-sign-in-refused');

    await page.getByLabel('API token').fill(hw.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(page.url()).not.toContain(hw.adminToken);
    await page.getByText('Create a project, then deploy your first flow').waitFor();
    expect(await page.locator('.command code').first().textContent()).toBe(
      'headwater deploy ./flows/etl.ts --project "My Project"',
    );
    await screenshot(page, '02-dashboard-empty');

    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('hw_'))).toBe(false);
  });

  it('creates an API token from the upper-right menu, shows its secret once, lists it, and revokes it', async () => {
    const menuButton = page.getByRole('button', { name: /Account menu/ });
    const box = await menuButton.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.x > viewport.width / 2 && box.y < 80).toBe(true);
    await menuButton.click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Give the token a name').waitFor();

    await page.getByLabel('Name').fill('Laptop CLI');
    await page.getByLabel('Scope').selectOption('USER');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretElement = page.getByTestId('new-token-secret');
    await secretElement.waitFor();
    const secret = (await secretElement.textContent()) ?? '';
    expect(secret).toMatch(/^hw_/);
    await page.getByRole('button', { name: 'Copy token' }).waitFor();
    await page.getByText('it will not be shown again').waitFor();
    expect(await page.locator('.command code').textContent()).toBe(`headwater auth login --token ${secret}`);
    await screenshot(page, '03-token-created');

    // The secret is real: it authenticates as the new token.
    const info = await hw.gql<{ authInfo: { tokenName: string; scope: string } }>(
      secret,
      '{ authInfo { tokenName scope } }',
    );
    expect(info.authInfo).toEqual({ tokenName: 'Laptop CLI', scope: 'USER' });

    // Shown once: after "Done" and after a reload it is nowhere on the page.
    await page.getByRole('button', { name: 'Done, I saved it' }).click();
    await eventually(() => page.content()).not.toContain(secret);
    await page.reload();
    const row = page.locator('tr[data-token-name="Laptop CLI"]');
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('USER');
    expect(rowText).toContain('never'); // expires
    expect(rowText).not.toMatch(/never.*never/); // it was used just now, so "last used" is a time
    await screenshot(page, '04-token-list');

    await page.getByRole('button', { name: 'Revoke Laptop CLI' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke token' }).click();
    await row.waitFor({ state: 'detached' });
    await expect(hw.gql(secret, '{ authInfo { tokenName } }')).rejects.toThrow(/UNAUTHENTICATED/);
    await page.getByLabel('Show revoked').click();
    expect(await page.locator('tr[data-token-name="Laptop CLI"]').textContent()).toContain('revoked');
  });

  it('shows a deployed flow with its parameters and task graph, and starts a run with validated parameters', async () => {
    const project = await hw.gql<{ createProject: { id: string } }>(
      hw.adminToken,
      'mutation($name: String!) { createProject(input: { name: $name }) { id } }',
      { name: PROJECT_NAME },
    );
    const created = await hw.gql<{ createFlow: { id: string } }>(
      hw.adminToken,
      'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
      { input: { projectId: project.createProject.id, serializedFlow: greetingFlow(FLOW_NAME) } },
    );
    flowId = created.createFlow.id;

    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByRole('link', { name: FLOW_NAME }).click();
    await page.getByRole('heading', { name: FLOW_NAME, level: 1 }).waitFor();
    const parameters = page.getByRole('table', { name: `Parameters of ${FLOW_NAME}` });
    expect(await parameters.locator('tbody tr').count()).toBe(2);
    expect(await parameters.textContent()).toContain('times');

    await page.getByRole('tab', { name: 'Schematic' }).click();
    const nodes = page.locator('[data-testid="schematic"] g.schematic-node');
    await eventually(() => nodes.count()).toBe(6);
    expect(await page.locator('[data-testid="schematic"] path.schematic-edge').count()).toBe(6);
    await screenshot(page, '05-flow-schematic');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('times').fill('many');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await dialog.getByText('Enter a value for “name”').waitFor();
    await dialog.getByText('“times” must be a number').waitFor();
    expect(
      await dialog
        .getByRole('textbox', { name: 'name', exact: true })
        .evaluate((element) => element === document.activeElement),
    ).toBe(true);
    await screenshot(page, '06-run-form-invalid');

    await dialog.getByRole('textbox', { name: 'name', exact: true }).fill('Ada');
    await dialog.getByLabel('times').fill('3');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/flow-runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').pop()!;
    const stored = await hw.gql<{ flowRun: { parameters: unknown; state: string } }>(
      hw.adminToken,
      'query($id: ID!) { flowRun(id: $id) { parameters state } }',
      { id: runId },
    );
    expect(stored.flowRun).toEqual({ parameters: { name: 'Ada', times: 3 }, state: 'Scheduled' });
    await page.getByText('Waiting for an agent').waitFor();
  });

  it('follows a run live until it succeeds, with its logs, level filter, search and download', async () => {
    const runId = page.url().split('/').pop()!;
    const header = page.locator('.page-header');
    const run = await SimulatedRun.claim(hw, runId);
    await eventually(() => header.locator('.badge').first().getAttribute('data-state')).toBe('Running');

    await run.runTask('extract-1', 'Success', 'Extracted 3 rows for Ada');
    await page.locator('.log-line', { hasText: 'Extracted 3 rows for Ada' }).waitFor();
    await eventually(() =>
      page.locator('[data-testid="schematic"] g[data-task="extract-1"]').getAttribute('data-state'),
    ).toBe('Success');
    await screenshot(page, '07-flow-run-live');

    await run.runTask('transform-1', 'Success', 'Row 2 looks odd; kept it', 'WARNING');
    await run.runTask('audit-1', 'Success', 'Audit found nothing', 'DEBUG');
    await run.runTask('load-1', 'Success', 'Loaded 3 rows');
    await run.setTaskRunState('name', 'Success', 'Parameter');
    await run.setTaskRunState('times', 'Success', 'Parameter');
    await run.log('INFO', 'Flow run SUCCESS: all reference tasks succeeded');
    await run.setFlowRunState('Success', 'All reference tasks succeeded.');

    await eventually(() => header.locator('.badge').first().getAttribute('data-state')).toBe('Success');
    const logLines = page.locator('.log-line');
    await eventually(() => logLines.count()).toBe(5);
    await eventually(() => page.locator('[data-testid="schematic"] g[data-state="Success"]').count()).toBe(6);
    const timeline = (await page.getByTestId('state-timeline').textContent()) ?? '';
    expect(timeline.indexOf('Scheduled')).toBeLessThan(timeline.indexOf('Submitted'));
    expect(timeline.indexOf('Running')).toBeLessThan(timeline.indexOf('Success'));
    expect(await page.getByTestId('run-parameters').textContent()).toContain('"Ada"');
    await screenshot(page, '08-flow-run-success');

    await page.getByLabel('Level').selectOption('WARNING');
    await eventually(() => logLines.count()).toBe(1);
    expect(await logLines.first().textContent()).toContain('Row 2 looks odd');
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Search logs').fill('rows');
    await eventually(() => logLines.count()).toBe(2);
    await page.getByLabel('Search logs').fill('');
    await eventually(() => logLines.count()).toBe(5);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(5);
    expect(text).toContain('WARNING  headwater.TaskRunner: Row 2 looks odd; kept it');
  });

  it("shows a failing run's error on the dashboard and the run page, and restarts it from the failed task", async () => {
    const runId = await createRun({ name: 'Grace' }, 'failing-run');
    const run = await SimulatedRun.claim(hw, runId);
    await run.runTask('extract-1', 'Success', 'Extracted 1 row for Grace');
    await run.runTask(
      'transform-1',
      'Failed',
      'TypeError: cannot read properties of undefined (reading "id")',
      'ERROR',
    );
    await run.setTaskRunState(
      'load-1',
      'TriggerFailed',
      'Trigger was "all_successful" but some of the upstream tasks failed.',
    );
    await run.setFlowRunState('Failed', 'Some reference tasks failed.');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    const failures = page.locator('section', { has: page.getByRole('heading', { name: 'Recent failures' }) });
    await failures.getByRole('link', { name: 'failing-run' }).waitFor();
    // The failing task and its error, not the flow's generic "Some reference tasks failed.".
    expect(await failures.textContent()).toContain(
      'transform: TypeError: cannot read properties of undefined (reading "id")',
    );
    await eventually(() => page.getByTestId('count-Success').locator('.value').textContent()).toBe('1');
    expect(await page.getByTestId('count-Failed').locator('.value').textContent()).toBe('1');
    await screenshot(page, '09-dashboard');

    await failures.getByRole('link', { name: 'failing-run' }).click();
    await page.getByRole('heading', { name: 'failing-run', level: 1 }).waitFor();
    const error = page.getByRole('alert').filter({ hasText: 'This run ended in Failed' });
    await error.waitFor();
    // The failing task's error, not the flow's generic "Some reference tasks failed.".
    expect(await error.getByTestId('run-error').textContent()).toBe(
      'transform: TypeError: cannot read properties of undefined (reading "id")',
    );
    await page.locator('.log-line', { hasText: 'TypeError' }).waitFor();
    expect(
      await page.locator('[data-testid="schematic"] g[data-task="transform-1"]').getAttribute('data-state'),
    ).toBe('Failed');
    await screenshot(page, '10-flow-run-failed');

    await page.getByRole('button', { name: 'Restart from failed' }).click();
    await eventually(() => page.locator('.page-header .badge').first().getAttribute('data-state')).toBe(
      'Scheduled',
    );
    const after = await hw.gql<{
      flowRun: { state: string; taskRuns: { taskSlug: string; state: string }[] };
    }>(hw.adminToken, 'query($id: ID!) { flowRun(id: $id) { state taskRuns { taskSlug state } } }', {
      id: runId,
    });
    const states = Object.fromEntries(
      after.flowRun.taskRuns.map((taskRun) => [taskRun.taskSlug, taskRun.state]),
    );
    expect(after.flowRun.state).toBe('Scheduled');
    expect(states).toMatchObject({ 'extract-1': 'Success', 'transform-1': 'Pending', 'load-1': 'Pending' });
  });

  it("shows a flow's schedule, turns it on, and lists the next runs", async () => {
    const hourlyId = await registerFlow(hourlyFlow(), { setScheduleActive: false });
    await page.goto(`${hw.url}/flows/${hourlyId}`);
    const schedule = page.locator('section', {
      has: page.getByRole('heading', { name: 'Schedule', exact: true }),
    });
    await schedule.getByText('Every 1 h 00 min').waitFor();
    await eventually(() => schedule.textContent()).toContain('None scheduled.');
    await schedule.getByRole('button', { name: 'Turn schedule on' }).click();
    await schedule.getByRole('button', { name: 'Turn schedule off' }).waitFor();
    await eventually(() => schedule.locator('li').count()).toBe(5);
    await screenshot(page, '13-flow-schedule');
    await schedule.getByRole('button', { name: 'Turn schedule off' }).click();
    await eventually(() => schedule.locator('li').count()).toBe(0);
  });

  it('cancels a run that has not started', async () => {
    const runId = await createRun({ name: 'Linus' }, 'run-to-cancel');
    await page.goto(`${hw.url}/flow-runs/${runId}`);
    await page.getByRole('heading', { name: 'run-to-cancel', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel run' }).click();
    await eventually(() => page.locator('.page-header .badge').first().getAttribute('data-state')).toBe(
      'Cancelled',
    );
    const stored = await hw.gql<{ flowRun: { state: string } }>(
      hw.adminToken,
      'query($id: ID!) { flowRun(id: $id) { state } }',
      {
        id: runId,
      },
    );
    expect(stored.flowRun.state).toBe('Cancelled');
  });

  it('signs the tab out with the reason when its token is revoked elsewhere', async () => {
    const other = await context.browser()!.newContext();
    const otherPage = await other.newPage();
    try {
      const created = await hw.gql<{ createApiToken: { token: string; id: string } }>(
        hw.adminToken,
        'mutation { createApiToken(input: { name: "Short-lived", scope: USER }) { id token } }',
      );
      await signIn(otherPage, created.createApiToken.token);
      await hw.gql(
        hw.adminToken,
        'mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }',
        {
          id: created.createApiToken.id,
        },
      );
      await otherPage.getByRole('link', { name: 'Flow runs' }).click();
      await otherPage.getByText('You were signed out').waitFor();
      expect(await otherPage.getByRole('alert').textContent()).toContain('revoked');

      // A reload shows the page from what the tab kept, and checks the token again.
      const second = await hw.gql<{ createApiToken: { token: string; id: string } }>(
        hw.adminToken,
        'mutation { createApiToken(input: { name: "Reloaded", scope: USER }) { id token } }',
      );
      await signIn(otherPage, second.createApiToken.token);
      await otherPage.reload();
      await otherPage.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await hw.gql(
        hw.adminToken,
        'mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }',
        {
          id: second.createApiToken.id,
        },
      );
      await otherPage.reload();
      await otherPage.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await otherPage.getByRole('alert').textContent()).toContain('revoked');
      expect(await otherPage.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('works on a narrow window and from the keyboard alone', async () => {
    const narrow = await narrowContext();
    const phone = await narrow.newPage();
    try {
      await signIn(phone, hw.adminToken);
      const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(390);
      await screenshot(phone, '11-narrow-dashboard');
      await phone.getByRole('button', { name: 'Menu', exact: true }).click();
      await phone.getByRole('menuitem', { name: 'Flow runs' }).click();
      await phone.getByRole('link', { name: 'failing-run' }).click();
      await phone.getByRole('heading', { name: 'failing-run', level: 1 }).waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, '12-narrow-flow-run');
    } finally {
      await narrow.close();
    }

    await page.goto(hw.url);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let label: string | null = null;
    for (let presses = 0; presses < 15 && !label?.startsWith('Account menu'); presses += 1) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    }
    expect(label).toMatch(/^Account menu/);
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'API tokens' }).waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('API tokens');
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    for (const item of ['Secrets', 'Concurrency limits', 'Agents']) {
      await page.keyboard.press('ArrowDown');
      await eventually(focused).toBe(item);
    }
    for (const item of ['Concurrency limits', 'Secrets', 'API tokens']) {
      await page.keyboard.press('ArrowUp');
      await eventually(focused).toBe(item);
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
  });
  it("turns heartbeats and lazarus off and on from the flow's Settings tab, by mouse and keyboard", async () => {
    const id = await registerFlow(greetingFlow('settings-checks'));
    await page.goto(`${hw.url}/flows/${id}`);
    await page.getByRole('heading', { name: 'settings-checks', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const heartbeat = page.getByRole('switch', { name: 'Heartbeats' });
    const lazarus = page.getByRole('switch', { name: 'Lazarus process' });
    expect(await heartbeat.getAttribute('aria-checked')).toBe('true');
    expect(await lazarus.getAttribute('aria-checked')).toBe('true');

    await heartbeat.click();
    await eventually(() => heartbeat.getAttribute('aria-checked')).toBe('false');
    expect(await flowGroupOf(id)).toMatchObject({ heartbeatEnabled: false, lazarusEnabled: true });
    await page.getByText('It does nothing while heartbeats are off.').waitFor();
    await screenshot(page, '14-flow-settings-checks');

    await page.reload();
    await eventually(() => heartbeat.getAttribute('aria-checked')).toBe('false');
    expect(page.url()).toContain('tab=settings');
    expect(await lazarus.getAttribute('aria-checked')).toBe('true');

    await lazarus.focus();
    await page.keyboard.press('Space');
    await eventually(() => lazarus.getAttribute('aria-checked')).toBe('false');
    expect(await flowGroupOf(id)).toMatchObject({ heartbeatEnabled: false, lazarusEnabled: false });
    await heartbeat.focus();
    await page.keyboard.press('Enter');
    await eventually(() => heartbeat.getAttribute('aria-checked')).toBe('true');
    expect(await flowGroupOf(id)).toMatchObject({ heartbeatEnabled: true, lazarusEnabled: false });
  });

  it('sets group default parameters, labels and description, and a run started from the UI gets them', async () => {
    const id = await registerFlow(greetingFlow('settings-defaults'));
    await page.goto(`${hw.url}/flows/${id}?tab=settings`);
    const editor = page.getByLabel('Group default parameters (JSON object)');
    await editor.fill('{"name": "Grace"');
    await page.getByRole('button', { name: 'Save default parameters' }).click();
    await page.getByText('This is not valid JSON').waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.evaluate((element) => element === document.activeElement)).toBe(true);
    await editor.fill('["Grace"]');
    await page.getByRole('button', { name: 'Save default parameters' }).click();
    await page.getByText('This is a list; write a JSON object').waitFor();
    expect((await flowGroupOf(id)).defaultParameters).toEqual({});

    await editor.fill('{"name": "Grace", "times": 5}');
    await page.getByRole('button', { name: 'Save default parameters' }).click();
    await page.getByText('Default parameters saved.').waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBeNull();
    expect((await flowGroupOf(id)).defaultParameters).toEqual({ name: 'Grace', times: 5 });
    const effective = page.getByRole('table', { name: 'Parameters of new runs of settings-defaults' });
    await eventually(() => effective.locator('tr', { hasText: 'times' }).textContent()).toContain(
      '5group default',
    );

    const labelsInEffect = page.getByTestId('labels-in-effect');
    expect(await labelsInEffect.textContent()).toContain(
      "No group labels: new runs get the flow's own labels",
    );
    await page.getByLabel('Group labels').fill('gpu, eu-west, gpu');
    await page.getByRole('button', { name: 'Save labels' }).click();
    await page.getByText('Labels saved.').waitFor();
    expect((await flowGroupOf(id)).labels).toEqual(['eu-west', 'gpu']);
    await eventually(() => labelsInEffect.textContent()).toContain("get the group's labels, eu-westgpu");

    await page.getByLabel('Group description').fill('Greets everyone, nightly');
    await page.getByRole('button', { name: 'Save description' }).click();
    await eventually(() => page.locator('.page-header .subtitle').textContent()).toContain(
      'Greets everyone, nightly',
    );
    expect((await flowGroupOf(id)).description).toBe('Greets everyone, nightly');
    await screenshot(page, '15-flow-settings-defaults');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('textbox', { name: 'name', exact: true }).inputValue()).toBe('Grace');
    expect(await dialog.getByLabel('times').inputValue()).toBe('5');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/flow-runs\/[0-9a-f-]{36}$/);
    const run = await hw.gql<{ flowRun: { parameters: unknown; labels: string[] } }>(
      hw.adminToken,
      'query($id: ID!) { flowRun(id: $id) { parameters labels } }',
      { id: page.url().split('/').pop()! },
    );
    expect(run.flowRun).toEqual({ parameters: { name: 'Grace', times: 5 }, labels: ['eu-west', 'gpu'] });

    await page.goto(`${hw.url}/flows/${id}?tab=settings`);
    await page.getByRole('button', { name: 'Clear group labels' }).click();
    await eventually(() => page.getByTestId('labels-in-effect').textContent()).toContain(
      "No group labels: new runs get the flow's own labels",
    );
    expect((await flowGroupOf(id)).labels).toBeNull();
  });

  it("sets and removes a group schedule, showing the server's message for a bad cron or time zone", async () => {
    const id = await registerFlow(hourlyFlow('settings-schedule'));
    const berlinTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const scheduledRuns = async () => {
      const { flowRuns } = await hw.gql<{
        flowRuns: { nodes: { scheduledStartTime: string; parameters: unknown }[] };
      }>(
        hw.adminToken,
        'query($filter: FlowRunFilter) { flowRuns(filter: $filter, orderBy: SCHEDULED_START_TIME_ASC) { nodes { scheduledStartTime parameters } } }',
        { filter: { flowId: id, stateGroup: 'Scheduled' } },
      );
      return flowRuns.nodes;
    };
    await page.goto(`${hw.url}/flows/${id}?tab=settings`);
    const inEffect = page.getByTestId('schedule-in-effect');
    await eventually(() => inEffect.textContent()).toContain(
      "No group schedule: the flow's own schedule applies (Every 1 h 00 min)",
    );
    const clock1 = page.getByRole('group', { name: /^Clock 1/ });
    const save = page.getByRole('button', { name: 'Save group schedule' });
    const refused = page.getByRole('alert').filter({ hasText: 'The group schedule was not saved' });

    await save.click();
    await clock1.getByText('Enter a cron expression').waitFor();

    await clock1.getByLabel('Cron expression').fill('every day at six');
    await save.click();
    await eventually(() => refused.textContent()).toContain('Invalid cronClocks.0');

    await clock1.getByLabel('Cron expression').fill('0 6 * * *');
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await save.click();
    await eventually(() => refused.textContent()).toContain('Invalid timezone');
    expect((await flowGroupOf(id)).schedule).toBeNull();
    await screenshot(page, '16-flow-settings-bad-schedule');

    await clock1.getByLabel('Parameter defaults (optional JSON object)').fill('{"region": "eu"}');
    await page.getByRole('button', { name: 'Add interval clock' }).click();
    await page
      .getByRole('group', { name: /^Clock 2/ })
      .getByLabel('Interval (seconds)')
      .fill('7200');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await save.click();
    await page.getByText('Group schedule saved.').waitFor();
    await eventually(() => inEffect.textContent()).toContain("Group schedule overrides the flow's schedule");
    expect(await inEffect.textContent()).toContain('At 06:00 (Europe/Berlin); Every 2 h 00 min');
    const { schedule } = await flowGroupOf(id);
    expect(schedule?.clocks).toMatchObject([
      {
        type: 'CronClock',
        cron: '0 6 * * *',
        timezone: 'Europe/Berlin',
        parameter_defaults: { region: 'eu' },
      },
      { type: 'IntervalClock', interval: 7_200_000_000, parameter_defaults: {} },
    ]);
    await screenshot(page, '17-flow-settings-schedule');

    // With the cron clock alone, every run not yet started is at 06:00 in Berlin, with the clock's parameters.
    await page.getByRole('button', { name: 'Remove clock 2' }).click();
    await save.click();
    await eventually(() => inEffect.textContent()).not.toContain('Every 2 h');
    const grouped = await scheduledRuns();
    expect(grouped.length).toBeGreaterThan(0);
    for (const run of grouped) {
      expect(berlinTime.format(new Date(run.scheduledStartTime))).toBe('06:00');
      expect(run.parameters).toEqual({ region: 'eu' });
    }

    await page.getByRole('tab', { name: 'Overview' }).click();
    const scheduleCard = page.locator('section', {
      has: page.getByRole('heading', { name: 'Schedule', exact: true }),
    });
    await eventually(() => scheduleCard.textContent()).toContain('At 06:00 (Europe/Berlin)');
    expect(await scheduleCard.textContent()).toContain("overrides the flow's own");

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove group schedule' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove schedule' }).click();
    await page.getByText('Group schedule removed.').waitFor();
    await eventually(() => inEffect.textContent()).toContain("the flow's own schedule applies");
    expect((await flowGroupOf(id)).schedule).toBeNull();
    const hourly = (await scheduledRuns()).map((run) => Date.parse(run.scheduledStartTime));
    expect(hourly.length).toBeGreaterThan(1);
    expect(hourly[1]! - hourly[0]!).toBe(3_600_000);
  });

  it('fits the Settings tab on a narrow window', async () => {
    const id = await registerFlow(greetingFlow('settings-narrow'));
    const narrow = await narrowContext();
    const phone = await narrow.newPage();
    try {
      await signIn(phone, hw.adminToken);
      await phone.goto(`${hw.url}/flows/${id}`);
      const tab = phone.getByRole('tab', { name: 'Settings' });
      await tab.waitFor();
      const box = await tab.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await tab.click();
      await phone.getByRole('switch', { name: 'Heartbeats' }).waitFor();
      await phone.getByRole('button', { name: 'Save group schedule' }).waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, '18-narrow-flow-settings');
    } finally {
      await narrow.close();
    }
  });
});
