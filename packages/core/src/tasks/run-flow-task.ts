import type { ChildFlowRunOutcome } from '../services/run-services.js';
import { Task, type TaskOptions } from './task.js';
import type { TaskRunContext } from './task-run-context.js';

/** Which flow a {@link runFlow} task runs: by name and project, or by version group. */
export type FlowToRun =
  | { readonly flowName: string; readonly projectName: string; readonly versionGroupId?: never }
  | { readonly versionGroupId: string; readonly flowName?: never; readonly projectName?: never };

/** Options of {@link runFlow}: which flow, and the task's own options. */
export type RunFlowOptions = FlowToRun &
  Omit<TaskOptions<RunFlowInputs>, 'name'> & {
    /** @default `run <flow name>` or `run <version group>` */
    readonly name?: string;
    /** A name for each child run. @default the API's two-word name */
    readonly runName?: string;
  };

/** Inputs of a {@link runFlow} task: the child run's parameters (a task's result or a constant). */
export interface RunFlowInputs {
  parameters?: Readonly<Record<string, unknown>>;
}

/** The key that makes a parent task run start one child run, however often it is retried or restarted. */
export function childIdempotencyKey(context: Readonly<Record<string, unknown>>): string {
  const taskRunId = context.taskRunId;
  if (typeof taskRunId === 'string') return `parent-task-run:${taskRunId}`;
  return `parent:${String(context.flowRunId ?? 'local')}:${String(context.taskSlug)}:${String(context.mapIndex ?? -1)}`;
}

/**
 * A task that starts a deployed flow's run, waits for its final state and returns its
 * result; a child that does not succeed fails the task with the child's message. The child
 * run names the task run as its parent and carries an idempotency key derived from it, so a
 * retried or restarted parent waits for the same child instead of starting another.
 */
export class RunFlowTask extends Task<RunFlowInputs, unknown> {
  static override taskType = 'headwater.RunFlow';
  readonly flow: FlowToRun;
  readonly runName: string | undefined;

  constructor(options: RunFlowOptions) {
    const { flowName, projectName, versionGroupId, runName, ...taskOptions } = options;
    const target =
      versionGroupId !== undefined ? { versionGroupId } : { flowName: flowName!, projectName: projectName! };
    if (versionGroupId === undefined && (!flowName || !projectName)) {
      throw new TypeError('runFlow needs a flowName with its projectName, or a versionGroupId.');
    }
    super({ ...taskOptions, name: taskOptions.name ?? `run ${versionGroupId ?? flowName}` });
    this.flow = target;
    this.runName = runName;
  }

  async run(inputs: RunFlowInputs, context: TaskRunContext): Promise<unknown> {
    const launcher = context.services.flowRuns;
    if (!launcher) {
      throw new Error(
        `runFlow (${this.name}) starts a deployed flow through the Headwater API: run this flow on an agent (headwater run flow …), not with flow.run().`,
      );
    }
    const taskRunId = context.context.taskRunId;
    const outcome: ChildFlowRunOutcome = await launcher.runAndWait(
      {
        ...this.flow,
        parameters: inputs.parameters ?? {},
        idempotencyKey: childIdempotencyKey(context.context),
        ...(typeof taskRunId === 'string' ? { parentTaskRunId: taskRunId } : {}),
        ...(this.runName ? { runName: this.runName } : {}),
      },
      { signal: context.signal },
    );
    if (outcome.state !== 'Success') {
      throw new Error(
        `Child flow run ${outcome.flowRunId} ended ${outcome.state}: ${outcome.message ?? 'no message'}`,
      );
    }
    return outcome.result;
  }
}

/**
 * A task that runs a deployed flow and returns its result (its reference task's result, or
 * results by task slug when it has several).
 *
 * @example
 * ```ts
 * const flow = new Flow('parent');
 * const child = flow.add(runFlow({ flowName: 'etl', projectName: 'My Project' }), { parameters: { limit: 10 } });
 * ```
 */
export function runFlow(options: RunFlowOptions): RunFlowTask {
  return new RunFlowTask(options);
}
