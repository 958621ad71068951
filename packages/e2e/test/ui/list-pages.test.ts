import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from './support/browser.js';
import { greetingFlow } from './support/fixture-flows.js';
import { signInAsAdmin, startUiServer, type UiServer } from './support/headwater.js';

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** One more than a page of the UI's lists holds. */
const SEEDED = 26;
const names = (prefix: string) =>
  Array.from({ length: SEEDED }, (_, index) => `${prefix}-${String(index + 1).padStart(2, '0')}`);

describe.runIf(chromiumAvailable())(
  'cursor pages of projects, agents and tokens, and the dashboard, in the URL',
  () => {
    let hw: UiServer;
    let browser: Browser;
    let page: Page;
    let projectId: string;

    const gql = <T = any>(query: string, variables?: Record<string, unknown>) =>
      hw.gql<T>(hw.adminToken, query, variables);
    const pager = (label: string) => page.getByRole('navigation', { name: `${label} pages` });
    const url = () => new URL(page.url());

    /**
     * Reads the rows of the first page, goes to the second and back, reloads the second and checks
     * that the two pages together hold every seeded row once.
     */
    const pageThrough = async (
      label: string,
      rows: () => Promise<string[]>,
      seeded: string[],
      total: number,
    ) => {
      await eventually(() => pager(label).textContent()).toContain(`Showing 1–25 of ${total}`);
      const first = await rows();
      expect(first).toHaveLength(25);
      await pager(label).getByRole('button', { name: 'Next' }).click();
      await eventually(() => url().searchParams.get('page')).toBe('2');
      expect(url().searchParams.get('after')).toBeTruthy();
      await eventually(() => pager(label).textContent()).toContain(`Showing 26–${total} of ${total}`);
      const second = await rows();
      expect(second).toHaveLength(total - 25);
      expect(second.filter((row) => first.includes(row))).toEqual([]);
      expect(new Set([...first, ...second])).toEqual(new Set([...first, ...second, ...seeded]));

      await pager(label).getByRole('button', { name: 'Previous' }).click();
      await eventually(() => url().searchParams.has('after')).toBe(false);
      await eventually(rows).toEqual(first);

      await pager(label).getByRole('button', { name: 'Next' }).click();
      await eventually(rows).toEqual(second);
      await page.reload();
      await eventually(rows).toEqual(second);
      expect(url().searchParams.get('page')).toBe('2');
      await eventually(() => pager(label).textContent()).toContain(`Showing 26–${total} of ${total}`);
      await pager(label).getByRole('button', { name: 'First page' }).click();
      await eventually(rows).toEqual(first);
    };

    beforeAll(async () => {
      hw = await startUiServer();
      browser = await launchBrowser();
      page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      projectId = (
        await gql<{ createProject: { id: string } }>(
          'mutation($input: createProjectInput!) { createProject(input: $input) { id } }',
          { input: { name: 'Paged' } },
        )
      ).createProject.id;
      await Promise.all([
        ...names('flow').map((name) =>
          gql('mutation($input: createFlowInput!) { createFlow(input: $input) { id } }', {
            input: { projectId, serializedFlow: greetingFlow(name), setScheduleActive: false },
          }),
        ),
        ...names('agent').map((name) =>
          gql('mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }', {
            input: { name, type: 'ProcessAgent' },
          }),
        ),
        // With the server's admin and agent tokens, one more than a page.
        ...names('token')
          .slice(2)
          .map((name) =>
            gql('mutation($input: createApiTokenInput!) { createApiToken(input: $input) { id } }', {
              input: { name, scope: 'RUNNER' },
            }),
          ),
      ]);
      await signInAsAdmin(page, hw);
    });
    afterAll(async () => {
      await browser?.close();
      await hw?.close();
    });

    it("pages a project's flows", async () => {
      await page.goto(`${hw.url}/projects/${projectId}`);
      const rows = () =>
        page.locator('section[aria-label="Flows"] tbody tr a[href^="/flows/"]').allTextContents();
      await pageThrough('Flows', rows, names('flow'), SEEDED);
    });

    it('pages the agents', async () => {
      await page.goto(`${hw.url}/agents`);
      const rows = () => page.locator('section[aria-label="Agents"] li .primary').allTextContents();
      await pageThrough('Agents', rows, names('agent'), SEEDED);
    });

    it('pages the API tokens, and keeps "Show revoked" in the URL', async () => {
      await page.goto(`${hw.url}/settings/tokens`);
      const rows = () =>
        page
          .locator('tr[data-token-name]')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-token-name')!));
      const seeded = names('token').slice(2);
      await pageThrough('API tokens', rows, seeded, SEEDED);

      const revoked = await gql<{ createApiToken: { id: string } }>(
        'mutation($input: createApiTokenInput!) { createApiToken(input: $input) { id } }',
        { input: { name: 'token-revoked', scope: 'RUNNER' } },
      );
      await gql('mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }', {
        id: revoked.createApiToken.id,
      });
      await page.getByLabel('Show revoked').click();
      await eventually(() => url().searchParams.get('revoked')).toBe('1');
      await eventually(() => page.getByLabel('Show revoked').isChecked()).toBe(true);
      await eventually(() => pager('API tokens').textContent()).toContain(`of ${SEEDED + 1}`);
      await page.reload();
      await expect.poll(() => page.getByLabel('Show revoked').isChecked()).toBe(true);
      await pager('API tokens').getByRole('button', { name: 'Next' }).click();
      await eventually(rows).toContain('token-revoked');
    });

    it("keeps the dashboard's period and project in the URL", async () => {
      await page.goto(hw.url);
      await page.getByLabel('Period').selectOption('7d');
      await page.getByLabel('Project').selectOption(projectId);
      await eventually(() => url().searchParams.get('period')).toBe('7d');
      await eventually(() => url().searchParams.get('project')).toBe(projectId);
      await page.reload();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await eventually(() => page.getByLabel('Period').inputValue()).toBe('7d');
      await eventually(() => page.getByLabel('Project').inputValue()).toBe(projectId);
      await page.getByLabel('Period').selectOption('24h');
      await eventually(() => url().searchParams.has('period')).toBe(false);
    });
  },
);
