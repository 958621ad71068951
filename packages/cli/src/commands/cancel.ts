import type { FlowRunSummary } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlowRunByReference } from '../find-flow-run.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { Output } from '../output/output.js';

/** The sentence for a run `cancelFlowRun` left in `state`. */
function describeCancelled(run: FlowRunSummary, state: string): string {
  const what = `Flow run ${run.name} (${run.id})`;
  return state === 'Cancelling'
    ? `${what} is Cancelling: its process stops its tasks and ends it Cancelled.`
    : `${what} is Cancelled.`;
}

function finishedError(run: FlowRunSummary, state: string): CliError {
  return new CliError({
    code: 'FLOW_RUN_FINISHED',
    message: `Flow run ${run.name} (${run.id}) has already finished (${state}): nothing to cancel.`,
  });
}

/** Refuses a run that has finished already (the API would leave it as it is). */
async function refuseFinished(run: FlowRunSummary): Promise<void> {
  const { isStateType, isStateTypeOf } = await import('@headwater/core');
  if (isStateType(run.state) && isStateTypeOf(run.state, 'Finished')) throw finishedError(run, run.state);
}

/** `headwater cancel flow-run <id|name>`: what the UI's "Cancel run" does. */
export function defineCancelCommands(cancel: Command): void {
  cancel.addHelpText('after', '\nExample:\n  $ headwater cancel flow-run crimson-otter');

  cancel
    .command('flow-run')
    .description(
      'cancel a flow run: a Running run becomes Cancelling (its process stops it), one that has not started becomes Cancelled',
    )
    .argument('<flow-run>', 'the flow run, by id or name')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater cancel flow-run crimson-otter\n  $ headwater cancel flow-run 0b6f… --json',
    )
    .action(async (reference: string, _options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const run = await findFlowRunByReference(client, reference);
      await refuseFinished(run);
      const state = await client.cancelFlowRun(run.id);
      // The run may have finished between the look-up and the call.
      if (state !== 'Cancelled' && state !== 'Cancelling') throw finishedError(run, state);
      output.result(
        { flowRunId: run.id, flowRunName: run.name, state },
        () => describeCancelled(run, state),
        run.id,
      );
    });
}
