import { Client } from '@headwater/client';
import { type Flow, RUN_ENVIRONMENT } from '@headwater/core';
import { executeBundledFlowRun } from './execute-bundled-flow-run.js';
import { flowsOf } from './health-check-command.js';
import { processLeftovers, takeProcessSnapshot } from './process-leftovers.js';
import { REUSE_FLAG, runProcessSignals, standbyHandovers } from './standby-handover.js';

/**
 * Runs one process runs at most before it exits anyway: each run imports the flow modules
 * afresh, and Node keeps every module it imported until the process ends.
 */
export const MAX_RUNS_PER_PROCESS = 100;

/** Options of {@link serveStandbyRuns}. */
export interface StandbyOptions {
  /** The flows of the bundle as the process loaded them (for its first run). */
  flows: readonly Flow[];
  /** Imports the flow modules afresh for the next run; without it, the process runs one run. */
  freshModules?: (key: number) => Promise<readonly Record<string, unknown>[]>;
  /** The command line after `execute`. */
  args: readonly string[];
  err: (text: string) => void;
}

/**
 * A standby process (`execute flow-run --standby`): loaded ahead of time, it runs the runs
 * its agent hands over on stdin and returns the exit code to exit with. With `--reuse`, it
 * runs them one after another, each with flow modules imported afresh, for as long as each
 * run leaves the process as it found it (see {@link processLeftovers}), exits 0 and the
 * process ran fewer than {@link MAX_RUNS_PER_PROCESS}; otherwise it runs one run. While it
 * waits for its first run, it opens the connection to the API the runs report to.
 */
export async function serveStandbyRuns(options: StandbyOptions): Promise<number> {
  const client = new Client({ env: process.env, config: {} });
  void client.hello().catch(() => undefined);
  const signals = runProcessSignals(options.args);
  const { freshModules } = options;
  const reuse = options.args.includes(REUSE_FLAG) && freshModules !== undefined;
  if (reuse) signals.reusable();
  let flows = options.flows;
  let served = 0;
  for await (const handover of standbyHandovers(process.stdin)) {
    const before = takeProcessSnapshot();
    process.env[RUN_ENVIRONMENT.flowRunId] = handover.flowRunId;
    const exitCode = await executeBundledFlowRun(flows, options.err, {
      client,
      ...(handover.flowRun ? { flowRun: handover.flowRun } : {}),
      onStarted: signals.started,
    });
    served++;
    delete process.env[RUN_ENVIRONMENT.flowRunId];
    if (!reuse || exitCode !== 0 || served >= MAX_RUNS_PER_PROCESS) return exitCode;
    const left = await processLeftovers(before);
    if (left.length > 0) {
      options.err(
        `headwater: this process ends instead of running another run: the run left ${left.join(', ')} behind.\n`,
      );
      return exitCode;
    }
    try {
      flows = flowsOf(await freshModules(served));
    } catch (error) {
      options.err(
        `headwater: this process ends: importing the flows again failed: ${(error as Error).message}\n`,
      );
      return exitCode;
    }
    signals.finished(exitCode);
  }
  return 0;
}
