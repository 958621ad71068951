import type { Command } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { findFlow } from '../find-flow.js';
import { findFlowRun } from '../find-flow-run.js';
import { jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { formatDue } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { parsePositiveInteger } from '../parse-options.js';

export function defineDescribeCommands(describe: Command): void {
  describe.addHelpText('after', '\nExample:\n  $ headwater describe flow --name etl --project "My Project"');

  describe
    .command('flow')
    .description('a flow version: metadata, parameters, tasks, edges, storage, environment, schedule')
    .requiredOption('-n, --name <name>', 'the flow name')
    .option('-v, --version <version>', 'the version (default: the latest)', parsePositiveInteger)
    .addOption(projectOption('the project (needed when the name is used in several)'))
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater describe flow --name etl --version 2')
    .action(async (options: { name: string; version?: number; project?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const flow = await findFlow(client, {
        name: options.name,
        projectName: options.project,
        version: options.version,
      });
      const described = await client.getFlow(flow.id);
      output.result(described, () => JSON.stringify(described, null, 2));
    });

  describe
    .command('flow-run')
    .description(
      'a flow run: state, parameters, state history and task runs, and the parent run that started it (runFlow); on stderr, when a Scheduled run is due and, for a due run no connected agent takes, what to start',
    )
    .option('-n, --name <run name>', 'the flow run, by name')
    .option('--id <run id>', 'the flow run, by id')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater describe flow-run --name crimson-otter\n  $ headwater describe flow-run --id 0b6f…',
    )
    .action(async (options: { name?: string; id?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const run = await findFlowRun(client, options);
      const [states, taskRuns] = await Promise.all([
        client.getFlowRunStates(run.id),
        client.listTaskRuns({ flowRunId: run.id, first: 500 }),
      ]);
      const described = { ...run, states, taskRuns: taskRuns.nodes };
      output.result(described, () => JSON.stringify(described, null, 2));
      // stdout stays one JSON document; when it is due and why it waits are for the person reading it.
      if (run.state === 'Scheduled') output.note(`Scheduled, ${formatDue(run.scheduledStartTime)}.`);
      if (run.waitingFor) output.warn(run.waitingFor);
      if (run.parentFlowRunId)
        output.note(
          `Started by task run ${run.parentTaskRunId} of flow run ${run.parentFlowRunId} (runFlow).`,
        );
    });
}
