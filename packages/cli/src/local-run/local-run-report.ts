import type { FlowRunState } from '@headwater/core';
import type { Output } from '../output/output.js';
import type { ReplayPlan } from './replay-plan.js';
import type { FinishedTaskRun } from './run-flow-locally.js';

/** One task's line: its state and slug, and the state's message unless it is a plain success. */
export function taskLine(
  output: Output,
  slug: string,
  state: { type: string; message: string | null },
  note = '',
): string {
  const message = [state.type === 'Success' ? null : state.message, note].filter(Boolean).join(' ');
  return `  ${output.stateStyle(state.type, state.type.padEnd(9))} ${slug}${message ? `  ${output.style('dim', message)}` : ''}`;
}

/** Prints a finished task run; a failed one's error stack goes to stderr, where a debugger user looks. */
export function printFinishedTask(output: Output, { task, mapIndex, state }: FinishedTaskRun): void {
  if (output.json) return;
  const slug = mapIndex === null ? task.slug! : `${task.slug}[${mapIndex}]`;
  output.line(taskLine(output, slug, state));
  const error = state.result;
  if (state.isFailed() && error instanceof Error && error.stack) {
    output.stderr.write(`${error.stack.replace(/^/gm, '      ')}\n`);
  }
}

/**
 * Says what a replay starts from: the tasks whose results it took from the run (they do
 * not run; on stdout, unless `--json`), the ones it could not take and why (they run again)
 * and the failed ones (on stderr).
 */
export function printReplayPlan(output: Output, plan: ReplayPlan): void {
  output.note(
    `Replaying flow run ${plan.flowRun.name} (${plan.flowRun.id}, ${plan.flowRun.state}) with its parameters and context.`,
  );
  for (const { slug, state } of output.json ? [] : plan.reused) {
    output.line(
      taskLine(output, slug, { type: state, message: null }, `(from ${plan.flowRun.name}; not run)`),
    );
  }
  for (const { slug, reason } of plan.rerun.filter((task) => task.kind === 'unavailable')) {
    output.warn(`Could not fetch the result of ${slug}: ${reason}. Running ${slug} again here.`);
  }
  const failed = plan.rerun.filter((task) => task.kind === 'unfinished').map((task) => task.slug);
  if (failed.length > 0) output.note(`Running from ${failed.join(', ')}.`);
}

/** The `--json` document of a local run. */
export function localRunDocument(
  flowName: string,
  parameters: Readonly<Record<string, unknown>>,
  state: FlowRunState,
  plan: ReplayPlan | undefined,
): Record<string, unknown> {
  const tasks = state.result instanceof Map ? [...state.result] : [];
  return {
    flow: flowName,
    state: state.type,
    message: state.message ?? null,
    parameters,
    tasks: tasks.map(([task, taskState]) => ({
      slug: task.slug,
      name: task.name,
      state: taskState.type,
      message: taskState.message ?? null,
    })),
    ...(plan ? { replay: { flowRun: plan.flowRun, reused: plan.reused, rerun: plan.rerun } } : {}),
  };
}
