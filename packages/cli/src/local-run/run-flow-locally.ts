import type { Flow, FlowRunState, State, Task } from '@headwater/core';

/** A task run that reached a final state in this process. */
export interface FinishedTaskRun {
  task: Task<any, unknown>;
  /** The child's index for a mapped task, else `null`. */
  mapIndex: number | null;
  state: State;
}

/** Options of {@link runFlowLocally}. */
export interface LocalRunOptions {
  parameters: Readonly<Record<string, unknown>>;
  /** Run context tasks see (a replayed run's ids and context). @default {} */
  context?: Readonly<Record<string, unknown>>;
  /** Task slug → the state it starts in; finished ones pass their result on without running. */
  taskStates?: Readonly<Record<string, State>>;
  /** Called as each task run finishes. */
  onTaskFinished?: (finished: FinishedTaskRun) => void;
}

/**
 * Runs `flow` once in this process with the flow's own `flow.run()` (so breakpoints set
 * under `node --inspect` stop in its tasks), reporting task runs as they finish. Ctrl-C
 * cancels it: running tasks see the signal, nothing new starts, and it ends `Cancelled`.
 */
export async function runFlowLocally(flow: Flow, options: LocalRunOptions): Promise<FlowRunState> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await flow.run({
      parameters: options.parameters,
      signal: controller.signal,
      ...(options.context ? { context: options.context } : {}),
      ...(options.taskStates ? { taskStates: options.taskStates } : {}),
      hooks: {
        taskRunStateChange: ({ task, mapIndex, newState }) => {
          if (newState.isFinished()) options.onTaskFinished?.({ task, mapIndex, state: newState });
        },
      },
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
