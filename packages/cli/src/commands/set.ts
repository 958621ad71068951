import type { Client, FlowGroup, FlowGroupScheduleInput, FlowSummary } from '@headwater/client';
import { type Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlow } from '../find-flow.js';
import { jsonOption, projectOption } from '../options/flag-vocabulary.js';
import { flowLabel } from '../output/flow-label.js';
import { Output } from '../output/output.js';
import { collect, parseParameters } from '../parse-options.js';
import { parseDuration } from '../parse-start-time.js';
import { UsageError } from '../usage-error.js';

interface SetFlowOptions {
  project?: string;
  description?: string;
  label?: string[];
  labels: boolean;
  defaultParam?: string[];
  clearDefaultParams?: boolean;
  cron?: string;
  timezone?: string;
  interval?: string;
  schedule: boolean;
  heartbeat?: 'on' | 'off';
  lazarus?: 'on' | 'off';
}

/** One setting of a flow group to change: what it is, for messages, and how to apply it. */
interface Change {
  what: string;
  describe: string;
  apply(client: Client, flow: FlowSummary): Promise<void>;
}

const SETTINGS_USAGE =
  'Give at least one setting: --description <text>, --label <label> or --no-labels, --default-param <key=value> or --clear-default-params, --cron <expr> [--timezone <tz>] or --interval <duration> or --no-schedule, --heartbeat on|off, --lazarus on|off.';

function refuseBoth(first: string, second: string): never {
  throw new UsageError(`Give ${first} or ${second}, not both.`);
}

function descriptionChange(options: SetFlowOptions): Change[] {
  const { description } = options;
  if (description === undefined) return [];
  const value = description === '' ? null : description;
  return [
    {
      what: 'description',
      describe: value === null ? 'description cleared' : `description "${value}"`,
      apply: (client, flow) => client.setFlowGroupDescription(flow.flowGroupId, value),
    },
  ];
}

function labelsChange(options: SetFlowOptions): Change[] {
  if (options.label && !options.labels) refuseBoth('--label', '--no-labels');
  if (!options.labels) {
    return [
      {
        what: 'labels',
        describe: "labels cleared (the flow's own apply)",
        apply: (client, flow) => client.setFlowGroupLabels(flow.flowGroupId, null),
      },
    ];
  }
  const labels = options.label;
  if (!labels) return [];
  return [
    {
      what: 'labels',
      describe: `labels ${labels.join(', ')}`,
      apply: (client, flow) => client.setFlowGroupLabels(flow.flowGroupId, labels),
    },
  ];
}

/** `--default-param` pairs read like `run flow --param` (JSON when it parses, else text). */
function readDefaultParameters(pairs: readonly string[]): Record<string, unknown> {
  try {
    return parseParameters(pairs);
  } catch (error) {
    if (!UsageError.isInstance(error)) throw error;
    throw new UsageError(error.message.replaceAll('--param', '--default-param'), { cause: error });
  }
}

function defaultParametersChange(options: SetFlowOptions): Change[] {
  const pairs = options.defaultParam;
  if (pairs && options.clearDefaultParams) refuseBoth('--default-param', '--clear-default-params');
  if (options.clearDefaultParams) {
    return [
      {
        what: 'default parameters',
        describe: 'default parameters cleared',
        apply: (client, flow) => client.setFlowGroupDefaultParameters(flow.flowGroupId, {}),
      },
    ];
  }
  if (!pairs) return [];
  const parsed = readDefaultParameters(pairs);
  return [
    {
      what: 'default parameters',
      describe: `default parameters ${JSON.stringify(parsed)}`,
      apply: async (client, flow) => {
        // Loaded here: it needs core's schema checks, which `headwater --help` never loads.
        const { declaredTextValues } = await import('../declared-text-values.js');
        const parameters = await declaredTextValues(client, flow.id, parsed, pairs);
        await client.setFlowGroupDefaultParameters(flow.flowGroupId, parameters);
      },
    },
  ];
}

/** Seconds between runs, from `--interval` (`30m`, `1h`, `1d`, `1h30m`). */
function intervalSeconds(text: string): number {
  const milliseconds = parseDuration(text);
  if (milliseconds === undefined || milliseconds <= 0 || milliseconds % 1000 !== 0) {
    throw new UsageError(
      `--interval "${text}" is not a duration: write a number and a unit (s, m, h, d), e.g. --interval 10m, --interval 1h30m.`,
    );
  }
  return milliseconds / 1000;
}

/** The schedule `--cron`/`--interval` (with `--timezone`) give, as the API takes it; undefined when neither. */
function scheduleInput(
  options: SetFlowOptions,
): { input: FlowGroupScheduleInput; describe: string } | undefined {
  if (options.cron !== undefined && options.interval !== undefined) refuseBoth('--cron', '--interval');
  const zone = options.timezone ? { timezone: options.timezone } : {};
  const inZone = options.timezone ? ` (${options.timezone})` : '';
  if (options.cron !== undefined) {
    return {
      input: { cronClocks: [{ cron: options.cron }], ...zone },
      describe: `cron "${options.cron}"${inZone}`,
    };
  }
  if (options.interval !== undefined) {
    const seconds = intervalSeconds(options.interval);
    return {
      input: { intervalClocks: [{ interval: seconds }], ...zone },
      describe: `every ${options.interval}${inZone}`,
    };
  }
  if (options.timezone !== undefined) throw new UsageError('--timezone goes with --cron or --interval.');
  return undefined;
}

function scheduleChange(options: SetFlowOptions): Change[] {
  const schedule = scheduleInput(options);
  if (schedule && !options.schedule)
    refuseBoth(schedule.input.cronClocks ? '--cron' : '--interval', '--no-schedule');
  if (!options.schedule) {
    return [
      {
        what: 'schedule',
        describe: "schedule removed (the flow's own applies)",
        apply: (client, flow) => client.deleteFlowGroupSchedule(flow.flowGroupId),
      },
    ];
  }
  if (!schedule) return [];
  return [
    {
      what: 'schedule',
      describe: `schedule ${schedule.describe}`,
      apply: (client, flow) => client.setFlowGroupSchedule(flow.flowGroupId, schedule.input),
    },
  ];
}

function switchChanges(options: SetFlowOptions): Change[] {
  const changes: Change[] = [];
  if (options.heartbeat) {
    const on = options.heartbeat === 'on';
    changes.push({
      what: 'heartbeat checks',
      describe: `heartbeat checks ${options.heartbeat}`,
      apply: (client, flow) => client.setFlowHeartbeat(flow.id, on),
    });
  }
  if (options.lazarus) {
    const on = options.lazarus === 'on';
    changes.push({
      what: 'lazarus process',
      describe: `lazarus ${options.lazarus}`,
      apply: (client, flow) => client.setFlowLazarus(flow.id, on),
    });
  }
  return changes;
}

/** Every change the options ask for, in the order they are applied; a usage error when none. */
function changesOf(options: SetFlowOptions): Change[] {
  const changes = [
    ...descriptionChange(options),
    ...labelsChange(options),
    ...defaultParametersChange(options),
    ...scheduleChange(options),
    ...switchChanges(options),
  ];
  if (changes.length === 0) throw new UsageError(SETTINGS_USAGE);
  return changes;
}

/** Applies `change`; a refusal of the API (`BAD_USER_INPUT`) becomes one line naming the flow. */
async function applyChange(client: Client, flow: FlowSummary, change: Change): Promise<void> {
  try {
    await change.apply(client, flow);
  } catch (error) {
    const { ClientError } = await import('@headwater/client');
    if (!(ClientError.isInstance(error) && error.code === 'BAD_USER_INPUT')) throw error;
    throw new CliError({
      code: 'FLOW_SETTING_REFUSED',
      message: `Cannot set the ${change.what} of the ${flowLabel(flow, false)}: ${error.serverMessage ?? error.message}`,
      cause: error,
    });
  }
}

function settingsDocument(flow: FlowSummary, group: FlowGroup): Record<string, unknown> {
  return {
    flowId: flow.id,
    name: flow.name,
    project: flow.project.name,
    flowGroupId: group.id,
    description: group.description,
    labels: group.labels,
    defaultParameters: group.defaultParameters,
    schedule: group.schedule,
    heartbeatEnabled: group.heartbeatEnabled,
    lazarusEnabled: group.lazarusEnabled,
    updated: group.updated,
  };
}

/** `headwater set flow <flow>`: the settings every version of a flow shares, as the UI's flow settings page sets them. */
export function defineSetCommands(set: Command): void {
  set.addHelpText(
    'after',
    '\nExample:\n  $ headwater set flow etl --description "Nightly load" --heartbeat off',
  );

  set
    .command('flow')
    .description(
      'change the settings every version of a flow shares: description, labels and default parameters of new runs, schedule, heartbeat checks, lazarus',
    )
    .argument('<flow>', 'the flow name')
    .addOption(projectOption('the project (needed when the name is used in several)'))
    .option('--description <text>', 'the description ("" clears it)')
    .option('--label <label>', 'a label of new runs given none (repeatable; replaces the labels)', collect)
    .option('--no-labels', "clear the labels: new runs get the flow's own")
    .option(
      '--default-param <key=value>',
      'a parameter value of new runs, JSON or a string (repeatable; replaces them)',
      collect,
    )
    .option('--clear-default-params', 'clear the default parameters')
    .option('--cron <expression>', 'schedule: a 5-field cron expression (replaces the schedule)')
    .option(
      '--timezone <zone>',
      'the IANA time zone of --cron or --interval, e.g. Europe/Berlin (default UTC)',
    )
    .option(
      '--interval <duration>',
      'schedule: a run every 10m, 1h, 1d, 1h30m (at least 1m; replaces the schedule)',
    )
    .option('--no-schedule', "remove the schedule: the flow's own applies")
    .addOption(
      new Option('--heartbeat <on|off>', 'heartbeat checks (zombie killer and lazarus)').choices([
        'on',
        'off',
      ]),
    )
    .addOption(new Option('--lazarus <on|off>', 'rescheduling of lost runs').choices(['on', 'off']))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ headwater set flow etl --project "My Project" --cron "0 6 * * 1-5" --timezone Europe/Berlin
  $ headwater set flow etl --default-param day=2024-05-01 --label gpu
  $ headwater set flow etl --no-schedule --heartbeat off --json`,
    )
    .action(async (name: string, options: SetFlowOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const changes = changesOf(options);
      const client = await clientFromCommand(command);
      const flow = await findFlow(client, { name, projectName: options.project });
      for (const change of changes) await applyChange(client, flow, change);
      const group = output.json ? await client.getFlowGroup(flow.flowGroupId) : undefined;
      output.result(
        group ? settingsDocument(flow, group) : { flowId: flow.id },
        () => `Set the ${flowLabel(flow, false)}: ${changes.map((change) => change.describe).join('; ')}.`,
        flow.id,
      );
    });
}
