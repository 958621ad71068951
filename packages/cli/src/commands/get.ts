import type { Client, FlowRunSummary, RunLog } from '@headwater/client';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { findFlowRun } from '../find-flow-run.js';
import { type RunLogWithTask, withTaskNames } from '../log-task-names.js';
import { addDeprecatedAlias } from '../options/deprecated-alias.js';
import {
  flowOption,
  jsonOption,
  limitOption,
  projectOption,
  stateOption,
} from '../options/flag-vocabulary.js';
import { formatAge, formatDue, formatDuration, formatTimestamp } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { parsePositiveInteger } from '../parse-options.js';
import { expandStates } from '../parse-states.js';

export function defineGetCommands(get: Command): void {
  get.addHelpText(
    'after',
    '\nExamples:\n  $ headwater get flows --project "My Project"\n  $ headwater get flow-runs --json',
  );

  get
    .command('projects')
    .description('list projects: NAME, FLOW COUNT, AGE, DESCRIPTION')
    .option('-n, --name <name>', 'only the project with this name')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater get projects')
    .action(async (options: { name?: string }, command: Command) => {
      const output = Output.fromCommand(command);
      const projects = await (await clientFromCommand(command)).listProjects(
        options.name ? { name: options.name } : {},
      );
      output.table(
        [
          { header: 'NAME', value: (p) => p.name },
          { header: 'FLOW COUNT', value: (p) => p.flowCount },
          { header: 'AGE', value: (p) => formatAge(p.created) },
          { header: 'DESCRIPTION', value: (p) => p.description },
        ],
        projects,
      );
    });

  get
    .command('flows')
    .description('list flows (latest version of each): NAME, VERSION, PROJECT NAME, AGE, ID')
    .option('-n, --name <name>', 'only flows with this name')
    .option('-v, --version <version>', 'only this version', parsePositiveInteger)
    .addOption(projectOption('only flows of this project'))
    .addOption(limitOption())
    .option('-a, --all-versions', 'every version, not only the latest')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater get flows --project "My Project" --all-versions')
    .action(
      async (
        options: { name?: string; version?: number; project?: string; limit: number; allVersions?: boolean },
        command: Command,
      ) => {
        const output = Output.fromCommand(command);
        const page = await (await clientFromCommand(command)).listFlows({
          ...(options.name ? { name: options.name } : {}),
          ...(options.project ? { projectName: options.project } : {}),
          allVersions: options.allVersions === true || options.version !== undefined,
          first: options.version === undefined ? options.limit : 500,
        });
        const flows = page.nodes
          .filter((flow) => options.version === undefined || flow.version === options.version)
          .slice(0, options.limit);
        output.table(
          [
            { header: 'NAME', value: (f) => f.name },
            { header: 'VERSION', value: (f) => f.version },
            { header: 'PROJECT NAME', value: (f) => f.project.name },
            { header: 'AGE', value: (f) => formatAge(f.created) },
            { header: 'ID', value: (f) => f.id },
          ],
          flows,
        );
      },
    );

  const flowRuns = get
    .command('flow-runs')
    .description(
      'list flow runs, newest first: NAME, FLOW NAME, STATE, AGE, START TIME (or when a Scheduled run is due), DURATION, ID, and PARENT RUN when a run was started by a runFlow task; a due run no connected agent takes shows "(no agent)", with what to start below the table',
    )
    .addOption(limitOption())
    .addOption(flowOption('only runs of flows with this name'))
    .addOption(projectOption('only runs of flows in this project'))
    .addOption(
      stateOption(
        'only runs in this state or one under it, e.g. Scheduled, Running, Failed, Finished (repeatable)',
      ),
    )
    .option('--started', 'only runs that have started')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater get flow-runs --flow etl --limit 20\n  $ headwater get flow-runs --state Failed -q',
    )
    .action(
      async (
        options: { limit: number; flow?: string; project?: string; state?: string[]; started?: boolean },
        command: Command,
      ) => {
        const output = Output.fromCommand(command);
        const runs = await listFlowRuns(await clientFromCommand(command), options);
        output.table(
          [
            { header: 'NAME', value: (r) => r.name },
            { header: 'FLOW NAME', value: (r) => r.flow.name },
            {
              header: 'STATE',
              value: (r) => output.stateStyle(r.state, r.waitingFor ? `${r.state} (no agent)` : r.state),
            },
            { header: 'AGE', value: (r) => formatAge(r.created) },
            { header: 'START TIME', value: (r) => formatTimestamp(r.startTime) || dueTime(r) },
            { header: 'DURATION', value: (r) => formatDuration(r.duration) },
            { header: 'ID', value: (r) => r.id },
            // Only when a listed run was started by another's runFlow task.
            ...(runs.some((r) => r.parentFlowRunId)
              ? [{ header: 'PARENT RUN', value: (r: FlowRunSummary) => r.parentFlowRunId ?? '' }]
              : []),
          ],
          runs,
        );
        if (output.json || output.quiet) return;
        const reasons = [...new Set(runs.flatMap((run) => (run.waitingFor ? [run.waitingFor] : [])))];
        if (reasons.length > 0)
          output.line(['', ...reasons.map((reason) => output.style('yellow', reason))].join('\n'));
      },
    );

  addDeprecatedAlias(flowRuns, '-s', '--started');

  const tasks = get
    .command('tasks')
    .description('list the tasks of flows: NAME, FLOW NAME, FLOW VERSION, AGE, MAPPED, TYPE')
    .option('-n, --name <name>', 'only tasks with this name')
    .addOption(flowOption('only tasks of flows with this name'))
    .option('--flow-version <version>', 'only tasks of this flow version', parsePositiveInteger)
    .addOption(projectOption('only tasks of flows in this project'))
    .addOption(limitOption())
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ headwater get tasks --flow etl')
    .action(async (options: TaskOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const tasks = await listTasks(await clientFromCommand(command), options);
      output.table(
        [
          { header: 'NAME', value: (t) => t.name },
          { header: 'FLOW NAME', value: (t) => t.flowName },
          { header: 'FLOW VERSION', value: (t) => t.flowVersion },
          { header: 'AGE', value: (t) => formatAge(t.created) },
          { header: 'MAPPED', value: (t) => t.mapped },
          { header: 'TYPE', value: (t) => t.type },
        ],
        tasks,
      );
    });

  addDeprecatedAlias(tasks, '--flow-name <name>', '--flow');

  get
    .command('logs')
    .description('show the logs of a flow run: TIMESTAMP, LEVEL, TASK, MESSAGE')
    .option('-n, --name <run name>', 'the flow run, by name')
    .option('--id <run id>', 'the flow run, by id')
    .option('-i, --info', 'also show the INFO column (structured details of each line)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ headwater get logs --name crimson-otter\n  $ headwater get logs --id 0b6f…',
    )
    .action(async (options: { name?: string; id?: string; info?: boolean }, command: Command) => {
      const output = Output.fromCommand(command);
      const client = await clientFromCommand(command);
      const run = await findFlowRun(client, options);
      const logs = await withTaskNames(client, run.id, await allLogs(client, run.id));
      output.table(
        [
          { header: 'TIMESTAMP', value: (l: RunLogWithTask) => formatTimestamp(l.timestamp) },
          { header: 'LEVEL', value: (l: RunLogWithTask) => l.level },
          { header: 'TASK', value: (l: RunLogWithTask) => l.task },
          { header: 'MESSAGE', value: (l: RunLogWithTask) => l.message },
          ...(options.info
            ? [
                {
                  header: 'INFO',
                  value: (l: RunLogWithTask) => (l.info == null ? '' : JSON.stringify(l.info)),
                },
              ]
            : []),
        ],
        logs,
      );
    });
}

async function listFlowRuns(
  client: Client,
  options: { limit: number; flow?: string; project?: string; state?: string[]; started?: boolean },
): Promise<FlowRunSummary[]> {
  const base = {
    first: options.limit,
    ...(options.state ? { states: await expandStates(options.state) } : {}),
    ...(options.started ? { startedAfter: '1970-01-01T00:00:00.000Z' } : {}),
  };
  let projectId: string | undefined;
  if (options.project) {
    const project = await client.getProject(options.project);
    if (!project) throw projectNotFound(options.project);
    projectId = project.id;
  }
  if (!options.flow)
    return (await client.listFlowRuns({ ...base, ...(projectId ? { projectId } : {}) })).nodes;
  const flows = await client.listFlows({
    name: options.flow,
    ...(options.project ? { projectName: options.project } : {}),
    first: 500,
  });
  const groups = [...new Set(flows.nodes.map((flow) => flow.versionGroupId))];
  const pages = await Promise.all(
    groups.map((versionGroupId) => client.listFlowRuns({ ...base, versionGroupId })),
  );
  return pages
    .flatMap((page) => page.nodes)
    .sort((a, b) => b.scheduledStartTime.localeCompare(a.scheduledStartTime))
    .slice(0, options.limit);
}

interface TaskOptions {
  name?: string;
  flow?: string;
  flowVersion?: number;
  project?: string;
  limit: number;
}

interface TaskRow {
  id: string;
  name: string;
  slug: string;
  flowName: string;
  flowVersion: number;
  created: string;
  mapped: boolean;
  type: string | null;
}

async function listTasks(client: Client, options: TaskOptions): Promise<TaskRow[]> {
  const data = await client.graphql<{
    flows: {
      nodes: {
        name: string;
        version: number;
        created: string;
        tasks: { id: string; name: string; slug: string; mapped: boolean; type: string | null }[];
      }[];
    };
  }>(
    `query getTasks($filter: FlowFilter, $allVersions: Boolean) {
      flows(filter: $filter, allVersions: $allVersions, first: 500) {
        nodes { name version created tasks { id name slug mapped type } } } }`,
    {
      filter: {
        ...(options.flow ? { name: options.flow } : {}),
        ...(options.project ? { projectName: options.project } : {}),
      },
      allVersions: options.flowVersion !== undefined,
    },
  );
  return data.flows.nodes
    .filter((flow) => options.flowVersion === undefined || flow.version === options.flowVersion)
    .flatMap((flow) =>
      flow.tasks.map((task) => ({
        ...task,
        flowName: flow.name,
        flowVersion: flow.version,
        created: flow.created,
      })),
    )
    .filter((task) => options.name === undefined || task.name === options.name)
    .slice(0, options.limit);
}

async function allLogs(client: Client, flowRunId: string): Promise<RunLog[]> {
  const logs: RunLog[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.getLogs({ flowRunId, first: 500, ...(after ? { after } : {}) });
    logs.push(...page.nodes);
    if (!page.hasNextPage || !page.endCursor) return logs;
    after = page.endCursor;
  }
}

function projectNotFound(name: string): CliError {
  return new CliError({
    code: 'PROJECT_NOT_FOUND',
    message: `Project "${name}" not found. Create it with \`headwater create project "${name}"\`.`,
  });
}

/** When a run that has not started is due: `due 2026-12-02 15:04:05 UTC (in 5 minutes)`. */
function dueTime(run: FlowRunSummary): string {
  return run.state === 'Scheduled' ? formatDue(run.scheduledStartTime) : '';
}
