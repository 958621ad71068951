import { join } from 'node:path';
import { type Agent, createProcessAgent, silentAgentLogger } from '@headwater/agent';
import { Client } from '@headwater/client';
import { createLocalStorage } from '@headwater/storage-local';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalFlow } from './fixtures/approval-flow.js';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { startUiServer, type UiServer } from './support/headwater.js';

const PROJECT = 'Approval Project';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 60_000, interval: 200 });

describe.runIf(chromiumAvailable())('web UI: resuming a paused run that a real process agent runs', () => {
  let hw: UiServer;
  let admin: Client;
  let browser: Browser;
  let page: Page;
  let agent: Agent;
  let agentStopped: Promise<void>;
  let flowId: string;

  beforeAll(async () => {
    hw = await startUiServer();
    admin = new Client({ api: hw.url, token: hw.adminToken, env: {}, config: {} });
    await admin.createProject({ projectName: PROJECT });
    const storage = createLocalStorage({ directory: join(hw.home, 'flows') });
    storage.addFlow(approvalFlow);
    approvalFlow.storage = storage;
    flowId = (await admin.deploy(approvalFlow, PROJECT, { setScheduleActive: false })).id;
    agent = createProcessAgent({
      api: hw.url,
      token: hw.runnerToken,
      name: 'ui-approval-agent',
      env: { HEADWATER__HOME_DIR: join(hw.home, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      runEnv: { HEADWATER__HOME_DIR: join(hw.home, 'run-home'), HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2' },
    });
    agentStopped = agent.start();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(hw.url);
    await page.getByLabel('API token').fill(hw.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  }, 80_000);

  afterAll(async () => {
    await agent?.stop();
    await agentStopped;
    await browser?.close();
    await hw?.close();
  });

  const headerState = () => page.locator('.page-header .badge').first().getAttribute('data-state');
  const taskState = (slug: string) =>
    page.locator(`[data-testid="task-runs"] tr[data-task="${slug}"] .badge`).getAttribute('data-state');
  const resumeButton = () => page.locator('.page-header').getByRole('button', { name: 'Resume' });

  it('shows Resume only while a task is paused; confirming it runs the approved task and the run succeeds', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    await page.goto(`${hw.url}/flow-runs/${id}`);
    await eventually(headerState).toBe('Paused');
    const approve = (await admin.listTaskRuns({ flowRunId: id, first: 10 })).nodes.find(
      (taskRun) => taskRun.task.name === 'approve',
    )!;
    await eventually(() => taskState(approve.taskSlug)).toBe('Paused');
    await screenshot(page, '30-paused-run');

    // Asked first; "Not yet" leaves the run paused.
    await resumeButton().click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain('approve is paused, waiting for approval');
    await dialog.getByRole('button', { name: 'Not yet' }).click();
    expect((await admin.getFlowRun(id)).state).toBe('Paused');

    await resumeButton().click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Resume run' }).click();
    await eventually(headerState).toBe('Success');
    expect(await taskState(approve.taskSlug)).toBe('Success');
    await page.locator('.log-line', { hasText: 'release approved' }).waitFor();
    expect(await resumeButton().count()).toBe(0);
    const stored = (await admin.listTaskRuns({ flowRunId: id, first: 10 })).nodes.find(
      (taskRun) => taskRun.id === approve.id,
    )!;
    expect(stored.runCount).toBe(1);
    await screenshot(page, '31-resumed-run');
  });
});
