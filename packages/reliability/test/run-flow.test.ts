import { deserializeState, readResult } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, parent } from './fixtures/parent-and-child.js';
import type { HeadwaterProcess } from './support/headwater-process.js';
import { runHeadwater } from './support/headwater-process.js';
import {
  databases,
  deployLocalFlows,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState } from './support/waiting.js';

const RUNS = `query familyRuns($filter: FlowRunFilter) { flowRuns(filter: $filter, first: 500) {
  nodes { id state parentTaskRunId parentFlowRunId
    taskRuns { id taskSlug state stateMessage serializedState } } } }`;

interface FamilyRun {
  id: string;
  state: string;
  parentTaskRunId: string | null;
  parentFlowRunId: string | null;
  taskRuns: {
    id: string;
    taskSlug: string;
    state: string;
    stateMessage: string | null;
    serializedState: unknown;
  }[];
}

async function runsOf(server: ServerUnderTest, flowId: string): Promise<FamilyRun[]> {
  return (await server.admin.graphql<{ flowRuns: { nodes: FamilyRun[] } }>(RUNS, { filter: { flowId } }))
    .flowRuns.nodes;
}

const taskRun = (run: FamilyRun, slug: string) =>
  run.taskRuns.find((candidate) => candidate.taskSlug.startsWith(slug))!;

describe.each(databases)(
  'runFlow: a parent flow run starting a child on process agents, on %s',
  (database) => {
    let server: ServerUnderTest;
    let flows: Map<string, string>;
    let agent: HeadwaterProcess;

    beforeAll(async () => {
      server = await startServerUnderTest({ database });
      flows = await deployLocalFlows(server, [child, parent]);
      // Two slots: the parent's process waits while the child's runs.
      agent = startProcessAgent(server, await runnerToken(server), {
        args: ['--max-concurrent', '2'],
        runEnv: { HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2' },
      });
    }, 120_000);
    afterAll(async () => {
      await agent?.stop('SIGKILL');
      await server?.close();
    });

    it('gets the child run’s result; the child names its parent task run', async () => {
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('parent')!,
        parameters: { n: 21 },
      });
      expect(await finalState(server.admin, id, 60_000)).toBe('Success');
      const [parent] = (await runsOf(server, flows.get('parent')!)).filter((run) => run.id === id);
      expect(await readResult(deserializeState(taskRun(parent!, 'report').serializedState))).toBe(
        'child said 42',
      );
      const children = (await runsOf(server, flows.get('child')!)).filter(
        (run) => run.parentFlowRunId === id,
      );
      expect(children).toHaveLength(1);
      expect(children[0]!.state).toBe('Success');
      expect(children[0]!.parentTaskRunId).toBe(taskRun(parent!, 'run-child').id);

      const described = await runHeadwater(['describe', 'flow-run', '--id', children[0]!.id, '--json'], {
        env: server.env(),
      });
      expect(described.code, described.output).toBe(0);
      expect(described.output).toContain(`"parentFlowRunId": "${id}"`);
      expect(described.output).toContain(
        `Started by task run ${children[0]!.parentTaskRunId} of flow run ${id}`,
      );
      const listed = await runHeadwater(['get', 'flow-runs', '--flow', 'child'], { env: server.env() });
      expect(listed.output).toMatch(/PARENT RUN/);
      expect(listed.output).toContain(id);
    }, 120_000);

    it('fails the parent task with the child’s error, and a restarted parent starts no second child', async () => {
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('parent')!,
        parameters: { n: -1 },
      });
      expect(await finalState(server.admin, id, 60_000)).toBe('Failed');
      const parentRun = async () =>
        (await runsOf(server, flows.get('parent')!)).find((run) => run.id === id)!;
      const failed = taskRun(await parentRun(), 'run-child');
      expect(failed.state).toBe('Failed');
      expect(failed.stateMessage).toContain('negative n: -1');
      const childrenOf = async () =>
        (await runsOf(server, flows.get('child')!)).filter((run) => run.parentFlowRunId === id);
      expect(await childrenOf()).toHaveLength(1);

      const restart = await runHeadwater(['restart', 'flow-run', id], { env: server.env() });
      expect(restart.code, restart.output).toBe(0);
      await eventually(
        'the restarted parent to run again',
        async () => {
          const run = await parentRun();
          return run.state === 'Failed' &&
            taskRun(run, 'run-child').id === failed.id &&
            run.taskRuns.length > 0
            ? (await server.admin.getFlowRunStates(id)).filter((state) => state.state === 'Failed').length >=
                2 || undefined
            : undefined;
        },
        60_000,
      );
      const children = await childrenOf();
      expect(children).toHaveLength(1);
      expect(taskRun(await parentRun(), 'run-child').stateMessage).toContain('negative n: -1');
    }, 120_000);
  },
);
