import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessAgent, silentAgentLogger } from '../src/index.js';
import { branchingFlow, loopingFlow } from './fixtures/branching-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { finalStates } from './support/waiting.js';

interface TaskRunHistory {
  state: string;
  result: unknown;
  history: { state: string; message: string | null; loopCount: unknown }[];
}

const TASK_RUN_STATES = `query($id: ID!) { taskRun(id: $id) { states { state message serializedState } } }`;

/** Every task run of a flow run by task name: its state, its checkpointed result and its history. */
async function taskRuns(client: Client, flowRunId: string): Promise<Map<string, TaskRunHistory>> {
  const runs = new Map<string, TaskRunHistory>();
  for (const run of (await client.listTaskRuns({ flowRunId })).nodes) {
    const { taskRun } = await client.graphql<{
      taskRun: {
        states: { state: string; message: string | null; serializedState: Record<string, unknown> }[];
      };
    }>(TASK_RUN_STATES, { id: run.id });
    const result = run.serializedState._result as { value?: unknown } | undefined;
    runs.set(run.task.name, {
      state: run.state,
      result: result?.value,
      history: taskRun.states.map((s) => ({
        state: s.state,
        message: s.message,
        loopCount: s.serializedState.loop_count,
      })),
    });
  }
  return runs;
}

describe('branching and looping flows run by a process agent from Local storage', () => {
  let server: AgentTestServer;
  let flowIds: Map<string, string>;
  let stopAgent: () => Promise<void>;

  beforeAll(async () => {
    server = await startAgentTestServer();
    flowIds = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      branchingFlow,
      loopingFlow,
    ]);
    const agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      runEnv: {
        HEADWATER__HOME_DIR: join(server.scratch, 'run-home'),
        HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
      },
    });
    const stopped = agent.start();
    stopAgent = async () => {
      await agent.stop();
      await stopped;
    };
  }, 120_000);
  afterAll(async () => {
    await stopAgent?.();
    await server?.close();
  });

  it('registers the gates and the merge under their type names', async () => {
    const flow = await server.admin.getFlow(flowIds.get('branching')!);
    const types = flow.tasks.map((t) => t.type);
    expect(types.filter((t) => t === '@headwater/core:CompareValue')).toHaveLength(2);
    expect(types).toContain('@headwater/core:Merge');
  });

  it('runs the branch taken, skips the other one, and merges the result', async () => {
    const create = (n: number) =>
      server.admin.createFlowRun({ flowId: flowIds.get('branching')!, parameters: { n } });
    const [big, small] = [(await create(42)).id, (await create(3)).id];
    const states = await finalStates(server.admin, [big, small], 50_000);
    expect([states.get(big), states.get(small)]).toEqual(['Success', 'Success']);

    const bigRuns = await taskRuns(server.admin, big);
    expect(bigRuns.get('shout')).toMatchObject({ state: 'Success', result: 'BIG 42' });
    expect(bigRuns.get('count')?.state).toBe('Skipped');
    expect(bigRuns.get('count')?.history.at(-1)?.message).toMatch(/Upstream task was skipped/);
    expect(bigRuns.get('Merge')).toMatchObject({ state: 'Success', result: 'BIG 42' });
    expect(bigRuns.get('report')).toMatchObject({ state: 'Success', result: 'said BIG 42' });
    expect(bigRuns.get('CompareValue: false')?.history.at(-1)).toMatchObject({
      state: 'Skipped',
      message: 'Provided value true did not match false.',
    });

    const smallRuns = await taskRuns(server.admin, small);
    expect(smallRuns.get('shout')?.state).toBe('Skipped');
    expect(smallRuns.get('count')).toMatchObject({ state: 'Success', result: 3 });
    expect(smallRuns.get('report')).toMatchObject({ state: 'Success', result: 'said 3' });
  }, 55_000);

  it('shows each iteration of a looping task as Looped, then Success with the carried result', async () => {
    const { id } = await server.admin.createFlowRun({ flowId: flowIds.get('looping')! });
    expect((await finalStates(server.admin, [id], 50_000)).get(id)).toBe('Success');
    const accumulate = (await taskRuns(server.admin, id)).get('accumulate')!;
    expect(
      accumulate.history.map((s) => (s.state === 'Looped' ? `Looped(${s.loopCount})` : s.state)),
    ).toEqual([
      'Pending',
      'Running',
      'Looped(1)',
      'Running',
      'Looped(2)',
      'Running',
      'Looped(3)',
      'Running',
      'Success',
    ]);
    expect(accumulate.result).toBe(6);
  }, 55_000);
});
