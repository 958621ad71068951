import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Flow, task } from '@headwater/core';
import { createApiTokenDirect, startServer } from '@headwater/server';
import { type Browser, chromium } from 'playwright-core';
import type { Benchmark, BenchmarkResult } from './harness.js';
import { median } from './harness.js';

/** Debian's Chromium, as the browser tests use it. */
const CHROMIUM_PATH = process.env.HEADWATER_TEST_CHROMIUM ?? '/usr/bin/chromium';
const BIG = 500;
const SMALL = 5;
/** Page loads measured per run (after one warm-up), alternating big and small. */
const LOADS = 7;

const uiPackage = join(import.meta.dirname, '..', 'packages', 'ui');

/** A flow whose one mapped task fans out to as many task runs as its run is given. */
function fanOutFlow(): Record<string, unknown> {
  const flow = new Flow('fan-out', { module: null });
  const numbers = flow.add(
    task(() => [1], { name: 'numbers' }),
    {},
  );
  flow.map(
    task(({ n }: { n: number }) => n * 2, { name: 'double' }),
    { n: numbers },
  );
  return flow.serialize() as unknown as Record<string, unknown>;
}

type Gql = <T = any>(token: string, query: string, variables?: Record<string, unknown>) => Promise<T>;

/**
 * A finished run whose mapped task has `children` task runs, each Running then Success, written
 * through the API as a runner does (state batches of 250).
 */
async function finishedRun(
  gql: Gql,
  tokens: { user: string; runner: string },
  flowId: string,
  children: number,
): Promise<string> {
  const token = tokens.runner;
  const { createFlowRun } = await gql(
    tokens.user,
    'mutation($i: createFlowRunInput!) { createFlowRun(input: $i) { id } }',
    {
      i: { flowId },
    },
  );
  const runId: string = createFlowRun.id;
  const { api } = await gql(token, '{ api { coreVersion } }');
  const state = (type: string) => ({ type, message: `${type} state`, __version__: api.coreVersion });
  const setRun = async (version: number, type: string) =>
    gql(
      token,
      'mutation($i: setFlowRunStatesInput!) { setFlowRunStates(input: $i) { states { version } } }',
      {
        i: { states: [{ flowRunId: runId, version, state: state(type) }] },
      },
    );
  await setRun(1, 'Submitted');
  await setRun(2, 'Running');
  const { flowRun } = await gql(
    token,
    'query($id: ID!) { flowRun(id: $id) { flow { tasks { id name } } } }',
    {
      id: runId,
    },
  );
  const doubleId = flowRun.flow.tasks.find((t: { name: string }) => t.name === 'double').id;
  const ids: string[] = [];
  for (let mapIndex = 0; mapIndex < children; mapIndex += 1) {
    const { getOrCreateTaskRun } = await gql(
      token,
      'mutation($i: getOrCreateTaskRunInput!) { getOrCreateTaskRun(input: $i) { id } }',
      { i: { flowRunId: runId, taskId: doubleId, mapIndex } },
    );
    ids.push(getOrCreateTaskRun.id);
  }
  for (const [version, type] of [
    [1, 'Running'],
    [2, 'Success'],
  ] as const) {
    for (let start = 0; start < ids.length; start += 250) {
      await gql(
        token,
        'mutation($i: setTaskRunStatesInput!) { setTaskRunStates(input: $i) { states { version } } }',
        {
          i: {
            states: ids
              .slice(start, start + 250)
              .map((taskRunId) => ({ taskRunId, version, state: state(type) })),
          },
        },
      );
    }
  }
  await setRun(3, 'Success');
  return runId;
}

async function runPageLoad(): Promise<BenchmarkResult> {
  const home = await mkdtemp(join(tmpdir(), 'headwater-bench-ui-'));
  const uiDir = join(home, 'ui');
  // The UI built from the current source, as the browser tests serve it.
  await promisify(execFile)(
    'pnpm',
    ['exec', 'vite', 'build', '--outDir', uiDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: uiPackage,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  process.env.HEADWATER__SERVER__UI_DIR = uiDir;
  const databaseUrl = join(home, 'headwater.db');
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    databaseUrl,
    homeDir: home,
    services: false,
    print: () => {},
  });
  let browser: Browser | undefined;
  try {
    const admin = server.initialToken!.token;
    const { token: runner } = await createApiTokenDirect({
      databaseUrl,
      homeDir: home,
      name: 'bench',
      scope: 'RUNNER',
    });
    const gql: Gql = async (token, query, variables) => {
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
      if (body.errors?.[0]) throw new Error(body.errors[0].message);
      return body.data;
    };
    const { createProject } = await gql(admin, 'mutation { createProject(input: { name: "Bench" }) { id } }');
    const { createFlow } = await gql(
      admin,
      'mutation($i: createFlowInput!) { createFlow(input: $i) { id } }',
      {
        i: { projectId: createProject.id, serializedFlow: fanOutFlow() },
      },
    );
    const tokens = { user: admin, runner };
    const big = await finishedRun(gql, tokens, createFlow.id, BIG);
    const small = await finishedRun(gql, tokens, createFlow.id, SMALL);

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu'],
      headless: true,
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.getByLabel('API token').fill(admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    /** Milliseconds from navigation to the page showing every task run in its timeline, and its task table. */
    const open = async (runId: string, rows: number, data: number[] = []) => {
      const started = performance.now();
      const arrived = page
        .waitForResponse((response) => response.request().postData()?.includes('query FlowRun(') ?? false)
        .then(() => data.push(performance.now() - started));
      await page.goto(`${server.url}/flow-runs/${runId}`);
      await arrived;
      await page
        .locator('[data-testid="task-timeline"] .gantt-row')
        .nth(rows - 1)
        .waitFor();
      await page.locator('[data-testid="task-runs"] tbody tr').first().waitFor();
      return performance.now() - started;
    };
    // The parent task run plus its mapped children.
    await open(big, BIG + 1);
    await open(small, SMALL + 1);
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    /** Milliseconds until the run's data arrived (the rest is drawing it). */
    const bigData: number[] = [];
    const smallData: number[] = [];
    for (let index = 0; index < LOADS; index += 1) {
      bigTimes.push(await open(big, BIG + 1, bigData));
      smallTimes.push(await open(small, SMALL + 1, smallData));
    }
    return {
      value: median(bigTimes),
      baseline: median(smallTimes),
      unit: 'ms',
      target: 1000,
      details: {
        taskRuns: BIG + 1,
        baselineTaskRuns: SMALL + 1,
        worstMs: Math.round(Math.max(...bigTimes)),
        dataMs: Math.round(median(bigData)),
        baselineDataMs: Math.round(median(smallData)),
        loads: LOADS,
      },
    };
  } finally {
    await browser?.close();
    await server.close();
    delete process.env.HEADWATER__SERVER__UI_DIR;
    await rm(home, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'ui: run page with 500 task runs',
    description:
      'Chromium opens the run page of a finished run whose mapped task has 500 task runs until its timeline shows them all and its task table its first rows (median of 7 loads; target under 1 s); baseline: the same page for a run with 5.',
    run: runPageLoad,
  },
];
