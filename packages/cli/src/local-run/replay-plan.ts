import type { FlowRunInfo } from '@headwater/client';
import type { Flow, State, Task } from '@headwater/core';

/** A task whose state a replay takes from the earlier run: it does not run again. */
export interface ReusedTask {
  slug: string;
  /** Its state type in the earlier run (`Success`, `Cached`, `Skipped`). */
  state: string;
}

/** A task a replay runs again, and why. */
export interface RerunTask {
  slug: string;
  /**
   * `unfinished`: it did not succeed in the earlier run (the failure being replayed);
   * `unavailable`: it succeeded, but its result could not be fetched, so it runs again.
   */
  kind: 'unfinished' | 'unavailable';
  reason: string;
}

/** What a replay of a flow run starts from. */
export interface ReplayPlan {
  flowRun: { id: string; name: string; state: string };
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Task slug → the state it starts in (its result read back). */
  taskStates: Record<string, State>;
  reused: ReusedTask[];
  rerun: RerunTask[];
}

type TaskRunRecord = FlowRunInfo['taskRuns'][number];

/**
 * How to replay the flow run `info` with `flow` in this process: its parameters and context,
 * and the tasks that succeeded (parameters aside: they take this run's values), each with its
 * checkpointed result read back through the result handler that stored it (JSON in the
 * state, a file, …). A task whose result cannot be read — a file on another machine, a task
 * that kept no checkpoint — runs again, saying why.
 */
export async function replayPlan(flow: Flow, info: FlowRunInfo): Promise<ReplayPlan> {
  const core = await import('@headwater/core');
  const records = new Map(info.taskRuns.map((taskRun) => [taskRun.taskSlug, taskRun]));
  const plan: ReplayPlan = {
    flowRun: { id: info.id, name: info.name, state: info.state },
    parameters: { ...info.parameters },
    context: {
      ...info.context,
      flowRunId: info.id,
      flowRunName: info.name,
      flowId: info.flowId,
      scheduledStartTime: info.scheduledStartTime,
    },
    taskStates: {},
    reused: [],
    rerun: [],
  };
  // Parameters always run: they give this run's values (the run's, or --param's).
  const parameters = new Set<Task<any, unknown>>(flow.parameters());
  for (const task of flow.sortedTasks()) {
    if (parameters.has(task)) continue;
    const slug = task.slug!;
    const outcome = await startState(flow, task, records.get(slug), info.name, core);
    if ('state' in outcome) {
      plan.taskStates[slug] = outcome.state;
      plan.reused.push({ slug, state: outcome.state.type });
    } else plan.rerun.push({ slug, ...outcome });
  }
  return plan;
}

type Core = typeof import('@headwater/core');

/** The state `task` starts the replay in, or why it runs again. */
async function startState(
  flow: Flow,
  task: Task<any, unknown>,
  record: TaskRunRecord | undefined,
  runName: string,
  core: Core,
): Promise<{ state: State } | Omit<RerunTask, 'slug'>> {
  if (record === undefined) {
    return {
      kind: 'unavailable',
      reason: `flow run ${runName} has no task run for it (the flow changed since that run's version was deployed)`,
    };
  }
  let state: State;
  try {
    state = unwrap(core.deserializeState(record.serializedState));
  } catch (error) {
    return { kind: 'unavailable', reason: `its stored state could not be read: ${messageOf(error)}` };
  }
  if (state.isSkipped()) return { state };
  if (!state.isSuccessful()) {
    return {
      kind: 'unfinished',
      reason: `it was ${state.type} in flow run ${runName}${state.message ? `: ${state.message}` : ''}`,
    };
  }
  if (state.type === 'Mapped') {
    return {
      kind: 'unavailable',
      reason: 'it is a mapped task; the results of its children are not fetched',
    };
  }
  return withResult(flow, task, state, core);
}

/** `state` with its checkpointed result read back, or why it cannot be. */
async function withResult(
  flow: Flow,
  task: Task<any, unknown>,
  state: State,
  core: Core,
): Promise<{ state: State } | Omit<RerunTask, 'slug'>> {
  if (state.safeResult === null) {
    if (!flow.edgesFrom(task).some((edge) => edge.key !== null)) return { state };
    return {
      kind: 'unavailable',
      reason:
        'it kept no checkpoint of its result (checkpoint: false, or a result handler that stored nothing), and a downstream task needs it',
    };
  }
  try {
    await core.readResult(state);
    return { state };
  } catch (error) {
    return { kind: 'unavailable', reason: `its result could not be read: ${messageOf(error)}` };
  }
}

/** Meta states (Submitted, Queued) wrap the state a task run is really in. */
function unwrap(state: State): State {
  let current = state;
  while (current.isMetaState() && 'state' in current && current.state) current = current.state as State;
  return current;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
