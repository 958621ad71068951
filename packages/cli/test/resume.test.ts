import { Client } from '@headwater/client';
import { Flow, Scheduled, Submitted, task, triggers } from '@headwater/core';
import { executeFlowRun } from '@headwater/runtime';
import { startServer } from '@headwater/server';
import { startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';

/** `check → sign-off (manualOnly) → ship`, paused at `sign-off` by a real run process. */
const flow = new Flow('cli-approval', { module: import.meta.url });
{
  const check = flow.add(task(() => 'checked', { name: 'check' }));
  const signOff = flow.add(
    task(() => 'signed', { name: 'sign-off', trigger: triggers.manualOnly }),
    {},
    {
      upstream: [check],
    },
  );
  flow.add(
    task(() => 'shipped', { name: 'ship' }),
    {},
    { upstream: [signOff] },
  );
}

/** Runs `headwater <args>` in this process; resolves to the exit code and what it printed. */
async function headwater(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'headwater', ...args]);
    const text = (spy: typeof out) => spy.mock.calls.map((call) => String(call[0])).join('');
    return { code, stdout: text(out), stderr: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('headwater resume against a real server', () => {
  let server: TestServer;
  let admin: Client;
  let flowId: string;

  beforeAll(async () => {
    server = await startTestServer(startServer, 'sqlite');
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    const projectId = (await admin.createProject({ projectName: 'CLI Approvals' })).id;
    flowId = (await admin.createFlow(flow.serialize() as never, { projectId })).id;
    vi.stubEnv('HEADWATER__HOME_DIR', server.homeDir);
    vi.stubEnv('HEADWATER__CLOUD__API', server.api);
    vi.stubEnv('HEADWATER__CLOUD__AUTH_TOKEN', server.adminToken);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.close();
  });

  /** A run claimed as an agent claims it and executed until its process leaves it Paused. */
  async function pausedRun() {
    const created = await admin.createFlowRun({ flowId });
    await admin.setFlowRunState(created.id, created.version, new Submitted({ state: new Scheduled() }));
    const execution = await executeFlowRun({
      env: {
        HEADWATER__HOME_DIR: server.homeDir,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: server.adminToken,
        HEADWATER__CONTEXT__FLOW_RUN_ID: created.id,
      },
      loadFlow: async () => flow,
      write: () => {},
    });
    expect(execution.outcome).toBe('paused');
    return admin.getFlowRun(created.id);
  }

  it('resumes a paused run by name and prints what it resumed', async () => {
    const run = await pausedRun();
    const result = await headwater('resume', run.name);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      `Resumed sign-off-1 of flow run ${run.name} (${run.id}): it is Scheduled and an agent picks it up.`,
    );
    const taskRuns = (await admin.listTaskRuns({ flowRunId: run.id, first: 10 })).nodes;
    expect(taskRuns.find((t) => t.task.name === 'sign-off')?.state).toBe('Resume');
    expect((await admin.getFlowRun(run.id)).state).toBe('Scheduled');
  });

  it('resumes one task by id with --task and --json', async () => {
    const run = await pausedRun();
    const result = await headwater('resume', run.id, '--task', 'sign-off', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      flowRunId: run.id,
      flowRunName: run.name,
      state: 'Scheduled',
      taskRuns: [{ id: expect.any(String), taskSlug: expect.stringMatching(/^sign-off/), state: 'Resume' }],
    });
  });

  it('refuses a task that is not paused, naming the paused ones, and a run with nothing paused', async () => {
    const run = await pausedRun();
    const wrongTask = await headwater('resume', run.name, '--task', 'ship');
    expect(wrongTask.code).toBe(1);
    expect(wrongTask.stderr).toMatch(/has no paused task "ship"\. Its paused tasks: sign-off/);
    expect((await headwater('resume', run.name)).code).toBe(0);
    const again = await headwater('resume', run.name);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/has no paused task run, so there is nothing to resume/);
  });
});
