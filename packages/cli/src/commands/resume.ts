import type { Client, FlowRunSummary, TaskRunSummary } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlowRunByReference } from '../find-flow-run.js';
import { addDeprecatedAlias } from '../options/deprecated-alias.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { Output } from '../output/output.js';
import { collect } from '../parse-options.js';

/** The paused task runs `--task` names (by slug or task name); all paused ones when none is named. */
async function pausedTaskRunIds(client: Client, run: FlowRunSummary, tasks: readonly string[]) {
  if (tasks.length === 0) return undefined;
  const taskRuns = (await client.listTaskRuns({ flowRunId: run.id, first: 500 })).nodes;
  const paused = taskRuns.filter((taskRun) => taskRun.state === 'Paused');
  return tasks.map((name) => {
    const match = paused.find((taskRun) => taskRun.taskSlug === name || taskRun.task.name === name);
    if (match) return match.id;
    const list = paused.map((taskRun) => taskRun.taskSlug).join(', ') || 'none';
    throw new CliError({
      code: 'TASK_RUN_NOT_PAUSED',
      message: `Flow run ${run.name} has no paused task "${name}". Its paused tasks: ${list}. Name one with --task <slug>, or leave --task out to resume them all.`,
    });
  });
}

function describeResumed(run: FlowRunSummary, state: string, taskRuns: readonly TaskRunSummary[]): string {
  const tasks = taskRuns.map((taskRun) => taskRun.taskSlug).join(', ');
  const next =
    state === 'Scheduled'
      ? 'it is Scheduled and an agent picks it up'
      : `it is ${state}; its process or agent goes on with it`;
  return `Resumed ${tasks} of flow run ${run.name} (${run.id}): ${next}.`;
}

export function registerResumeCommand(program: Command): void {
  const resume = program
    .command('resume')
    .description(
      'resume a paused flow run (an approval step: a manualOnly task or a PauseSignal): its paused tasks run and the run goes on',
    )
    .argument('<flow-run>', 'the flow run, by id or name')
    .option('--task <slug>', 'resume only this paused task, by slug or name (repeatable)', collect, [])
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater resume crimson-otter\n  $ headwater resume 0b6f… --task approve',
    )
    .action(async (reference: string, options: { task: string[] }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const run = await findFlowRunByReference(client, reference);
      const taskRunIds = await pausedTaskRunIds(client, run, options.task);
      const { state, taskRuns } = await client.resumeFlowRun(run.id, taskRunIds ? { taskRunIds } : {});
      output.result(
        {
          flowRunId: run.id,
          flowRunName: run.name,
          state,
          taskRuns: taskRuns.map((taskRun) => ({
            id: taskRun.id,
            taskSlug: taskRun.taskSlug,
            state: taskRun.state,
          })),
        },
        () => describeResumed(run, state, taskRuns),
      );
    });
  addDeprecatedAlias(resume, '-t <slug>', '--task');
}
