import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@headwater/client';
import {
  type ChildFlowRunOutcome,
  type ChildFlowRunRequest,
  deserializeState,
  type FlowRunLauncher,
  isStateTypeOf,
  readResult,
} from '@headwater/core';

const FIND_FLOW = `query runFlowTarget($filter: FlowFilter) {
  flows(filter: $filter, first: 2) { nodes { id name versionGroupId } } }`;
const CHILD_RUN = `query childFlowRun($id: ID!) { flowRun(id: $id) {
  id name state stateMessage
  flow { tasks { slug isReferenceTask isTerminalTask } }
  taskRuns { taskSlug mapIndex serializedState } } }`;

// Only what a RUNNER token may read (a flow run's project needs USER).
const CREATE_CHILD = `mutation runFlowChild($input: createFlowRunInput!) {
  createFlowRun(input: $input) { id created flowRun { name } } }`;

interface CreatedChild {
  id: string;
  created: boolean;
  flowRun: { name: string };
}

interface ChildRun {
  id: string;
  name: string;
  state: string;
  stateMessage: string | null;
  flow: { tasks: { slug: string; isReferenceTask: boolean; isTerminalTask: boolean }[] };
  taskRuns: { taskSlug: string; mapIndex: number; serializedState: unknown }[];
}

/** Options of {@link apiFlowRunLauncher}. */
export interface ApiFlowRunLauncherOptions {
  client: Client;
  /** Where the launcher says which child run it started or found. */
  log: (message: string) => void;
  /** Milliseconds between two reads of a child run's state. @default 1000 */
  pollIntervalMs?: number;
}

/**
 * Starts child flow runs through the API for `runFlow` tasks (with the run's RUNNER token,
 * which may create runs only under a task run of a run it holds) and waits for their final
 * state. The version group of a flow given by name is looked up first, so the child runs the
 * newest version; the idempotency key makes a retried parent find its earlier child.
 */
export function apiFlowRunLauncher(options: ApiFlowRunLauncherOptions): FlowRunLauncher {
  const { client, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  return {
    async runAndWait(request, { signal }) {
      const versionGroupId = request.versionGroupId ?? (await findVersionGroup(client, request, signal));
      const data = await client.graphql<{ createFlowRun: CreatedChild }>(
        CREATE_CHILD,
        {
          input: {
            versionGroupId,
            parameters: { ...request.parameters },
            idempotencyKey: request.idempotencyKey,
            ...(request.parentTaskRunId ? { parentTaskRunId: request.parentTaskRunId } : {}),
            ...(request.runName ? { name: request.runName } : {}),
          },
        },
        { signal },
      );
      const created = { ...data.createFlowRun, name: data.createFlowRun.flowRun.name };
      log(
        created.created
          ? `Started child flow run ${created.name} (${created.id}); waiting for its final state.`
          : `Child flow run ${created.name} (${created.id}) was started before (same parent task run); waiting for its final state.`,
      );
      for (;;) {
        const data = await client.graphql<{ flowRun: ChildRun | null }>(
          CHILD_RUN,
          { id: created.id },
          { signal },
        );
        const run = data.flowRun;
        if (!run) throw new Error(`Child flow run ${created.id} was deleted before it finished.`);
        if (isStateTypeOf(run.state, 'Finished')) return outcome(run);
        await sleep(pollIntervalMs, undefined, { signal });
      }
    },
  };
}

async function findVersionGroup(
  client: Client,
  request: ChildFlowRunRequest,
  signal: AbortSignal,
): Promise<string> {
  const data = await client.graphql<{ flows: { nodes: { id: string; versionGroupId: string }[] } }>(
    FIND_FLOW,
    { filter: { name: request.flowName, projectName: request.projectName, archived: false } },
    { signal },
  );
  const [flow] = data.flows.nodes;
  if (!flow) {
    throw new Error(
      `No flow named "${request.flowName}" in project "${request.projectName}" to start: deploy it first (headwater deploy … --project "${request.projectName}").`,
    );
  }
  return flow.versionGroupId;
}

/** The child's result: its reference tasks' results (else its terminal tasks'), one task's alone. */
async function outcome(run: ChildRun): Promise<ChildFlowRunOutcome> {
  const reference = run.flow.tasks.filter((task) => task.isReferenceTask);
  const tasks = reference.length > 0 ? reference : run.flow.tasks.filter((task) => task.isTerminalTask);
  const results: Record<string, unknown> = {};
  if (run.state === 'Success') {
    for (const task of tasks) {
      const taskRun = run.taskRuns.find(
        (candidate) => candidate.taskSlug === task.slug && candidate.mapIndex === -1,
      );
      results[task.slug] = taskRun ? await readResult(deserializeState(taskRun.serializedState)) : undefined;
    }
  }
  const values = Object.values(results);
  return {
    flowRunId: run.id,
    state: run.state,
    message: [run.stateMessage, ...failures(run)].filter(Boolean).join(' '),
    result: tasks.length === 1 ? values[0] : results,
  };
}

/** What the child's failed task runs say, e.g. `Task load: Unexpected error: no such table`. */
function failures(run: ChildRun): string[] {
  return run.taskRuns.flatMap((taskRun) => {
    const state = taskRun.serializedState as { type?: string; message?: string | null } | null;
    if (!state?.type || !isStateTypeOf(state.type, 'Failed')) return [];
    const label = taskRun.mapIndex === -1 ? taskRun.taskSlug : `${taskRun.taskSlug}[${taskRun.mapIndex}]`;
    return [`Task ${label}: ${state.message ?? state.type}.`];
  });
}
