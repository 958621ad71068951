import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, startAgentProcess } from './helpers/agent-process.js';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const replayFixture = join(fixtures, 'replay-flow.ts');

describe('headwater run local', () => {
  let home: string;
  const cli = (...args: string[]) => runCli(args, { env: { HOME: home } });

  beforeAll(() => {
    ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'headwater-run-local-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('runs a flow file in this process with --param, prints each task state and exits 0 on Success', async () => {
    const result = await cli('run', 'local', join(fixtures, 'hello-flow.ts'), '--param', 'name=Ada');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}Success\s+greet-1$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Flow "cli-hello" finished: Success/);
  });

  it('exits 1 when a task fails, with the task’s error and stack', async () => {
    const result = await cli('run', 'local', join(fixtures, 'failing-flow.ts'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}Failed\s+explode-1\s+.*this task always fails/m);
    expect(result.stderr).toMatch(/Error: this task always fails\n\s+at .*failing-flow\.ts/);
    expect(result.stdout).toMatch(/finished: Failed/);
  });

  it('types --param values as run flow does and checks them against the parameter schemas', async () => {
    const checked = join(fixtures, 'checked-flow.ts');
    const typed = await cli('run', 'local', checked, '--param', 'x=2', '--param', 'label=123', '--json');
    expect(typed.code, typed.stderr).toBe(0);
    const document = JSON.parse(typed.stdout);
    expect(document).toMatchObject({
      flow: 'cli-checked',
      state: 'Success',
      parameters: { x: 2, label: '123' },
    });
    const refused = await cli('run', 'local', checked, '--param', 'x=notanumber');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/parameters\.x: expected number, got string "notanumber"/);
  });

  it('asks for --flow when the file exports several flows', async () => {
    const result = await cli('run', 'local', join(fixtures, 'two-flows.ts'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /exports several flows \("cli-first", "cli-second"\): choose one with --flow/,
    );
  });
});

describe('headwater run local --from-run, against a real server and process agent', () => {
  let home: string;
  let scratch: string;
  let server: ServerProcess;
  let agent: AgentProcess;
  let client: Client;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { env });
  const marks = () =>
    existsSync(join(scratch, 'marks')) ? readFileSync(join(scratch, 'marks'), 'utf8').trim().split('\n') : [];

  beforeAll(async () => {
    ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'headwater-replay-'));
    scratch = mkdtempSync(join(tmpdir(), 'headwater-replay-scratch-'));
    server = await startServerProcess([], { HOME: home });
    env = { HOME: home, HEADWATER__CLOUD__API: server.api, HEADWATER__CLOUD__AUTH_TOKEN: server.adminToken };
    client = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    expect((await cli('create', 'project', 'Replay')).code).toBe(0);
    for (const flow of ['cli-replay', 'cli-replay-files']) {
      const deployed = await runCli(
        ['deploy', replayFixture, '--project', 'Replay', '--flow', flow, '--storage', 'local'],
        { env: { ...env, REPLAY_DIR: scratch } },
      );
      expect(deployed.code, deployed.stderr).toBe(0);
    }
    const runner = await cli('auth', 'create-token', '--name', 'replay-agent', '--scope', 'RUNNER');
    expect(runner.code, runner.stderr).toBe(0);
    agent = startAgentProcess(['process', '--token', runner.stdout.trim()], {
      HOME: home,
      HEADWATER__CLOUD__API: server.api,
      REPLAY_DIR: scratch,
    });
  });

  afterAll(async () => {
    await agent?.stop();
    await server?.stop();
    for (const dir of [home, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A run of `flowName` the agent executes while the `broken` marker exists: it ends Failed at `load`. */
  async function failedRun(flowName: string) {
    writeFileSync(join(scratch, 'broken'), '');
    rmSync(join(scratch, 'marks'), { force: true });
    const flow = (await client.listFlows({ name: flowName })).nodes[0]!;
    const created = await client.createFlowRun({ flowId: flow.id, parameters: { day: '2026-05-01' } });
    const state = await finalState(created.id);
    expect(state, agent.output()).toBe('Failed');
    expect(marks()).toEqual(['extract', 'load 2 rows of 2026-01-02 for 2026-05-01']);
    rmSync(join(scratch, 'broken'));
    rmSync(join(scratch, 'marks'));
    return created;
  }

  /** The run's state once it is finished. */
  async function finalState(flowRunId: string): Promise<string> {
    for (;;) {
      const run = await client.getFlowRun(flowRunId);
      if (['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(run.state)) return run.state;
      await sleep(250);
    }
  }

  it('does not run the task that succeeded, hands its checkpointed result on, and re-runs the failed one', async () => {
    const run = await failedRun('cli-replay');
    const replayed = await runCli(['run', 'local', replayFixture, '--from-run', run.id], {
      env: { ...env, REPLAY_DIR: scratch },
    });
    expect(replayed.code, `${replayed.stdout}\n${replayed.stderr}`).toBe(0);
    expect(marks()).toEqual(['load 2 rows of 2026-01-02 for 2026-05-01']);
    expect(replayed.stdout).toMatch(
      new RegExp(`^ {2}Success\\s+extract-1\\s+\\(from ${run.name}; not run\\)$`, 'm'),
    );
    expect(replayed.stdout).toMatch(/^ {2}Success\s+load-1$/m);
    expect(replayed.stdout).toMatch(/Flow "cli-replay" finished: Success/);
    expect(replayed.stderr).toMatch(/Running from load-1\./);
    expect(replayed.stderr).not.toMatch(/Could not fetch/);
    expect((await client.getFlowRun(run.id)).state).toBe('Failed');
  });

  it('names an upstream result it cannot fetch, says why, and runs that task again', async () => {
    const run = await failedRun('cli-replay-files');
    rmSync(join(scratch, 'results'), { recursive: true });
    const replayed = await runCli(['run', 'local', replayFixture, '--from-run', run.name, '--json'], {
      env: { ...env, REPLAY_DIR: scratch },
    });
    expect(replayed.code, `${replayed.stdout}\n${replayed.stderr}`).toBe(0);
    expect(replayed.stderr).toMatch(
      /Could not fetch the result of extract-1: its result could not be read: Could not read the result file .*results\/.*\.json.*\. Running extract-1 again here\./,
    );
    expect(marks()).toEqual(['extract', 'load 2 rows of 2026-01-02 for 2026-05-01']);
    const document = JSON.parse(replayed.stdout);
    expect(document).toMatchObject({
      flow: 'cli-replay-files',
      state: 'Success',
      parameters: { day: '2026-05-01' },
      replay: { flowRun: { id: run.id, name: run.name, state: 'Failed' }, reused: [] },
    });
    expect(
      document.replay.rerun.map((task: { slug: string; kind: string }) => [task.slug, task.kind]),
    ).toEqual([
      ['extract-1', 'unavailable'],
      ['load-1', 'unfinished'],
    ]);
  });
});
