import { join } from 'node:path';
import { type Client, VersionLockError } from '@headwater/client';
import { VERSION } from '@headwater/core';
import { requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  type AgentOptions,
  AgentTokenError,
  createProcessAgent,
  type ProcessPlatformOptions,
  silentAgentLogger,
} from '../src/index.js';
import {
  countingFlow,
  failingFlow,
  labelledFlow,
  retryLaterFlow,
  slowFlowNoRetries,
  timeoutFlow,
} from './fixtures/counting-flows.js';
import { versionedFlow as versionedV1 } from './fixtures/versioned-v1.js';
import { versionedFlow as versionedV2 } from './fixtures/versioned-v2.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { eventually, finalStates, readMarks } from './support/waiting.js';

const postgres = requireTestEnv(['databaseUrl']);

/** A running in-process agent and how to stop it. */
interface RunningAgent {
  agent: Agent;
  stopped: Promise<void>;
  stop(): Promise<void>;
}

describe.runIf(postgres.available)('process agents against a real server on PostgreSQL', () => {
  let server: AgentTestServer;
  let flowIds: Map<string, string>;
  let admin: Client;
  const running: RunningAgent[] = [];

  beforeAll(async () => {
    server = await startAgentTestServer({
      databaseUrl: postgres.available ? postgres.env.databaseUrl : undefined,
    });
    admin = server.admin;
    flowIds = await deployLocalFlows(admin, server.projectName, join(server.scratch, 'flows'), [
      countingFlow,
      labelledFlow,
      failingFlow,
      timeoutFlow,
      retryLaterFlow,
      slowFlowNoRetries,
    ]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await server?.close();
  });

  function startAgent(options: Partial<AgentOptions> & ProcessPlatformOptions = {}): RunningAgent {
    const agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500, 1000],
      runEnv: {
        HEADWATER__HOME_DIR: join(server.scratch, 'run-home'),
        HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.5',
        HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL: '0.5',
        HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
      },
      ...options,
    });
    const stopped = agent.start();
    const handle: RunningAgent = {
      agent,
      stopped,
      stop: async () => {
        await agent.stop();
        await stopped;
      },
    };
    running.push(handle);
    return handle;
  }

  const sideEffects = (name: string) => join(server.scratch, `${name}.log`);

  async function createRuns(
    flowName: string,
    count: number,
    parameters: Record<string, unknown>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await admin.createFlowRun({ flowId: flowIds.get(flowName)!, parameters })).id);
    }
    return ids;
  }

  const errorLogs = async (flowRunId: string) =>
    (await admin.getLogs({ flowRunId, first: 500 })).nodes
      .filter((log) => log.level === 'ERROR')
      .map((l) => l.message);

  it('refuses to poll without a RUNNER token, saying what to do', async () => {
    const base = { api: server.api, env: {}, logger: silentAgentLogger };
    const none = createProcessAgent(base);
    const missing = await none.start().catch((error: unknown) => error);
    expect(AgentTokenError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('--token');

    const user = createProcessAgent({
      ...base,
      token: (await admin.createApiToken({ name: 'user', scope: 'USER' })).token,
    });
    const wrongScope = await user.start().catch((error: unknown) => error);
    expect(AgentTokenError.isInstance(wrongScope)).toBe(true);
    expect((wrongScope as AgentTokenError).scope).toBe('USER');
    expect((wrongScope as Error).message).toMatch(/USER scope; agents need a RUNNER token/);
    expect((await admin.graphql<{ agents: unknown[] }>('{ agents { id } }')).agents).toEqual([]);
  });

  it('five agents racing over 200 runs execute every run exactly once', async () => {
    const file = sideEffects('race');
    const ids = await createRuns('counting', 200, { log: file });
    const agents = Array.from({ length: 5 }, (_, i) => startAgent({ name: `racer-${i}`, maxConcurrent: 4 }));
    const states = await finalStates(admin, ids, 540_000);
    await Promise.all(agents.map((a) => a.stop()));

    expect([...states.values()].filter((state) => state !== 'Success')).toEqual([]);
    const marks = readMarks(file);
    for (const id of ids) {
      expect(marks.filter((m) => m.flowRunId === id).map((m) => m.what)).toEqual(['first', 'second']);
    }
    expect(marks).toHaveLength(400);
    // One claim and one start per run, whoever won them.
    const page = await admin.listFlowRuns({ ids: ids.slice(0, 50), first: 50 });
    for (const run of page.nodes) {
      const history = (await admin.getFlowRunStates(run.id)).map((s) => s.state);
      expect(history).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
      expect(agents.map((a) => a.agent.id)).toContain(run.agentId);
    }
    const registered = (
      await admin.graphql<{ agents: { name: string; type: string; coreVersion: string }[] }>(
        '{ agents { name type coreVersion } }',
      )
    ).agents;
    expect(registered.filter((a) => a.name.startsWith('racer-'))).toHaveLength(5);
    expect(registered.every((a) => a.type === 'ProcessAgent' && a.coreVersion === VERSION)).toBe(true);
  }, 600_000);

  it('wakes on run updates instead of waiting for its next poll', async () => {
    const file = sideEffects('wake');
    // After its first (empty) poll this agent would wait two minutes; the run update wakes it.
    const agent = startAgent({ name: 'listener', pollBackoffMs: [120_000] });
    await eventually('the agent to have polled once', async () => {
      const { agents } = await admin.graphql<{ agents: { name: string; lastQueried: string | null }[] }>(
        '{ agents { name lastQueried } }',
      );
      return agents.find((a) => a.name === 'listener')?.lastQueried ?? undefined;
    });
    const [id] = await createRuns('counting', 1, { log: file });
    expect((await finalStates(admin, [id!], 60_000)).get(id!)).toBe('Success');
    await agent.stop();
  });

  it('ends runs whose task throws or times out Failed, with the reason in their logs', async () => {
    const file = sideEffects('failures');
    const agent = startAgent({ name: 'failures' });
    const [failing] = await createRuns('failing', 1, { log: file });
    const [slow] = await createRuns('timeout', 1, { log: file });
    const states = await finalStates(admin, [failing!, slow!]);
    await agent.stop();

    expect(states.get(failing!)).toBe('Failed');
    const failure = (await errorLogs(failing!)).join('\n');
    expect(failure).toContain('the warehouse is on fire');
    // The stack points at the flow's own source, not at the bundle.
    expect(failure).toMatch(/counting-flows\.ts:\d+:\d+/);
    expect(states.get(slow!)).toBe('Failed');
    const timedOut = (await admin.listTaskRuns({ flowRunId: slow! })).nodes.find((t) =>
      t.taskSlug.startsWith('sleepy'),
    );
    expect(timedOut).toMatchObject({ state: 'TimedOut', stateMessage: 'Task timed out after 300 ms.' });
    expect((await errorLogs(slow!)).join('\n')).toContain('TimedOut');
    expect(
      readMarks(file)
        .map((m) => m.what)
        .sort(),
    ).toEqual(['explode', 'sleep']);
  });

  it('resumes a retry when the run is taken up again after its first process let it go', async () => {
    const file = sideEffects('retry');
    const agent = startAgent({
      name: 'retries',
      runEnv: {
        HEADWATER__HOME_DIR: join(server.scratch, 'run-home'),
        HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT: '0.5',
        HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
      },
    });
    const [id] = await createRuns('retry-later', 1, { log: file });
    const states = await finalStates(admin, [id!]);
    await agent.stop();

    expect(states.get(id!)).toBe('Success');
    const marks = readMarks(file).filter((m) => m.flowRunId === id);
    expect(marks.map((m) => m.what)).toEqual(['attempt-1', 'attempt-2']);
    const taskRun = (await admin.listTaskRuns({ flowRunId: id! })).nodes.find((t) =>
      t.taskSlug.startsWith('flaky'),
    );
    const history = (
      await admin.graphql<{ taskRun: { states: { state: string }[] } }>(
        'query($id: ID!) { taskRun(id: $id) { states { state } } }',
        {
          id: taskRun!.id,
        },
      )
    ).taskRun.states.map((s) => s.state);
    expect(history).toEqual(['Pending', 'Running', 'Failed', 'Retrying', 'Submitted', 'Running', 'Success']);
    const logs = (await admin.getLogs({ flowRunId: id!, first: 500 })).nodes.map((l) => l.message);
    expect(logs.some((m) => m.includes('left for later'))).toBe(true);
  });

  it('gives a labelled run only to an agent carrying all its labels', async () => {
    const file = sideEffects('labels');
    const plain = startAgent({ name: 'plain' });
    const gpu = startAgent({ name: 'gpu-ssd', labels: ['gpu', 'ssd'] });
    const ssd = startAgent({ name: 'ssd-only', labels: ['ssd'] });
    const labelled = await createRuns('labelled', 4, { log: file });
    const unlabelled = await createRuns('counting', 4, { log: file });
    await finalStates(admin, [...labelled, ...unlabelled]);
    await Promise.all([plain.stop(), gpu.stop(), ssd.stop()]);

    const runs = (await admin.listFlowRuns({ ids: [...labelled, ...unlabelled], first: 50 })).nodes;
    for (const run of runs) {
      expect(run.state).toBe('Success');
      expect(run.agentId).toBe(labelled.includes(run.id) ? gpu.agent.id : plain.agent.id);
      expect(run.labels).toEqual(labelled.includes(run.id) ? ['gpu'] : []);
    }
    expect(ssd.agent.id).toBeDefined();
  });

  it('never claims a run whose storage it cannot start: the run says which agent it waits for', async () => {
    const project = (await admin.getProject(server.projectName))!;
    const dockerOnly = countingFlow.serialize();
    const { id: flowId } = await admin.createFlow(
      {
        ...dockerOnly,
        name: 'docker-only',
        storage: {
          type: 'Docker',
          registry_url: '127.0.0.1:5000',
          image_name: 'docker-only',
          image_tag: 'v1',
          flows: { 'docker-only': '/opt/headwater/flows.mjs' },
          __version__: VERSION,
        },
      } as never,
      { projectId: project.id },
    );
    const file = sideEffects('refused');
    const agent = startAgent({ name: 'refusals' });
    const waiting = (await admin.createFlowRun({ flowId, parameters: { log: file } })).id;
    const [after] = await createRuns('counting', 1, { log: file });
    const states = await finalStates(admin, [after!]);
    await eventually('the agent to say which storage types it runs', async () =>
      agent.agent.storageTypes.length > 0 ? true : undefined,
    );
    await agent.stop();

    expect(states.get(after!)).toBe('Success');
    expect(agent.agent.storageTypes).toEqual(['Local']);
    expect((await admin.getFlowRunStates(waiting)).map((s) => s.state)).toEqual(['Scheduled']);
    const { flowRun } = await admin.graphql<{ flowRun: { waitingFor: string | null } }>(
      'query ($id: ID!) { flowRun(id: $id) { waitingFor } }',
      { id: waiting },
    );
    expect(flowRun.waitingFor).toMatch(/Docker storage.*headwater agent start docker/);
    expect(readMarks(file).map((m) => m.flowRunId)).toEqual([after, after]);
    await admin.setFlowRunState(waiting, (await admin.getFlowRun(waiting)).version, {
      type: 'Cancelled',
      message: 'test over',
    });
  });

  it('fails a run whose storage cannot start it here, with the storage’s reason in its logs, and keeps going', async () => {
    const project = (await admin.getProject(server.projectName))!;
    const { id: flowId } = await admin.createFlow(
      {
        ...countingFlow.serialize(),
        name: 'elsewhere',
        storage: {
          type: 'Local',
          directory: '/nonexistent/headwater-flows',
          flows: { elsewhere: '/nonexistent/headwater-flows/elsewhere/flows.mjs' },
          __version__: VERSION,
        },
      } as never,
      { projectId: project.id },
    );
    const file = sideEffects('elsewhere');
    const agent = startAgent({ name: 'elsewhere' });
    const refused = (await admin.createFlowRun({ flowId, parameters: { log: file } })).id;
    const [after] = await createRuns('counting', 1, { log: file });
    const states = await finalStates(admin, [refused, after!]);
    await agent.stop();

    expect(states.get(refused)).toBe('Failed');
    expect((await errorLogs(refused)).join('\n')).toMatch(
      /could not start flow run .*: its Local storage says: .*bundle of flow "elsewhere" is not on this machine/,
    );
    expect(states.get(after!)).toBe('Success');
    expect(readMarks(file).map((m) => m.flowRunId)).toEqual([after, after]);
  });

  it('never runs a rebuilt bundle in a process that loaded the old one', async () => {
    const file = sideEffects('versions');
    const directory = join(server.scratch, 'versioned-flows');
    const agent = startAgent({ name: 'versions' });
    const first = (await deployLocalFlows(admin, server.projectName, directory, [versionedV1])).get(
      'versioned',
    )!;
    const { id: one } = await admin.createFlowRun({ flowId: first, parameters: { log: file } });
    await finalStates(admin, [one]);
    // The agent now keeps a process that loaded version 1 for the next run of this bundle.
    const second = (await deployLocalFlows(admin, server.projectName, directory, [versionedV2])).get(
      'versioned',
    )!;
    const { id: two } = await admin.createFlowRun({ flowId: second, parameters: { log: file } });
    const { id: three } = await admin.createFlowRun({ flowId: second, parameters: { log: file } });
    const states = await finalStates(admin, [two, three]);
    await agent.stop();

    expect([...states.values()]).toEqual(['Success', 'Success']);
    const marks = readMarks(file);
    expect([one, two, three].map((id) => marks.find((m) => m.flowRunId === id)?.what)).toEqual([
      'v1',
      'v2',
      'v2',
    ]);
  });

  it('on stop, waits for its runs, then stops them and hands them back to the queue', async () => {
    const file = sideEffects('handback');
    const agent = startAgent({ name: 'stopping', shutdownTimeoutMs: 500 });
    const [id] = await createRuns('slow-no-retries', 1, { log: file });
    await eventually('the slow task to start', async () => (readMarks(file).length > 0 ? true : undefined));
    await agent.stop();

    const run = await admin.getFlowRun(id!);
    expect(run.state).toBe('Scheduled');
    expect(run.stateMessage).toContain('Handed back by agent stopping');
    const taskRun = (await admin.listTaskRuns({ flowRunId: id! })).nodes.find((t) =>
      t.taskSlug.startsWith('slow'),
    );
    expect(taskRun!.state).toBe('Pending');
    expect(agent.agent.heldRuns).toEqual([]);
    // The run is claimable again, by version, like any Scheduled run.
    const claimed = await admin.setFlowRunState(id!, run.version, {
      type: 'Cancelled',
      message: 'test over',
    });
    expect(claimed.state).toBe('Cancelled');
    await expect(admin.setFlowRunState(id!, run.version, { type: 'Cancelled' })).rejects.toSatisfy(
      VersionLockError.isInstance,
    );
  });
});
