import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { repoRoot, requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { slowFlowNoRetries, slowRetriedFlow } from './fixtures/counting-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { eventually, finalStates, readMarks } from './support/waiting.js';

const postgres = requireTestEnv(['databaseUrl']);

const RUN_ENV = {
  HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.5',
  HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
};

describe.runIf(postgres.available)('an agent killed with its run process mid-run', () => {
  let server: AgentTestServer;
  let admin: Client;
  let flowIds: Map<string, string>;
  const children: ChildProcess[] = [];
  const agents: { agent: Agent; stopped: Promise<void> }[] = [];

  beforeAll(async () => {
    server = await startAgentTestServer({
      databaseUrl: postgres.available ? postgres.env.databaseUrl : undefined,
      services: {
        scheduler: false,
        zombieKiller: { intervalMs: 500, heartbeatTimeoutMs: 3000 },
        lazarus: { intervalMs: 500, heartbeatTimeoutMs: 3000 },
      },
    });
    admin = server.admin;
    flowIds = await deployLocalFlows(admin, server.projectName, join(server.scratch, 'flows'), [
      slowRetriedFlow,
      slowFlowNoRetries,
    ]);
  }, 300_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const { agent, stopped } of agents) {
      await agent.stop();
      await stopped;
    }
    await server?.close();
  });

  /** An agent in its own process (the one that gets killed). */
  function agentProcess(name: string): ChildProcess {
    const options = {
      name,
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'home') },
      runEnv: RUN_ENV,
      pollBackoffMs: [100, 250, 500],
      listen: false,
    };
    const child = spawn(
      process.execPath,
      [
        '--conditions=@headwater/source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'support', 'agent-main.ts'),
        JSON.stringify(options),
      ],
      { cwd: repoRoot, stdio: 'ignore' },
    );
    children.push(child);
    return child;
  }

  /** A second agent, in this process, that takes over; stop it before the next test starts runs. */
  function rescuer(name: string): Agent {
    const agent = createProcessAgent({
      name,
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'home') },
      runEnv: RUN_ENV,
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
    });
    agents.push({ agent, stopped: agent.start() });
    return agent;
  }

  async function stopAgent(agent: Agent): Promise<void> {
    const entry = agents.find((a) => a.agent === agent)!;
    await agent.stop();
    await entry.stopped;
  }

  /** Starts a run with a first agent, then kills that agent and the run's process once the task is running. */
  async function startAndKill(flowName: string, file: string): Promise<{ id: string; killedPid: number }> {
    const first = agentProcess(`doomed-${flowName}`);
    const { id } = await admin.createFlowRun({ flowId: flowIds.get(flowName)!, parameters: { log: file } });
    const started = await eventually('the task to start', async () =>
      readMarks(file).find((mark) => mark.flowRunId === id && mark.what === 'started-1'),
    );
    // The agent dies first, so it cannot see its run's process die.
    const agentGone = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await agentGone;
    process.kill(started.pid, 'SIGKILL');
    return { id, killedPid: started.pid };
  }

  const taskHistory = async (flowRunId: string) => {
    const taskRun = (await admin.listTaskRuns({ flowRunId })).nodes.find((t) =>
      t.taskSlug.startsWith('slow'),
    );
    return (
      await admin.graphql<{ taskRun: { states: { state: string; message: string | null }[] } }>(
        'query($id: ID!) { taskRun(id: $id) { states { state message } } }',
        { id: taskRun!.id },
      )
    ).taskRun.states;
  };

  it('retries the task through the zombie killer: the run succeeds and the work is done once', async () => {
    const file = join(server.scratch, 'retried.log');
    const { id, killedPid } = await startAndKill('slow-retried', file);
    const rescuing = rescuer('rescuer-retried');
    expect((await finalStates(admin, [id])).get(id)).toBe('Success');
    await stopAgent(rescuing);

    const marks = readMarks(file).filter((mark) => mark.flowRunId === id);
    expect(marks.map((mark) => mark.what)).toEqual(['started-1', 'started-2', 'done']);
    expect(marks[1]!.pid).not.toBe(killedPid);
    const history = await taskHistory(id);
    expect(history.map((s) => s.state)).toEqual([
      'Pending',
      'Running',
      'Retrying',
      'Submitted',
      'Running',
      'Success',
    ]);
    expect(history[2]!.message).toContain('No heartbeat detected');
    const logs = (await admin.getLogs({ flowRunId: id, first: 500 })).nodes;
    expect(logs.some((log) => log.name === 'headwater.server.zombie-killer' && log.level === 'ERROR')).toBe(
      true,
    );
  });

  it('fails the task and lets lazarus finish the run when no retry is left: nothing runs twice', async () => {
    const file = join(server.scratch, 'no-retries.log');
    const { id } = await startAndKill('slow-no-retries', file);
    const rescuing = rescuer('rescuer-lazarus');
    expect((await finalStates(admin, [id])).get(id)).toBe('Failed');
    await stopAgent(rescuing);

    expect(
      readMarks(file)
        .filter((mark) => mark.flowRunId === id)
        .map((mark) => mark.what),
    ).toEqual(['started-1']);
    expect((await taskHistory(id)).map((s) => s.state)).toEqual(['Pending', 'Running', 'Failed']);
    const flowHistory = (await admin.getFlowRunStates(id)).map((s) => s.state);
    expect(flowHistory).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
      'Scheduled',
      'Submitted',
      'Running',
      'Failed',
    ]);
    const logs = (await admin.getLogs({ flowRunId: id, first: 500 })).nodes;
    expect(logs.some((log) => log.name === 'headwater.server.lazarus')).toBe(true);
  });
});
