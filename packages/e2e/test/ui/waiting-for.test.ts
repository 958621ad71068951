import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { greetingFlow } from './support/fixture-flows.js';
import { startUiServer, type UiServer } from './support/headwater.js';

/** The UI refreshes live pages every 1.5 s; give each expectation time to come true. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const REGISTER_AGENT = 'mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }';

describe.runIf(chromiumAvailable())('web UI: runs that no connected agent takes (SQLite)', () => {
  let hw: UiServer;
  let browser: Browser;
  let page: Page;
  let runId: string;

  beforeAll(async () => {
    hw = await startUiServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    const { createProject } = await hw.gql<{ createProject: { id: string } }>(
      hw.adminToken,
      'mutation { createProject(input: { name: "Capabilities" }) { id } }',
    );
    const serializedFlow = { ...greetingFlow('local-etl'), storage: { type: 'Local', flows: {} } };
    const { createFlow } = await hw.gql<{ createFlow: { id: string } }>(
      hw.adminToken,
      'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
      { input: { projectId: createProject.id, serializedFlow } },
    );
    const { createFlowRun } = await hw.gql<{ createFlowRun: { id: string } }>(
      hw.adminToken,
      'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }',
      { input: { flowId: createFlow.id, parameters: { name: 'Ada' }, labels: ['etl'], name: 'waiting-run' } },
    );
    runId = createFlowRun.id;
    await page.goto(hw.url);
    await page.getByLabel('API token').fill(hw.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
  });

  it('says on the run page, in run lists and on the dashboard what to start, until a fitting agent connects', async () => {
    const none = 'No agent is connected: start one with `headwater agent start process --label etl`';
    const marker = (reason: string) => page.getByRole('img', { name: reason });

    await marker(none).waitFor();
    expect(await marker(none).getAttribute('title')).toBe(none);
    await screenshot(page, 'waiting-for-01-dashboard');

    await page.getByRole('link', { name: 'Flow runs' }).click();
    const row = page.getByRole('row', { name: /waiting-run/ });
    await row.getByRole('img', { name: none }).waitFor();
    expect(await row.getByRole('img', { name: none }).textContent()).toBe('No agent');

    await row.getByRole('link', { name: 'waiting-run' }).click();
    await page.getByRole('heading', { name: 'waiting-run', level: 1 }).waitFor();
    const notice = page.getByRole('alert').filter({ hasText: 'Waiting for an agent' });
    const reason = notice.getByTestId('waiting-for');
    await eventually(() => reason.textContent()).toBe(none.replaceAll('`', ''));
    expect(await reason.locator('code').textContent()).toBe('headwater agent start process --label etl');
    await screenshot(page, 'waiting-for-02-run-no-agent');

    // A connected agent with the run's labels but another storage type: the reason changes live.
    const agent = { name: 'docker-only', type: 'DockerAgent', labels: ['etl'] };
    await hw.gql(hw.runnerToken, REGISTER_AGENT, { input: { ...agent, storageTypes: ['Docker'] } });
    await eventually(() => reason.textContent()).toBe(
      'No connected agent runs Local storage with labels [etl]: start one with headwater agent start process --label etl',
    );
    await screenshot(page, 'waiting-for-03-run-wrong-storage');

    // The same agent now runs Local storage too: nothing is missing any more.
    await hw.gql(hw.runnerToken, REGISTER_AGENT, { input: { ...agent, storageTypes: ['Docker', 'Local'] } });
    await eventually(() => reason.count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'Waiting for an agent' }).waitFor();

    await page.getByRole('link', { name: 'Flow runs' }).click();
    await page.getByRole('row', { name: /waiting-run/ }).waitFor();
    // The list may show what it held before the agent connected until its fresh answer comes.
    await eventually(() => page.getByRole('img', { name: /agent/ }).count()).toBe(0);

    await page.goto(`${hw.url}/agents`);
    await page.getByText('runs Docker, Local storage').waitFor();
    const stored = await hw.gql<{ flowRun: { id: string; waitingFor: string | null } }>(
      hw.adminToken,
      'query($id: ID!) { flowRun(id: $id) { id waitingFor } }',
      { id: runId },
    );
    expect(stored.flowRun).toEqual({ id: runId, waitingFor: null });
  });
});
