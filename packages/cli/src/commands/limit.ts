import type { Client, ConcurrencyLimit, ConcurrencyLimitTarget } from '@headwater/client';
import { type Command, InvalidArgumentError } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { findFlow } from '../find-flow.js';
import { flowOption, jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { formatAge } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { UsageError } from '../usage-error.js';

interface TargetOptions {
  tag?: string;
  flow?: string;
  project?: string;
}

/** The limit a command names: `--tag <tag>`, or `--flow <name>` (with `--project` when the name is in several). */
async function target(
  client: Client,
  options: TargetOptions,
): Promise<{ target: ConcurrencyLimitTarget; label: string }> {
  if ((options.tag === undefined) === (options.flow === undefined)) {
    throw new UsageError(
      'Give --tag <tag> (task runs with that tag) or --flow <name> (runs of that flow), one of them.',
    );
  }
  if (options.tag !== undefined) return { target: { tag: options.tag }, label: `task tag "${options.tag}"` };
  const flow = await findFlow(client, { name: options.flow!, projectName: options.project });
  return { target: { flowId: flow.id }, label: `flow ${flow.name} (project ${flow.project.name})` };
}

/** Commander parser for `<slots>`: a whole number, 0 or more. */
function parseSlots(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError(
      `"${value}" is not a whole number of slots (0 or more; 0 holds every run back).`,
    );
  return number;
}

/** `headwater limit set|list|delete`: concurrency limits per task tag and per flow. */
export function defineLimitCommands(limit: Command): void {
  limit.addHelpText('after', '\nExample:\n  $ headwater limit set --tag rate-limited-api 2');

  limit
    .command('set')
    .description('set the concurrency limit on a task tag or a flow (0 holds every run back)')
    .argument('<slots>', 'how many may run at once', parseSlots)
    .option('--tag <tag>', 'task runs of tasks with this tag, in any flow')
    .addOption(flowOption('runs of this flow (every version)'))
    .addOption(projectOption('the project of --flow (needed when the name is used in several)'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater limit set --tag rate-limited-api 2\n  $ headwater limit set --flow etl --project "My Project" 1',
    )
    .action(async (slots: number, options: TargetOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const { target: which, label } = await target(client, options);
      const stored = await client.setConcurrencyLimit({ ...which, slots });
      output.result(
        stored,
        `At most ${slots} of ${label} run at once; ${stored.running} running now. The rest wait Queued.`,
        stored.id,
      );
    });

  limit
    .command('list')
    .description('list the concurrency limits: KIND, NAME, SLOTS, RUNNING (taken now), UPDATED')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater limit list')
    .action(async (_options: unknown, command: Command) => {
      const output = Output.fromCommand(command);
      const limits = await (await clientFromCommand(command)).listConcurrencyLimits();
      output.table(
        [
          { header: 'KIND', value: (l: ConcurrencyLimit) => (l.kind === 'TASK_TAG' ? 'tag' : 'flow') },
          {
            header: 'NAME',
            value: (l: ConcurrencyLimit) => (l.kind === 'TASK_TAG' ? l.tag! : (l.flowName ?? l.flowGroupId!)),
          },
          { header: 'SLOTS', value: (l: ConcurrencyLimit) => String(l.slots) },
          { header: 'RUNNING', value: (l: ConcurrencyLimit) => String(l.running) },
          { header: 'UPDATED', value: (l: ConcurrencyLimit) => formatAge(l.updated) },
        ],
        limits,
      );
    });

  limit
    .command('delete')
    .description('delete the concurrency limit on a task tag or a flow: its runs no longer wait for slots')
    .option('--tag <tag>', 'the task tag')
    .addOption(flowOption('the flow'))
    .addOption(projectOption('the project of --flow (needed when the name is used in several)'))
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater limit delete --tag rate-limited-api')
    .action(async (options: TargetOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const { target: which, label } = await target(client, options);
      const deleted = await client.deleteConcurrencyLimit(which);
      output.result(
        { ...which, deleted },
        deleted
          ? `Deleted the concurrency limit of ${label}.`
          : `There was no concurrency limit on ${label}.`,
      );
    });
}
