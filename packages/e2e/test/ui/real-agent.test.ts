import { join } from 'node:path';
import { type Agent, createProcessAgent, silentAgentLogger } from '@headwater/agent';
import { Client } from '@headwater/client';
import { createLocalStorage } from '@headwater/storage-local';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenFlow, greetingFlow } from './fixtures/agent-flows.js';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { startUiServer, type UiServer } from './support/headwater.js';

const PROJECT = 'Agent Project';

/** Real runs take a few seconds: a poll, a child process, the flow, its logs. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 60_000, interval: 200 });

describe.runIf(chromiumAvailable())('web UI with a real process agent running deployed flows', () => {
  let hw: UiServer;
  let browser: Browser;
  let page: Page;
  let agent: Agent;
  let agentStopped: Promise<void>;
  const flowIds = new Map<string, string>();

  beforeAll(async () => {
    hw = await startUiServer();
    const admin = new Client({ api: hw.url, token: hw.adminToken, env: {}, config: {} });
    await admin.createProject({ projectName: PROJECT });
    const storage = createLocalStorage({ directory: join(hw.home, 'flows') });
    for (const flow of [greetingFlow, brokenFlow]) {
      storage.addFlow(flow);
      flow.storage = storage;
    }
    for (const flow of [greetingFlow, brokenFlow]) {
      flowIds.set(flow.name, (await admin.deploy(flow, PROJECT, { setScheduleActive: false })).id);
    }
    agent = createProcessAgent({
      api: hw.url,
      token: hw.runnerToken,
      name: 'ui-test-agent',
      env: { HEADWATER__HOME_DIR: join(hw.home, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      runEnv: {
        HEADWATER__HOME_DIR: join(hw.home, 'run-home'),
        HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
      },
    });
    agentStopped = agent.start();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(hw.url);
    await page.getByLabel('API token').fill(hw.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await agentStopped;
    await browser?.close();
    await hw?.close();
  });

  const runFromTheUi = async (flowName: string, fill: Record<string, string>) => {
    await page.goto(`${hw.url}/flows/${flowIds.get(flowName)}`);
    await page.getByRole('heading', { name: flowName, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog');
    for (const [parameter, value] of Object.entries(fill)) {
      await dialog.getByRole('textbox', { name: parameter, exact: true }).fill(value);
    }
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/flow-runs\/[0-9a-f-]{36}$/);
  };

  const headerState = () => page.locator('.page-header .badge').first().getAttribute('data-state');

  it('starts a deployed flow with parameters and watches the agent take it to Success, logs and all', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await page.getByText('ui-test-agent').waitFor();
    expect(await page.locator('.list').textContent()).toContain('Active');

    await runFromTheUi('ui-greeting', { name: 'Ada', times: '3' });
    await eventually(headerState).toBe('Success');
    await page.locator('.log-line', { hasText: 'greeting Ada 3 times' }).waitFor();
    await page.locator('.log-line', { hasText: 'counted 3 greetings' }).waitFor();
    expect(
      await page.locator('.log-line', { hasText: 'counted 3 greetings' }).getAttribute('data-level'),
    ).toBe('WARNING');
    await eventually(() =>
      page.locator('[data-testid="schematic"] g.schematic-node[data-state="Success"]').count(),
    ).toBe(4);
    expect(await page.getByTestId('run-parameters').textContent()).toContain('"Ada"');
    expect(await page.locator('dl.details').first().textContent()).toContain('ui-test-agent');
    await screenshot(page, '20-real-agent-success');
  });

  it("shows the error of a run that fails in the agent's process", async () => {
    await runFromTheUi('ui-broken', {});
    await eventually(headerState).toBe('Failed');
    const error = page.getByRole('alert').filter({ hasText: 'This run ended in Failed' });
    await eventually(() => error.textContent()).toContain('explode');
    expect(await error.textContent()).toContain('the warehouse is on fire (1 crate)');
    await page.locator('.log-line', { hasText: 'the warehouse is on fire' }).first().waitFor();
    expect(
      await page.locator('[data-testid="schematic"] g[data-task="load-1"]').getAttribute('data-state'),
    ).toBe('Success');
    await screenshot(page, '21-real-agent-failed');
  });
});
