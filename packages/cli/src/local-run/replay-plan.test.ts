import type { FlowRunInfo } from '@headwater/client';
import { Flow, JSONResultHandler, Parameter, task } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { replayPlan } from './replay-plan.js';

/** `extract` (a Map) → `load` (fails); `note` keeps no checkpoint and feeds `load`; `audit` keeps none and feeds nothing. */
function etl() {
  const flow = new Flow('etl', { module: null, resultHandler: new JSONResultHandler() });
  const day = new Parameter('day', { default: '2026-01-01' });
  const extract = flow.add(task(() => new Map([['a', 1]]), { name: 'extract' }));
  const note = flow.add(task(() => 'kept nowhere', { name: 'note', checkpoint: false }));
  const audit = flow.add(task(() => 'audited', { name: 'audit', checkpoint: false }));
  flow.add(
    task(
      () => {
        throw new Error('the warehouse is down');
      },
      { name: 'load' },
    ),
    { rows: extract, note, day },
    { upstream: [audit] },
  );
  return flow;
}

/** A flow run as the API gives it, with the task states of a run of `flow` in this process. */
async function failedRunInfo(flow: Flow, leaveOut: string[] = []): Promise<FlowRunInfo> {
  const state = await flow.run({ parameters: { day: '2026-05-01' }, checkpoint: true });
  const taskRuns = [...state.result!]
    .filter(([task]) => !leaveOut.includes(task.slug!))
    .map(([task, taskState], index) => ({
      id: `task-run-${index}`,
      version: 3,
      taskId: `task-${index}`,
      taskSlug: task.slug!,
      mapIndex: -1,
      state: taskState.type,
      serializedState: JSON.parse(JSON.stringify(taskState.serialize())),
    }));
  return {
    id: '0b6f5d1e-0000-4000-8000-000000000001',
    name: 'crimson-otter',
    flowId: 'flow-1',
    version: 7,
    state: 'Failed',
    serializedState: {},
    parameters: { day: '2026-05-01' },
    context: { tenant: 'acme' },
    labels: [],
    scheduledStartTime: '2026-05-01T00:00:00.000Z',
    flow: { id: 'flow-1', name: 'etl', version: 1, coreVersion: null, environment: null, storage: null },
    taskRuns,
  };
}

describe('replayPlan', () => {
  it('reuses tasks that succeeded with their results read back, and runs the failed one', async () => {
    const flow = etl();
    const plan = await replayPlan(flow, await failedRunInfo(flow));
    expect(plan.parameters).toEqual({ day: '2026-05-01' });
    expect(plan.context).toMatchObject({ tenant: 'acme', flowRunName: 'crimson-otter', flowId: 'flow-1' });
    expect(plan.reused.map((t) => t.slug).sort()).toEqual(['audit-1', 'extract-1']);
    expect(plan.taskStates['extract-1']?.result).toEqual(new Map([['a', 1]]));
    expect(plan.rerun).toContainEqual({
      slug: 'load-1',
      kind: 'unfinished',
      reason: expect.stringMatching(/^it was Failed in flow run crimson-otter: .*the warehouse is down/),
    });
    expect(Object.keys(plan.taskStates)).not.toContain('day');
  });

  it('runs again a task without a checkpoint whose result a downstream task needs, saying so', async () => {
    const flow = etl();
    const plan = await replayPlan(flow, await failedRunInfo(flow));
    expect(plan.rerun).toContainEqual({
      slug: 'note-1',
      kind: 'unavailable',
      reason: expect.stringMatching(/kept no checkpoint of its result .* a downstream task needs it/),
    });
  });

  it('runs again a task the run has no task run for', async () => {
    const flow = etl();
    const plan = await replayPlan(flow, await failedRunInfo(flow, ['extract-1']));
    expect(plan.rerun).toContainEqual({
      slug: 'extract-1',
      kind: 'unavailable',
      reason: expect.stringMatching(/crimson-otter has no task run for it/),
    });
  });
});
