import { Client, type FlowRunInfo } from '@headwater/client';
import { type Flow, RUN_ENVIRONMENT } from '@headwater/core';
import { type ExecuteFlowRunOptions, executeFlowRun } from '../runner/execute-flow-run.js';
import { flowsOf, runHealthCheckCommand } from './health-check-command.js';
import { readStandbyHandover, startedReporter } from './standby-handover.js';
import { surviveLostOutput } from './survive-lost-output.js';

/**
 * The manifest a storage backend writes next to a flow bundle (`headwater-manifest.json`);
 * only the fields the entrypoint reads.
 */
export interface FlowEntrypointManifest {
  /** Flow name → index into `modules` of the module defining it. */
  flows: Readonly<Record<string, { module: number }>>;
  /** The Node major the bundle was built for. */
  node_major?: number;
  /** Packages installed next to the bundle. */
  dependencies?: readonly string[];
}

/** Options of {@link runFlowEntrypoint}. */
export interface FlowEntrypointOptions {
  /** The bundled flow modules (their exports), in manifest order. */
  modules: readonly Record<string, unknown>[];
  /** The command line after `node entry.mjs`, e.g. `['health-check', '/opt/headwater/health-check.json']`. */
  argv: readonly string[];
  manifest: FlowEntrypointManifest;
  /** Where output goes. @default process.stdout / process.stderr */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const USAGE =
  'usage: headwater <list | health-check <expected.json> | execute flow-run [--started-fd=<n>] [--standby]>';

/**
 * The command line of a flow bundle (`node entry.mjs <command>`, `headwater <command>` in
 * a flow image): `list` prints the bundle's flows; `health-check <expected.json>` checks
 * that every flow loads and serializes to the metadata the host computed, that Node has
 * the expected major and that every dependency imports, printing the real errors and
 * stacks. Failure sets a non-zero exit code (a failing health check fails the image build).
 * `execute flow-run` runs the flow run named by `HEADWATER__CONTEXT__FLOW_RUN_ID` with the
 * cloud runner, then exits with the run's exit code. With `--standby`, an agent starts the
 * process ahead of time and hands it the run on stdin (see {@link readStandbyHandover}); with
 * `--started-fd=<n>`, the process writes `started` on that descriptor once its run is Running.
 */
export async function runFlowEntrypoint(options: FlowEntrypointOptions): Promise<void> {
  const out = options.stdout ?? ((text: string) => process.stdout.write(text));
  const err = options.stderr ?? ((text: string) => process.stderr.write(text));
  const [command, ...args] = options.argv;
  const flows = flowsOf(options.modules);
  switch (command) {
    case 'list': {
      for (const flow of flows) out(`${flow.name}\n`);
      return;
    }
    case 'health-check': {
      const file = args[0];
      if (!file) {
        err(`${USAGE}\n`);
        process.exitCode = 2;
        return;
      }
      const exitCode = await runHealthCheckCommand({
        modules: options.modules,
        file,
        stdout: out,
        stderr: err,
      });
      if (exitCode !== 0) process.exitCode = exitCode;
      return;
    }
    case 'execute': {
      if (args[0] !== 'flow-run') {
        err(`${USAGE}\n`);
        process.exitCode = 2;
        return;
      }
      // The run outlives its agent: output nobody reads any more must not end it.
      surviveLostOutput();
      // `--standby`: an agent started this process ahead of time; the run comes on stdin
      // (a standby whose agent is gone before it named a run sees the end of stdin and exits).
      let client: Client | undefined;
      let flowRun: FlowRunInfo | undefined;
      if (args.includes('--standby')) {
        // Meanwhile, open the connection to the API the run will report to.
        client = new Client({ env: process.env, config: {} });
        void client.hello().catch(() => undefined);
        const handover = await readStandbyHandover(process.stdin);
        if (!handover) return process.exit(0);
        process.env[RUN_ENVIRONMENT.flowRunId] = handover.flowRunId;
        flowRun = handover.flowRun;
      }
      // The run is over (states and logs are written): task work it abandoned (a timed-out
      // task, a run stopped on request) must not keep the process alive.
      return process.exit(
        await executeBundledFlowRun(flows, err, {
          ...(client ? { client } : {}),
          ...(flowRun ? { flowRun } : {}),
          onStarted: startedReporter(args),
        }),
      );
    }
    default:
      err(`${command ? `unknown command "${command}"; ` : ''}${USAGE}\n`);
      process.exitCode = 2;
  }
}

/** `execute flow-run`: runs the flow run an agent named, with the flow from this bundle. */
async function executeBundledFlowRun(
  flows: readonly Flow[],
  err: (text: string) => void,
  handed: Pick<ExecuteFlowRunOptions, 'client' | 'flowRun' | 'onStarted'>,
): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const { exitCode } = await executeFlowRun({
      ...handed,
      signal: stop.signal,
      write: err,
      loadFlow: async (run) => {
        const flow = flows.find((candidate) => candidate.name === run.flow.name);
        if (!flow) {
          throw new Error(
            `this bundle holds no flow named "${run.flow.name}" (it holds: ${flows.map((f) => f.name).join(', ') || 'none'}); deploy the flow again so its storage and its registration match.`,
          );
        }
        return flow;
      },
    });
    return exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
