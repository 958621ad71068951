import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flow, Running, Submitted, task } from '@headwater/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeadwater } from './support/headwater-process.js';
import { type ServerUnderTest, startServerUnderTest } from './support/server-under-test.js';
import { eventually } from './support/waiting.js';

/** A one-task flow registered straight through the API (no storage: nothing runs it). */
async function registerFlow(server: ServerUnderTest): Promise<string> {
  const flow = new Flow('silent');
  flow.add(task(() => 1, { name: 'work', maxRetries: 1, retryDelay: 1000 }));
  const { id: projectId } = await server.admin.createProject({ projectName: 'Settings' });
  return (
    await server.admin.createFlow(flow.serialize() as unknown as Record<string, unknown>, { projectId })
  ).id;
}

/** A flow run set Running with its task run Running and one heartbeat, then left silent. */
async function silentRun(
  server: ServerUnderTest,
  flowId: string,
): Promise<{ flowRunId: string; taskRunId: string }> {
  const { id: flowRunId } = await server.admin.createFlowRun({ flowId });
  await server.admin.setFlowRunState(flowRunId, 1, new Running());
  const [taskRun] = (await server.admin.listTaskRuns({ flowRunId })).nodes;
  await server.admin.setTaskRunState(taskRun!.id, taskRun!.version, new Running());
  await server.admin.updateFlowRunHeartbeat(flowRunId);
  return { flowRunId, taskRunId: taskRun!.id };
}

/** Waits (at most 60 s; the built-in timeout is 120 s) until the zombie killer retried the task run. */
async function retried(server: ServerUnderTest, flowRunId: string, taskRunId: string): Promise<string> {
  return eventually(
    'the zombie killer to retry the silent task run',
    async () => {
      const { nodes } = await server.admin.listTaskRuns({ flowRunId });
      const state = nodes.find((run) => run.id === taskRunId)?.state;
      return state === 'Running' ? undefined : state;
    },
    60_000,
  );
}

describe('server settings from the environment, the config file and flags', () => {
  let server: ServerUnderTest | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('takes the zombie killer timeout from HEADWATER__SERVER__SERVICES__… variables', async () => {
    server = await startServerUnderTest({
      database: 'sqlite',
      env: {
        HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT: '1',
        HEADWATER__SERVER__SERVICES__LAZARUS__ENABLED: 'false',
      },
    });
    const { flowRunId, taskRunId } = await silentRun(server, await registerFlow(server));
    expect(await retried(server, flowRunId, taskRunId)).toBe('Retrying');
  }, 120_000);

  it('takes the zombie killer timeout from the config file, the lazarus timeout and a CORS origin from flags', async () => {
    server = await startServerUnderTest({
      database: 'sqlite',
      env: { HEADWATER__USER_CONFIG_PATH: writeConfig() },
      args: ['--lazarus-timeout', '1', '--cors-origin', 'https://ops.example.com'],
    });
    const allowed = async (origin: string) =>
      (await fetch(`${server!.api}/graphql?query=%7Bhello%7D`, { headers: { origin } })).headers.get(
        'access-control-allow-origin',
      );
    expect(await allowed('https://ops.example.com')).toBe('https://ops.example.com');
    expect(await allowed('https://elsewhere.example.com')).toBeNull();
    const flowId = await registerFlow(server);
    const { flowRunId, taskRunId } = await silentRun(server, flowId);
    expect(await retried(server, flowRunId, taskRunId)).toBe('Retrying');

    const { id: lost } = await server.admin.createFlowRun({ flowId });
    await server.admin.setFlowRunState(lost, 1, new Submitted());
    const rescheduled = await eventually(
      'lazarus to reschedule the lost run',
      async () => {
        const run = await server!.admin.getFlowRun(lost);
        return run.state === 'Scheduled' && run.version > 2 ? run : undefined;
      },
      60_000,
    );
    expect(rescheduled.state).toBe('Scheduled');
  }, 120_000);

  it('refuses a negative timeout or a malformed flag, naming the setting', async () => {
    const home = join(writeConfig(), '..');
    const env = { HOME: home, HEADWATER__HOME_DIR: home };
    const negative = await runHeadwater(['server', 'start', '--port', '0'], {
      env: { ...env, HEADWATER__SERVER__SERVICES__LAZARUS__HEARTBEAT_TIMEOUT: '-5' },
    });
    expect(negative.code).toBe(1);
    expect(negative.output).toMatch(
      /HEADWATER__SERVER__SERVICES__LAZARUS__HEARTBEAT_TIMEOUT: server\.services\.lazarus\.heartbeat_timeout must be a positive number of seconds, got -5/,
    );
    const words = await runHeadwater(['server', 'start', '--port', '0'], {
      env: { ...env, HEADWATER__SERVER__SERVICES__SCHEDULER__INTERVAL: 'soon' },
    });
    expect(words.code).toBe(1);
    expect(words.output).toMatch(
      /HEADWATER__SERVER__SERVICES__SCHEDULER__INTERVAL: expected a number, got "soon"/,
    );
    const flag = await runHeadwater(['server', 'start', '--port', '0', '--heartbeat-timeout', '0'], { env });
    expect(flag.code).toBe(2);
    expect(flag.output).toMatch(/--heartbeat-timeout <seconds>.*"0" is not a positive number of seconds/);
    const origin = await runHeadwater(
      ['server', 'start', '--port', '0', '--cors-origin', 'https://x.test/app'],
      {
        env,
      },
    );
    expect(origin.code).toBe(2);
    expect(origin.output).toMatch(/--cors-origin "https:\/\/x\.test\/app" is not a web origin/);
  }, 120_000);
});

/** A config file (in a scratch directory of its own) with a 1 s zombie-killer timeout. */
function writeConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'headwater-settings-')), 'config.toml');
  writeFileSync(file, '[server.services.zombie_killer]\nheartbeat_timeout = 1\ninterval = 1\n');
  return file;
}
