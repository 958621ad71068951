import type { Client, FlowRunSummary, TaskRunSummary } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlowRunByReference } from '../find-flow-run.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { Output } from '../output/output.js';
import { restartFromFailed } from '../restart-from-failed.js';

/** Refuses a run that did not fail: only a failed run restarts from its failed tasks. */
async function assertFailed(run: FlowRunSummary): Promise<void> {
  const { isStateType, isStateTypeOf } = await import('@headwater/core');
  const state = run.state;
  if (isStateType(state) && (isStateTypeOf(state, 'Failed') || isStateTypeOf(state, 'ClientFailed'))) return;
  throw new CliError({
    code: 'FLOW_RUN_NOT_FAILED',
    message: `Flow run ${run.name} (${run.id}) is ${state}, not Failed: only a failed run restarts from its failed tasks. Start a new run of ${run.flow.name} with \`headwater run flow\`.`,
  });
}

/** Restarts `run`; a run that changed since it was read (another restart, an agent) is refused saying what to do. */
async function restartRun(client: Client, run: FlowRunSummary): Promise<TaskRunSummary[]> {
  try {
    return await restartFromFailed(client, run);
  } catch (error) {
    const { VersionLockError } = await import('@headwater/client');
    if (!VersionLockError.isInstance(error)) throw error;
    throw new CliError({
      code: 'FLOW_RUN_CHANGED',
      message: `Flow run ${run.name} (${run.id}) changed while it was being restarted (another restart, or an agent): look at it with \`headwater describe flow-run --id ${run.id}\` and try again.`,
      cause: error,
    });
  }
}

function describeRestarted(run: FlowRunSummary, taskRuns: readonly TaskRunSummary[]): string {
  const tasks = taskRuns.length > 0 ? taskRuns.map((taskRun) => taskRun.taskSlug).join(', ') : 'no task';
  return `Restarted flow run ${run.name} (${run.id}) from failed: ${tasks} run again, successful results are kept; it is Scheduled and an agent picks it up.`;
}

/** `headwater restart flow-run <id|name>`: what the UI's "Restart from failed" does. */
export function defineRestartCommands(restart: Command): void {
  restart.addHelpText('after', '\nExample:\n  $ headwater restart flow-run crimson-otter');

  restart
    .command('flow-run')
    .description(
      'restart a failed flow run from its failed tasks: they and the tasks after them run again, successful results are kept',
    )
    .argument('<flow-run>', 'the flow run, by id or name')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater restart flow-run crimson-otter\n  $ headwater restart flow-run 0b6f… --json',
    )
    .action(async (reference: string, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const run = await findFlowRunByReference(client, reference);
      await assertFailed(run);
      const taskRuns = await restartRun(client, run);
      output.result(
        {
          flowRunId: run.id,
          flowRunName: run.name,
          state: 'Scheduled',
          taskRuns: taskRuns.map((taskRun) => ({ id: taskRun.id, taskSlug: taskRun.taskSlug })),
        },
        () => describeRestarted(run, taskRuns),
        run.id,
      );
    });
}
