import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, screenshot } from './support/browser.js';
import { greetingFlow } from './support/fixture-flows.js';
import { signInAsAdmin, startUiServer, type UiServer } from './support/headwater.js';
import { SimulatedRun } from './support/simulated-agent.js';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

const WIDE = { width: 1280, height: 860 };
const NARROW = { width: 390, height: 844 };
const WHOLE_NUMBER = 'Slots must be a whole number, 0 or more (0 holds every run back).';

interface Limit {
  kind: 'TASK_TAG' | 'FLOW';
  tag: string | null;
  flowGroupId: string | null;
  flowName: string | null;
  slots: number;
  running: number;
}

describe.runIf(chromiumAvailable())('concurrency limits per task tag and per flow in Chromium', () => {
  let hw: UiServer;
  let browser: Browser;
  let page: Page;
  let projectId: string;

  const gql = <T = any>(query: string, variables?: Record<string, unknown>) =>
    hw.gql<T>(hw.adminToken, query, variables);
  const registerFlow = async (name: string) =>
    (
      await gql<{ createFlow: { id: string } }>(
        'mutation($input: createFlowInput!) { createFlow(input: $input) { id } }',
        { input: { projectId, serializedFlow: greetingFlow(name) } },
      )
    ).createFlow.id;
  const flowGroupOf = async (flowId: string) =>
    (
      await gql<{ flow: { flowGroupId: string } }>('query($id: ID!) { flow(id: $id) { flowGroupId } }', {
        id: flowId,
      })
    ).flow.flowGroupId;
  const limits = async () =>
    (
      await gql<{ concurrencyLimits: Limit[] }>(
        '{ concurrencyLimits { kind tag flowGroupId flowName slots running } }',
      )
    ).concurrencyLimits;
  const setLimit = (input: Record<string, unknown>) =>
    gql('mutation($input: setConcurrencyLimitInput!) { setConcurrencyLimit(input: $input) { id } }', {
      input,
    });
  const deleteLimit = (input: Record<string, unknown>) =>
    gql(
      'mutation($input: deleteConcurrencyLimitInput!) { deleteConcurrencyLimit(input: $input) { success } }',
      {
        input,
      },
    );
  const openPage = async (viewport: { width: number; height: number }) => {
    const phone = viewport.width < 500;
    const context = await browser.newContext({
      viewport,
      ...(phone ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultNavigationTimeout(60_000);
    const opened = await context.newPage();
    await signInAsAdmin(opened, hw);
    return opened;
  };
  const gotoLimits = async (target: Page) => {
    await target.goto(`${hw.url}/settings/limits`);
    await target.getByRole('heading', { name: 'Concurrency limits', level: 1 }).waitFor();
  };
  const row = (target: Page, name: string) =>
    target.locator(`[data-testid="limits-table"] tr[data-limit="${name}"]`);
  const editorRow = (target: Page, name: string) =>
    target.locator(`[data-testid="limits-table"] tr[data-limit-editor="${name}"]`);
  const slotsOf = (target: Page, name: string) => row(target, name).getByTestId('limit-slots').textContent();
  const isFocused = (target: Page, label: string) =>
    target.getByLabel(label, { exact: true }).evaluate((element) => element === document.activeElement);
  const sidewaysScroll = (target: Page) =>
    target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  beforeAll(async () => {
    hw = await startUiServer();
    browser = await launchBrowser();
    projectId = (
      await gql<{ createProject: { id: string } }>(
        'mutation { createProject(input: { name: "Limits Project" }) { id } }',
      )
    ).createProject.id;
    page = await openPage(WIDE);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
  });

  it('creates a flow limit by choosing the flow, changes its slots in place and deletes it; a wrong number is said next to its field', async () => {
    const etlId = await registerFlow('nightly-etl');
    await registerFlow('hourly-sync');
    const runId = (
      await gql<{ createFlowRun: { id: string } }>(
        'mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id } }',
        { input: { flowId: etlId, name: 'etl-running', parameters: { name: 'Ada' } } },
      )
    ).createFlowRun.id;
    await SimulatedRun.claim(hw, runId);

    await gotoLimits(page);
    await page.getByText('No concurrency limits').waitFor();
    const form = page.getByRole('region', { name: 'Limit a flow' });
    const flow = form.getByLabel('Flow');
    const slots = form.getByLabel('Slots');
    await eventually(() => flow.locator('option').allTextContents()).toEqual([
      'Choose a flow',
      'hourly-sync (Limits Project)',
      'nightly-etl (Limits Project)',
    ]);

    // Nothing chosen, then slots that are not a whole number ≥ 0: each error by its field.
    await form.getByRole('button', { name: 'Set limit' }).click();
    await form.getByText('Choose the flow the limit applies to.').waitFor();
    expect(await flow.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(page, 'Flow')).toBe(true);
    await flow.selectOption({ label: 'nightly-etl (Limits Project)' });
    for (const wrong of ['1.5', '-2', 'two']) {
      await slots.fill(wrong);
      await form.getByRole('button', { name: 'Set limit' }).click();
      await eventually(() => slots.locator('xpath=..').locator('.field-error').textContent()).toBe(
        WHOLE_NUMBER,
      );
      expect(await slots.getAttribute('aria-invalid')).toBe('true');
      expect(await flow.getAttribute('aria-invalid')).toBeNull();
    }
    expect(await slots.getAttribute('aria-describedby')).toBe(
      await form.locator('.field-error').getAttribute('id'),
    );
    expect(await limits()).toEqual([]);
    await screenshot(page, '50-limits-errors');

    await slots.fill('2');
    await form.getByRole('button', { name: 'Set limit' }).click();
    const etlRow = row(page, 'nightly-etl');
    await eventually(() => etlRow.locator('td').allTextContents()).toEqual([
      'nightly-etlFlow',
      '1 / 2',
      expect.any(String),
      'ChangeDelete',
    ]);
    expect(await slots.getAttribute('aria-invalid')).toBeNull();
    expect(await flow.inputValue()).toBe('');
    const etlGroup = await flowGroupOf(etlId);
    expect(await limits()).toEqual([
      { kind: 'FLOW', tag: null, flowGroupId: etlGroup, flowName: 'nightly-etl', slots: 2, running: 1 },
    ]);

    // A task-tag limit beside it.
    const tagForm = page.getByRole('region', { name: 'Limit a task tag' });
    await tagForm.getByLabel('Task tag').fill('rate-limited-api');
    await tagForm.getByLabel('Slots').fill('3');
    await tagForm.getByRole('button', { name: 'Set limit' }).click();
    await eventually(() => slotsOf(page, 'rate-limited-api')).toBe('0 / 3');

    // Change the slots in place: a wrong number first, Escape leaves it, then 5.
    const change = etlRow.getByRole('button', { name: 'Change the slots of nightly-etl' });
    await change.click();
    const editor = editorRow(page, 'nightly-etl');
    const input = editor.getByLabel('Slots of nightly-etl');
    expect(await input.inputValue()).toBe('2');
    expect(await isFocused(page, 'Slots of nightly-etl')).toBe(true);
    await input.fill('2.5');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText(WHOLE_NUMBER).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await change.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await slotsOf(page, 'nightly-etl')).toBe('1 / 2');
    await change.click();
    await input.fill('5');
    await editor.getByRole('button', { name: 'Save' }).click();
    await eventually(() => slotsOf(page, 'nightly-etl')).toBe('1 / 5');
    await editor.waitFor({ state: 'detached' });
    expect((await limits()).find((limit) => limit.kind === 'FLOW')?.slots).toBe(5);
    await screenshot(page, '51-limits-flow-and-tag');

    // Delete, after confirming.
    await etlRow.getByRole('button', { name: 'Delete the limit of nightly-etl' }).click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete the limit of “nightly-etl”?');
    await dialog.getByRole('button', { name: 'Delete limit' }).click();
    await eventually(() => etlRow.count()).toBe(0);
    expect(await limits()).toEqual([
      { kind: 'TASK_TAG', tag: 'rate-limited-api', flowGroupId: null, flowName: null, slots: 3, running: 0 },
    ]);
    await deleteLimit({ tag: 'rate-limited-api' });
  });

  it("sets, changes and removes a flow's limit from its Settings tab", async () => {
    const flowId = await registerFlow('weekly-report');
    const group = await flowGroupOf(flowId);
    await page.goto(`${hw.url}/flows/${flowId}?tab=settings`);
    const card = page.getByRole('region', { name: 'Concurrency limit' });
    const summary = card.getByTestId('flow-limit');
    await eventually(() => summary.textContent()).toContain(
      'No limit: runs of weekly-report start as soon as an agent takes them.',
    );
    const slots = card.getByLabel('Runs at once');
    await slots.fill('0.5');
    await card.getByRole('button', { name: 'Set limit' }).click();
    await card.getByText(WHOLE_NUMBER).waitFor();
    expect(await slots.getAttribute('aria-invalid')).toBe('true');
    expect(await limits()).toEqual([]);

    await slots.fill('0');
    await card.getByRole('button', { name: 'Set limit' }).click();
    await eventually(() => summary.textContent()).toContain(
      'At most 0 runs of weekly-report Running at once (0 now); the rest wait Queued.',
    );
    await card.getByLabel('Runs at once').fill('4');
    await card.getByRole('button', { name: 'Save limit' }).click();
    await eventually(() => summary.textContent()).toContain(
      'At most 4 runs of weekly-report Running at once',
    );
    expect(await limits()).toMatchObject([
      { kind: 'FLOW', flowGroupId: group, flowName: 'weekly-report', slots: 4 },
    ]);
    await screenshot(page, '52-flow-settings-limit');

    // The limits page lists it; its link leads there.
    await card.getByRole('link', { name: 'Concurrency limits' }).click();
    await page.getByRole('heading', { name: 'Concurrency limits', level: 1 }).waitFor();
    await eventually(() => slotsOf(page, 'weekly-report')).toBe('0 / 4');

    await page.goBack();
    await card.getByRole('button', { name: 'Remove limit' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove limit' }).click();
    await eventually(() => summary.textContent()).toContain('No limit: runs of weekly-report');
    expect(await limits()).toEqual([]);
  });

  it('at 390 px: the limits page, its forms, errors and the slots editor never scroll sideways', async () => {
    const flowId = await registerFlow('a-flow-with-a-rather-long-name-for-a-phone');
    await setLimit({ flowId, slots: 2 });
    await setLimit({ tag: 'a-rather-long-task-tag-for-a-phone-screen', slots: 1 });
    const phone = await openPage(NARROW);
    try {
      await gotoLimits(phone);
      const name = 'a-flow-with-a-rather-long-name-for-a-phone';
      await eventually(() => slotsOf(phone, name)).toBe('0 / 2');
      expect(await sidewaysScroll(phone)).toBe(0);

      const form = phone.getByRole('region', { name: 'Limit a flow' });
      await form.getByLabel('Slots').fill('-1');
      await form.getByRole('button', { name: 'Set limit' }).click();
      await form.getByText(WHOLE_NUMBER).waitFor();
      expect(await sidewaysScroll(phone)).toBe(0);

      await row(phone, name)
        .getByRole('button', { name: `Change the slots of ${name}` })
        .click();
      const editor = editorRow(phone, name);
      await editor.getByLabel(`Slots of ${name}`).fill('x');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByText(WHOLE_NUMBER).waitFor();
      expect(await sidewaysScroll(phone)).toBe(0);
      await screenshot(phone, '53-limits-narrow');
    } finally {
      await phone.context().close();
      await deleteLimit({ flowId });
      await deleteLimit({ tag: 'a-rather-long-task-tag-for-a-phone-screen' });
    }
  });
});
