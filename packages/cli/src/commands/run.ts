import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, RunLog } from '@headwater/client';
import type { Command } from 'commander';
import { clientFromCommand } from '../client-from-command.js';
import { ExitError } from '../exit-error.js';
import { findFlow } from '../find-flow.js';
import { addDeprecatedAlias } from '../options/deprecated-alias.js';
import { jsonOption } from '../options/flag-vocabulary.js';
import { formatDue, formatElapsed, formatTimestamp } from '../output/format-time.js';
import { Output } from '../output/output.js';
import { collect, parseParameters, parsePositiveInteger } from '../parse-options.js';
import { parseStartTime } from '../parse-start-time.js';
import { registerRunLocalCommand } from './run-local.js';

interface RunFlowOptions {
  name: string;
  project?: string;
  version?: number;
  param: string[];
  paramsFile?: string;
  runName?: string;
  label?: string[];
  at?: string;
  in?: string;
  watch?: boolean;
  logs?: boolean;
  pollInterval: number;
}

export function defineRunCommands(run: Command): void {
  run.addHelpText('after', '\nExample:\n  $ headwater run flow --name etl --project "My Project" --watch');

  const runFlow = run
    .command('flow')
    .description(
      'create a flow run of a deployed flow and print its id; with --watch, follow it to the end (exit 0 on Success, 1 otherwise)',
    )
    .requiredOption('-n, --name <name>', 'the flow name')
    .option('-p, --project <project>', 'the project (needed when the name is used in several)')
    .option('-v, --version <version>', 'the flow version (default: the latest)', parsePositiveInteger)
    .option(
      '--param <key=value>',
      'a parameter value, JSON or a string; the text as typed when the parameter is declared a string (repeatable)',
      collect,
      [],
    )
    .option('--params-file <file>', 'a JSON file with parameter values (--param wins)')
    .option('--run-name <name>', 'a name for the run (default: two random words)')
    .option(
      '--label <label>',
      'a label an agent must have to run it (repeatable; default: the flow’s)',
      collect,
    )
    .option(
      '--at <time>',
      'start the run at this time, ISO 8601, local time unless it names a zone (e.g. 2030-05-01T09:00)',
    )
    .option('--in <duration>', 'start the run after this long: 30s, 10m, 2h, 1d, 1h30m')
    .option('-w, --watch', 'follow the run state by state until it finishes')
    .option('--logs', 'print the run’s logs as they arrive (implies --watch)')
    .option('--poll-interval <ms>', 'how often --watch asks for news', parsePositiveInteger, 1000)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ headwater run flow --name etl --project "My Project" --param day=2024-05-01 --param limit=10
  $ headwater run flow --name etl --params-file params.json --watch --logs
  $ headwater run flow --name etl --in 2h`,
    )
    .action(async (options: RunFlowOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const parameters = parseParameters(options.param, options.paramsFile);
      const startTime = parseStartTime({ at: options.at, in: options.in });
      const client = await clientFromCommand(command);
      const flow = await findFlow(client, {
        name: options.name,
        projectName: options.project,
        version: options.version,
      });
      // Loaded here: it needs core's schema checks, which `headwater --help` and `get` never load.
      const { declaredTextValues } = await import('../declared-text-values.js');
      const created = await client.createFlowRun({
        flowId: flow.id,
        parameters: await declaredTextValues(client, flow.id, parameters, options.param),
        ...(options.runName ? { name: options.runName } : {}),
        ...(options.label ? { labels: options.label } : {}),
        ...(startTime ? { scheduledStartTime: startTime } : {}),
      });
      const due = startTime ? `, ${formatDue(created.flowRun.scheduledStartTime)}` : '';
      if (!options.watch && !options.logs) {
        output.result(
          created.flowRun,
          `Flow run "${created.name}" of ${flow.name} v${flow.version}: ${created.id}${due}`,
        );
        return;
      }
      output.note(`Flow run "${created.name}" of ${flow.name} v${flow.version}: ${created.id}${due}`);
      const finalState = await watchFlowRun(client, output, created.id, {
        logs: options.logs === true,
        pollInterval: options.pollInterval,
      });
      const finished = await client.getFlowRun(created.id);
      output.result(
        finished,
        `Flow run "${finished.name}" finished: ${output.stateStyle(finalState)}${finished.stateMessage ? ` (${finished.stateMessage})` : ''}${tookTime(finished)}`,
      );
      const { isStateType, isStateTypeOf } = await import('@headwater/core');
      if (!(isStateType(finalState) && isStateTypeOf(finalState, 'Success'))) throw new ExitError(1);
    });
  addDeprecatedAlias(runFlow, '-l', '--logs');
  registerRunLocalCommand(run);
}

/**
 * Follows a flow run until it is in a finished state, printing each state it passes
 * through (and its logs). Ctrl-C stops watching (exit 130); the run goes on.
 */
async function watchFlowRun(
  client: Client,
  output: Output,
  flowRunId: string,
  options: { logs: boolean; pollInterval: number },
): Promise<string> {
  const { FINISHED_STATES } = await import('@headwater/core');
  const reporter = await output.progress();
  const controller = new AbortController();
  const signal = controller.signal;
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let statesSeen = 0;
  let logCursor: string | undefined;
  let waitingFor: string | null = null;
  const print = (events: { time: string; line: string }[]) => {
    if (output.json || output.quiet) return;
    events.sort((a, b) => a.time.localeCompare(b.time));
    for (const event of events) reporter.print(event.line, output.stdout);
  };
  reporter.step('watch', 'Waiting for the run to finish');
  try {
    for (;;) {
      const states = await client.getFlowRunStates(flowRunId, { signal });
      const events = states.slice(statesSeen).map((record) => ({
        time: record.timestamp,
        line: `${formatTimestamp(record.timestamp)}  ${output.stateStyle(record.state)}${record.message ? `  ${output.style('dim', record.message)}` : ''}`,
      }));
      statesSeen = states.length;
      if (options.logs) {
        const logs = await newLogs(client, flowRunId, logCursor, signal);
        logCursor = logs.cursor;
        events.push(...logs.logs.map((log) => ({ time: log.timestamp, line: formatLog(output, log) })));
      }
      print(events);
      const current = states.at(-1)?.state;
      if (current === 'Scheduled') {
        const reason = (await client.getFlowRun(flowRunId, { signal })).waitingFor;
        if (reason && reason !== waitingFor && !output.quiet)
          reporter.print(`${output.style('yellow', 'Waiting:')} ${reason}`);
        waitingFor = reason;
      }
      if (current) reporter.progress('watch', states.length, undefined, current);
      if (current && (FINISHED_STATES as readonly string[]).includes(current)) {
        if (options.logs) {
          // The run's last lines may reach the API just after its final state.
          await sleep(options.pollInterval, undefined, { signal });
          const last = await newLogs(client, flowRunId, logCursor, signal);
          print(last.logs.map((log) => ({ time: log.timestamp, line: formatLog(output, log) })));
        }
        reporter.done('watch', current);
        return current;
      }
      await sleep(options.pollInterval, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) {
      reporter.stop();
      output.warn(
        `Stopped watching; flow run ${flowRunId} goes on. Follow it with \`headwater get flow-runs\`.`,
      );
      throw new ExitError(130);
    }
    reporter.fail('watch', error as Error);
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Log lines after `cursor`, every page of them, and the cursor to ask from next time. */
async function newLogs(
  client: Client,
  flowRunId: string,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<{ logs: RunLog[]; cursor: string | undefined }> {
  const logs: RunLog[] = [];
  let after = cursor;
  for (;;) {
    const page = await client.getLogs({ flowRunId, first: 500, ...(after ? { after } : {}) }, { signal });
    logs.push(...page.nodes);
    after = page.endCursor ?? after;
    if (!page.hasNextPage) return { logs, cursor: after };
  }
}

/** ` in 1m 12s` for a run whose start and end are known, else nothing. */
function tookTime(run: { startTime: string | null; endTime: string | null }): string {
  const elapsed = formatElapsed(run.startTime, run.endTime);
  return elapsed ? ` in ${elapsed}` : '';
}

function formatLog(output: Output, log: RunLog): string {
  const padded = log.level.padEnd(8);
  const level = log.level === 'ERROR' || log.level === 'CRITICAL' ? output.style('red', padded) : padded;
  return `${formatTimestamp(log.timestamp)}  ${level}  ${log.name ? `${log.name}: ` : ''}${log.message}`;
}
