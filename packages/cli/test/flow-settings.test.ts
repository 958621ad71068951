import { Client, type FlowGroup, type FlowSummary } from '@headwater/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliStack, startCliStack } from './helpers/cli-stack.js';

describe('headwater set flow against a real server', () => {
  let stack: CliStack;
  let api: Client;
  const cli = (...args: string[]) => stack.cli(...args);
  const flowNamed = async (name: string): Promise<FlowSummary> => {
    const flow = (await api.listFlows({ name })).nodes[0];
    if (!flow) throw new Error(`no flow ${name}`);
    return flow;
  };
  /** The flow group of the flow `name`, as the API reports it. */
  const groupOf = async (name: string): Promise<FlowGroup> =>
    api.getFlowGroup((await flowNamed(name)).flowGroupId);

  beforeAll(async () => {
    stack = await startCliStack('settings', ['Settings']);
    api = new Client({ api: stack.server.api, token: stack.server.adminToken, env: {}, config: {} });
    await stack.deploy('checked-flow.ts', 'Settings');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a call that sets nothing, saying what can be set', async () => {
    const nothing = await cli('set', 'flow', 'cli-checked');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(
      /^Error: Give at least one setting: --description <text>, .*--lazarus on\|off\.\n$/,
    );
  });

  it('sets the description and the labels, then clears the labels', async () => {
    const set = await cli(
      'set',
      'flow',
      'cli-checked',
      '--description',
      'Doubles x',
      '--label',
      'gpu',
      '--label',
      'eu',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe(
      'Set the flow "cli-checked" of project "Settings": description "Doubles x"; labels gpu, eu.\n',
    );
    expect(await groupOf('cli-checked')).toMatchObject({ description: 'Doubles x', labels: ['eu', 'gpu'] });

    const cleared = await cli('set', 'flow', 'cli-checked', '--no-labels', '--json');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(cleared.stdout)).toMatchObject({
      name: 'cli-checked',
      labels: null,
      description: 'Doubles x',
    });
    expect((await groupOf('cli-checked')).labels).toBeNull();
  });

  it('sets default parameters that new runs get, and refuses one the schema refuses', async () => {
    const set = await cli(
      'set',
      'flow',
      'cli-checked',
      '--default-param',
      'x=21',
      '--default-param',
      'label=7',
    );
    expect(set.code, set.stderr).toBe(0);
    expect((await groupOf('cli-checked')).defaultParameters).toEqual({ x: 21, label: '7' });

    const run = await cli('run', 'flow', '--name', 'cli-checked', '--json');
    expect(run.code, run.stderr).toBe(0);
    const created = await api.getFlowRun(JSON.parse(run.stdout).id);
    expect(created.parameters).toMatchObject({ x: 21 });

    const refused = await cli('set', 'flow', 'cli-checked', '--default-param', 'x=[1]');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Error: Cannot set the default parameters of the flow "cli-checked" of project "Settings": .+\n$/,
    );
    expect((await groupOf('cli-checked')).defaultParameters).toEqual({ x: 21, label: '7' });
  });

  it('sets a cron schedule in a time zone, removes it, and refuses a cron that never fires', async () => {
    const set = await cli(
      'set',
      'flow',
      'cli-checked',
      '--cron',
      '0 6 * * 1-5',
      '--timezone',
      'Europe/Berlin',
      '--json',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).schedule).not.toBeNull();
    const schedule = JSON.stringify((await groupOf('cli-checked')).schedule);
    expect(schedule).toContain('0 6 * * 1-5');
    expect(schedule).toContain('Europe/Berlin');

    const hourly = await cli('set', 'flow', 'cli-checked', '--interval', '1h');
    expect(hourly.code, hourly.stderr).toBe(0);
    expect(hourly.stdout).toMatch(/schedule every 1h\.\n$/);
    expect(JSON.stringify((await groupOf('cli-checked')).schedule)).not.toContain('0 6 * * 1-5');

    const removed = await cli('set', 'flow', 'cli-checked', '--no-schedule');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/schedule removed/);
    expect((await groupOf('cli-checked')).schedule).toBeNull();

    const never = await cli('set', 'flow', 'cli-checked', '--cron', '0 9 31 2 *');
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(
      /^Error: Cannot set the schedule of the flow "cli-checked" of project "Settings": .+\n$/,
    );
    expect(never.stderr.trim().split('\n')).toHaveLength(1);
    expect((await groupOf('cli-checked')).schedule).toBeNull();
  });

  it('turns heartbeat checks and lazarus off, then on', async () => {
    const off = await cli('set', 'flow', 'cli-checked', '--heartbeat', 'off', '--lazarus', 'off');
    expect(off.code, off.stderr).toBe(0);
    expect(await groupOf('cli-checked')).toMatchObject({ heartbeatEnabled: false, lazarusEnabled: false });

    const on = await cli('set', 'flow', 'cli-checked', '--heartbeat', 'on', '--lazarus', 'on', '-q');
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toBe(`${(await flowNamed('cli-checked')).id}\n`);
    expect(await groupOf('cli-checked')).toMatchObject({ heartbeatEnabled: true, lazarusEnabled: true });
  });
});
