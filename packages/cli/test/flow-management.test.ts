import { Client, type FlowSummary } from '@headwater/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliStack, startCliStack } from './helpers/cli-stack.js';
import { runCliOnTerminal } from './helpers/terminal-cli.js';

describe('headwater schedule, archive, delete and run --at/--in against a real server and a process agent', () => {
  let stack: CliStack;
  let api: Client;
  const cli = (...args: string[]) => stack.cli(...args);
  /** Every version of a flow the API knows, newest first. */
  const versionsOf = async (name: string): Promise<FlowSummary[]> =>
    (await api.listFlows({ name, allVersions: true, first: 100 })).nodes.sort(
      (a, b) => b.version - a.version,
    );
  const runsOf = async (name: string, states?: string[]) => {
    const flows = await versionsOf(name);
    const pages = await Promise.all(
      flows.map((flow) => api.listFlowRuns({ flowId: flow.id, first: 100, ...(states ? { states } : {}) })),
    );
    return pages.flatMap((page) => page.nodes);
  };
  const autoScheduledRuns = async (name: string) =>
    (await runsOf(name, ['Scheduled'])).filter((run) => run.autoScheduled);

  beforeAll(async () => {
    stack = await startCliStack('flows', ['Flows', 'Other']);
    api = new Client({ api: stack.server.api, token: stack.server.adminToken, env: {}, config: {} });
    await stack.deploy('hourly-flow.ts', 'Flows');
    await stack.deploy('hello-flow.ts', 'Flows');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('turns a schedule off and on, as the API then reports', async () => {
    expect((await versionsOf('cli-hourly'))[0]?.isScheduleActive).toBe(true);
    const off = await cli('schedule', 'off', 'cli-hourly', '--project', 'Flows');
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Schedule of the flow "cli-hourly" v1 of project "Flows" is off: /);
    expect((await versionsOf('cli-hourly'))[0]?.isScheduleActive).toBe(false);
    expect(await autoScheduledRuns('cli-hourly')).toEqual([]);

    const on = await cli('schedule', 'on', 'cli-hourly', '--json');
    expect(on.code, on.stderr).toBe(0);
    const result = JSON.parse(on.stdout);
    expect(result).toMatchObject({ name: 'cli-hourly', project: 'Flows', isScheduleActive: true });
    expect(Date.parse(result.nextRun)).toBeGreaterThan(0);
    expect((await versionsOf('cli-hourly'))[0]?.isScheduleActive).toBe(true);
    expect((await autoScheduledRuns('cli-hourly')).length).toBeGreaterThan(0);

    const quiet = await cli('schedule', 'off', 'cli-hourly', '-q');
    expect(quiet.stdout).toBe(`${result.flowId}\n`);
  });

  it('refuses a schedule for a flow without one, and names how to list flows for an unknown one', async () => {
    const none = await cli('schedule', 'on', 'cli-hello');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^Error: Cannot turn the schedule of the flow "cli-hello" v1 of project "Flows" on: Flow \S+ has no schedule/,
    );
    const unknown = await cli('schedule', 'on', 'no-such-flow');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'Error: Flow "no-such-flow" not found. List the flows with `headwater get flows`.\n',
    );
  });

  it('starts a run later with --in or --at, Scheduled at that time', async () => {
    const before = Date.now();
    const created = await cli('run', 'flow', '--name', 'cli-hello', '--in', '1h', '--json');
    const after = Date.now();
    expect(created.code, created.stderr).toBe(0);
    const run = JSON.parse(created.stdout);
    expect(run.state).toBe('Scheduled');
    const due = Date.parse(run.scheduledStartTime);
    expect(due).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(due).toBeLessThanOrEqual(after + 3_600_000 + 1000);

    const human = await cli('run', 'flow', '--name', 'cli-hello', '--at', '2099-05-01T09:00:00Z');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/: [0-9a-f-]{36}, due 2099-05-01 09:00:00 UTC \(in \d+ years?\)\n$/);
    const runs = await runsOf('cli-hello', ['Scheduled']);
    expect(runs.find((r) => r.id === run.id)).toMatchObject({ state: 'Scheduled' });
    expect(runs.map((r) => r.scheduledStartTime)).toContain('2099-05-01T09:00:00.000Z');
  });

  it('refuses --at in the past, a malformed --at or --in, and both, creating no run', async () => {
    const count = async () => (await runsOf('cli-hello')).length;
    const runs = await count();
    const cases: [string[], RegExp][] = [
      [
        ['--at', '2020-01-01T00:00:00Z'],
        /--at "2020-01-01T00:00:00Z" is in the past .*leave --at out to run now/,
      ],
      [['--at', 'next tuesday'], /--at "next tuesday" is not a time: write it as ISO 8601/],
      [['--in', '10 minutes'], /--in "10 minutes" is not a duration: .*e\.g\. --in 30s, --in 10m/],
      [['--in', '1h', '--at', '2099-01-01T00:00:00Z'], /Give --at <time> or --in <duration>, not both/],
    ];
    for (const [args, message] of cases) {
      const refused = await cli('run', 'flow', '--name', 'cli-hello', ...args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`^Error: ${message.source}`));
    }
    expect(await count()).toBe(runs);
  });

  it('archives only after a yes: refused without a terminal, kept on "n", archived with --yes', async () => {
    const refused = await cli('archive', 'flow', 'cli-hourly');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'Error: Archive the flow "cli-hourly" v1 of project "Flows"? It takes no new runs and its Scheduled runs are cancelled. Not asked without a terminal: add --yes to go ahead.\n',
    );
    const declined = await runCliOnTerminal(['archive', 'flow', 'cli-hourly'], 'n\n', stack.env);
    expect(declined.stdout).toMatch(
      /Archive the flow "cli-hourly" v1 of project "Flows"\? .* \[y\/N\] n?\s*Nothing archived\./,
    );
    expect(declined.code).toBe(1);
    expect((await versionsOf('cli-hourly'))[0]?.archived).toBe(false);

    const archived = await cli('archive', 'flow', 'cli-hourly', '--yes', '--json');
    expect(archived.code, archived.stderr).toBe(0);
    expect(JSON.parse(archived.stdout)).toMatchObject({
      name: 'cli-hourly',
      project: 'Flows',
      archived: true,
    });
    expect((await versionsOf('cli-hourly'))[0]?.archived).toBe(true);
    expect(await autoScheduledRuns('cli-hourly')).toEqual([]);

    const again = await cli('archive', 'flow', 'cli-hourly', '--yes');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is archived already\./);
    const scheduled = await cli('schedule', 'on', 'cli-hourly');
    expect(scheduled.code).toBe(1);
    expect(scheduled.stderr).toBe(
      'Error: The flow "cli-hourly" v1 of project "Flows" is archived, and archived flows take no runs: deploy it again to schedule it.\n',
    );
  });

  it('deletes every version, or one with --version, only after a yes', async () => {
    await stack.deploy('hello-flow.ts', 'Other');
    await stack.deploy('hello-flow.ts', 'Other');
    const ambiguous = await cli('delete', 'flow', 'cli-hello', '--yes');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(
      /exists in several projects \("Flows", "Other"\)|exists in several projects \("Other", "Flows"\)/,
    );

    const refused = await cli('delete', 'flow', 'cli-hello', '--project', 'Other');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Not asked without a terminal: add --yes to go ahead\.\n$/);
    expect(await versionsOf('cli-hello')).toHaveLength(3);

    const accepted = await runCliOnTerminal(
      ['delete', 'flow', 'cli-hello', '--project', 'Other', '--version', '1'],
      'y\n',
      stack.env,
    );
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.stdout).toMatch(/Deleted the flow "cli-hello" of project "Other": version 1, 0 runs/);
    const left = await versionsOf('cli-hello');
    expect(left.map((flow) => flow.version).sort()).toEqual([1, 2]);

    const all = await cli('delete', 'flow', 'cli-hello', '--project', 'Flows', '--yes', '--json');
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ name: 'cli-hello', project: 'Flows', versions: [1] });
    expect(JSON.parse(all.stdout).runs).toBeGreaterThan(0);
    expect((await versionsOf('cli-hello')).map((flow) => flow.version)).toEqual([2]);
  });
});
