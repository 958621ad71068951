import { executeBundledFlowRun } from './execute-bundled-flow-run.js';
import { flowsOf, runHealthCheckCommand } from './health-check-command.js';
import { serveStandbyRuns } from './serve-standby-runs.js';
import { startedReporter } from './standby-handover.js';
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
  /**
   * Imports the flow modules afresh (a new instance of each, `key` telling them apart), for
   * a process that runs several runs: each run gets flow code no earlier run touched.
   * Without it, a process runs one run only.
   */
  freshModules?: (key: number) => Promise<readonly Record<string, unknown>[]>;
  /** The command line after `node entry.mjs`, e.g. `['health-check', '/opt/headwater/health-check.json']`. */
  argv: readonly string[];
  manifest: FlowEntrypointManifest;
  /** Where output goes. @default process.stdout / process.stderr */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const USAGE =
  'usage: headwater <list | health-check <expected.json> | execute flow-run [--started-fd=<n>] [--standby [--reuse]]>';

/**
 * The command line of a flow bundle (`node entry.mjs <command>`, `headwater <command>` in
 * a flow image): `list` prints the bundle's flows; `health-check <expected.json>` checks
 * that every flow loads and serializes to the metadata the host computed, that Node has
 * the expected major and that every dependency imports, printing the real errors and
 * stacks. Failure sets a non-zero exit code (a failing health check fails the image build).
 * `execute flow-run` runs the flow run named by `HEADWATER__CONTEXT__FLOW_RUN_ID` with the
 * cloud runner, then exits with the run's exit code. With `--standby`, an agent starts the
 * process ahead of time and hands it the run on stdin (see {@link serveStandbyRuns}); with
 * `--reuse` too, the process may run several runs, one after another, each with fresh flow
 * modules; with `--started-fd=<n>`, the process says on that descriptor when its run is
 * Running and, with `--reuse`, when it finished (see `RunProcessSignals`).
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
      // `--standby`: an agent started this process ahead of time; its runs come on stdin.
      if (args.includes('--standby')) {
        return process.exit(await serveStandbyRuns({ ...options, flows, args, err }));
      }
      // The run is over (states and logs are written): task work it abandoned (a timed-out
      // task, a run stopped on request) must not keep the process alive.
      return process.exit(await executeBundledFlowRun(flows, err, { onStarted: startedReporter(args) }));
    }
    default:
      err(`${command ? `unknown command "${command}"; ` : ''}${USAGE}\n`);
      process.exitCode = 2;
  }
}
