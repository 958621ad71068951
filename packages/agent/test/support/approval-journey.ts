import type { Client, TaskRunSummary } from '@headwater/client';
import { expect } from 'vitest';
import { eventually, finalStates } from './waiting.js';

/** The task runs of a flow run by task name. */
async function taskRunsByName(client: Client, flowRunId: string): Promise<Map<string, TaskRunSummary>> {
  const runs = (await client.listTaskRuns({ flowRunId, first: 50 })).nodes;
  return new Map(runs.map((run) => [run.task.name, run]));
}

/** The states a task run went through, oldest first. */
async function historyOf(client: Client, taskRunId: string): Promise<string[]> {
  const data = await client.graphql<{ taskRun: { states: { state: string }[] } }>(
    'query($id: ID!) { taskRun(id: $id) { states { state } } }',
    { id: taskRunId },
  );
  return data.taskRun.states.map((s) => s.state);
}

/**
 * The approval journey an agent runs, up to the resume: the run starts, `prepare` succeeds,
 * `approve` pauses and the flow run is left Paused with no wake-up time by a process that
 * ended (`released` checks that nothing holds the run any more).
 */
export async function runUntilPaused(
  client: Client,
  flowId: string,
  released: (flowRunId: string) => Promise<boolean>,
): Promise<{ flowRunId: string }> {
  const { id } = await client.createFlowRun({ flowId });
  const run = await eventually(
    'the flow run to be left Paused',
    async () => {
      const current = await client.getFlowRun(id);
      if (['Failed', 'Success', 'Cancelled'].includes(current.state))
        throw new Error(`The run ended ${current.state} (${current.stateMessage}) instead of pausing.`);
      return current.state === 'Paused' ? current : undefined;
    },
    80_000,
  );
  expect(run.stateStartTime).toBeNull();
  const tasks = await taskRunsByName(client, id);
  expect(tasks.get('prepare')?.state).toBe('Success');
  expect(tasks.get('approve')).toMatchObject({ state: 'Paused', stateStartTime: null, runCount: 0 });
  expect(tasks.get('publish')?.state).toBe('Pending');
  await eventually('the run to hold no process or agent slot', async () =>
    (await released(id)) ? true : undefined,
  );
  return { flowRunId: id };
}

/** Resumes the run with the client and checks it finishes, `approve` having run exactly once. */
export async function resumeToSuccess(client: Client, flowRunId: string): Promise<void> {
  const resumed = await client.resumeFlowRun(flowRunId);
  expect(resumed.state).toBe('Scheduled');
  expect(resumed.taskRuns.map((t) => [t.task.name, t.state])).toEqual([['approve', 'Resume']]);
  const [final] = [...(await finalStates(client, [flowRunId], 80_000)).values()];
  expect(final).toBe('Success');
  const tasks = await taskRunsByName(client, flowRunId);
  const approve = tasks.get('approve')!;
  expect(approve.runCount).toBe(1);
  expect(await historyOf(client, approve.id)).toEqual(['Pending', 'Paused', 'Resume', 'Running', 'Success']);
  expect(await historyOf(client, tasks.get('prepare')!.id)).toEqual(['Pending', 'Running', 'Success']);
  expect(tasks.get('publish')?.state).toBe('Success');
  const logs = (await client.getLogs({ flowRunId, first: 500 })).nodes.map((log) => log.message);
  expect(logs.filter((message) => message === 'approved: publishing')).toHaveLength(1);
}
