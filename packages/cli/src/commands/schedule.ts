import type { Client, FlowSummary } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlow } from '../find-flow.js';
import { jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { flowLabel } from '../output/flow-label.js';
import { formatDue } from '../output/format-time.js';
import { Output } from '../output/output.js';

interface ScheduleOptions {
  project?: string;
}

/** When the flow's schedule runs it next (its earliest auto-scheduled run still Scheduled), if it does. */
async function nextScheduledRun(client: Client, flow: FlowSummary): Promise<string | null> {
  const page = await client.listFlowRuns({
    flowId: flow.id,
    states: ['Scheduled'],
    orderBy: 'SCHEDULED_START_TIME_ASC',
    first: 50,
  });
  return page.nodes.find((run) => run.autoScheduled)?.scheduledStartTime ?? null;
}

/**
 * Turns the schedule on or off; an archived flow is refused saying what to do, and a refusal
 * of the API (no schedule, a required parameter without a default) names the flow.
 */
async function switchSchedule(client: Client, flow: FlowSummary, active: boolean): Promise<void> {
  if (active && flow.archived) {
    throw new CliError({
      code: 'FLOW_ARCHIVED',
      message: `The ${flowLabel(flow)} is archived, and archived flows take no runs: deploy it again to schedule it.`,
    });
  }
  try {
    await client.setScheduleActive(flow.id, active);
  } catch (error) {
    const { ClientError } = await import('@headwater/client');
    if (!(ClientError.isInstance(error) && error.code === 'BAD_USER_INPUT')) throw error;
    throw new CliError({
      code: 'SCHEDULE_REFUSED',
      message: `Cannot turn the schedule of the ${flowLabel(flow)} ${active ? 'on' : 'off'}: ${error.serverMessage ?? error.message}`,
      cause: error,
    });
  }
}

function describeSchedule(flow: FlowSummary, active: boolean, nextRun: string | null): string {
  if (!active) {
    return `Schedule of the ${flowLabel(flow)} is off: no new runs are scheduled, and its scheduled runs not yet started are removed.`;
  }
  const next = nextRun ? `next run ${formatDue(nextRun)}` : 'no run is scheduled yet';
  return `Schedule of the ${flowLabel(flow)} is on: ${next}.`;
}

function registerScheduleSwitch(schedule: Command, active: boolean): void {
  const word = active ? 'on' : 'off';
  schedule
    .command(word)
    .description(
      active
        ? "turn a flow's schedule on: its next runs are scheduled"
        : "turn a flow's schedule off: its scheduled runs not yet started are removed",
    )
    .argument('<flow>', 'the flow name')
    .addOption(projectOption('the project (needed when the name is used in several)'))
    .addOption(jsonOption())
    .addHelpText('after', `\nExample:\n  $ headwater schedule ${word} etl --project "My Project"`)
    .action(async (name: string, options: ScheduleOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const flow = await findFlow(client, { name, projectName: options.project });
      await switchSchedule(client, flow, active);
      const nextRun = active ? await nextScheduledRun(client, flow) : null;
      output.result(
        {
          flowId: flow.id,
          name: flow.name,
          project: flow.project.name,
          version: flow.version,
          isScheduleActive: active,
          nextRun,
        },
        () => describeSchedule(flow, active, nextRun),
        flow.id,
      );
    });
}

/** `headwater schedule on|off <flow>`: the UI's schedule switch. */
export function defineScheduleCommands(schedule: Command): void {
  schedule.addHelpText(
    'after',
    '\nExamples:\n  $ headwater schedule off etl\n  $ headwater schedule on etl --project "My Project"',
  );
  registerScheduleSwitch(schedule, true);
  registerScheduleSwitch(schedule, false);
}
