import type { Flow } from '@headwater/core';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { clientFromCommand } from '../client-from-command.js';
import { ExitError } from '../exit-error.js';
import { findFlowRunByReference } from '../find-flow-run.js';
import type { ReplayPlan } from '../local-run/replay-plan.js';
import { Output } from '../output/output.js';
import { collect } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

interface RunLocalOptions {
  flow?: string;
  param: string[];
  paramsFile?: string;
  fromRun?: string;
}

/** `headwater run local <file>`: a flow file's flow, run in this process, no server needed. */
export function registerRunLocalCommand(run: Command): void {
  run
    .command('local')
    .description(
      'run a flow file’s flow in this process, no server or agent needed (exit 0 on Success, 1 otherwise); with --from-run, replay a flow run from its failed task',
    )
    .argument('<file>', 'the TypeScript or JavaScript module that exports the flow')
    .option('-f, --flow <name>', 'the flow to run, when the file exports several')
    .option(
      '--param <key=value>',
      'a parameter value, JSON or a string; the text as typed when the parameter is declared a string (repeatable)',
      collect,
      [],
    )
    .option('--params-file <file>', 'a JSON file with parameter values (--param wins)')
    .option(
      '--from-run <flow-run>',
      'replay this flow run (id or name): its parameters, its context and the results of its tasks that succeeded; the others run here',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Tasks run in this process: to stop at breakpoints in them, start the CLI under the inspector,
  node --inspect-brk "$(command -v headwater)" run local ./flows/etl.ts
and attach a debugger (chrome://inspect, VS Code's "Attach to Node Process").

With --from-run, the run's parameters and context are used (--param overrides them), the
tasks that succeeded are not run again and pass their checkpointed results on, and every
result that cannot be fetched (a file written on another machine, a task without a
checkpoint) is named, with why, and its task runs again.

Examples:
  $ headwater run local ./flows/etl.ts --param day=2024-05-01
  $ headwater run local ./flows/etl.ts --from-run crimson-otter`,
    )
    .action(async (file: string, options: RunLocalOptions, command: Command) => {
      const output = Output.fromCommand(command);
      const { loadFlows } = await import('../load-flows.js');
      const { flows } = await loadFlows(file, options.flow);
      const plan = options.fromRun ? await fetchReplayPlan(command, flows, options.fromRun) : undefined;
      const flow = plan ? plan.flow : onlyFlow(flows);
      await runAndReport(output, flow, options, plan?.plan);
    });
}

/** Runs `flow` here, printing task states as they finish and the final state; exit 1 unless Success. */
async function runAndReport(
  output: Output,
  flow: Flow,
  options: RunLocalOptions,
  plan: ReplayPlan | undefined,
): Promise<void> {
  const [{ localParameters }, { runFlowLocally }, report] = await Promise.all([
    import('../local-run/local-parameters.js'),
    import('../local-run/run-flow-locally.js'),
    import('../local-run/local-run-report.js'),
  ]);
  const parameters = localParameters(flow, options.param, options.paramsFile, plan?.parameters);
  if (plan) report.printReplayPlan(output, plan);
  else output.note(`Running flow "${flow.name}" in this process.`);
  const state = await runFlowLocally(flow, {
    parameters,
    ...(plan ? { context: plan.context, taskStates: plan.taskStates } : {}),
    onTaskFinished: (finished) => report.printFinishedTask(output, finished),
  });
  output.result(
    report.localRunDocument(flow.name, parameters, state, plan),
    `Flow "${flow.name}" finished: ${output.stateStyle(state.type)}${state.message ? ` (${state.message})` : ''}`,
  );
  if (!state.isSuccessful()) throw new ExitError(1);
}

/** The flow a file exports, when it is the only one. */
function onlyFlow(flows: readonly Flow[]): Flow {
  if (flows.length > 1) {
    throw new UsageError(
      `The file exports several flows (${flows.map((f) => `"${f.name}"`).join(', ')}): choose one with --flow.`,
    );
  }
  return flows[0]!;
}

/** The flow run named by `reference`, read from the API, and how to replay it with the file's flow of the same name. */
async function fetchReplayPlan(
  command: Command,
  flows: readonly Flow[],
  reference: string,
): Promise<{ flow: Flow; plan: ReplayPlan }> {
  const client = await clientFromCommand(command);
  const run = await findFlowRunByReference(client, reference);
  const info = await client.getFlowRunInfo(run.id);
  const flow = flows.find((candidate) => candidate.name === info.flow.name);
  if (!flow) {
    throw new CliError({
      code: 'FLOW_NOT_EXPORTED',
      message: `Flow run ${info.name} is a run of flow "${info.flow.name}", which the file does not export (it exports ${flows.map((f) => `"${f.name}"`).join(', ')}). Give the file that defines "${info.flow.name}".`,
    });
  }
  const { replayPlan } = await import('../local-run/replay-plan.js');
  return { flow, plan: await replayPlan(flow, info) };
}
