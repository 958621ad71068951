import type { FlowRunInfo } from '@headwater/client';
import { Client, resolveConnection } from '@headwater/client';
import {
  defaultEnvironment,
  type EnvironmentV1,
  Failed,
  type Flow,
  RUN_ENVIRONMENT,
  type SerializedEnvironment,
  type SerializedStorage,
  type StorageBackendV2,
} from '@headwater/core';
import { environmentFromSerialized } from '@headwater/environments';
import { apiFlowRunLauncher } from './api-flow-run-launcher.js';
import { apiSecrets } from './api-secrets.js';
import { CloudFlowRunner, type CloudRunOutcome } from './cloud-flow-runner.js';
import { LogShipper } from './log-shipper.js';
import { maskProcessOutput } from './mask-output.js';
import { maskingClient } from './masking-client.js';
import { parseLogLevel, RunLogger } from './run-logger.js';
import { RunWatcher } from './run-watcher.js';
import { SecretMask } from './secret-mask.js';
import { captureConsole } from './task-log-scope.js';

/**
 * Options of {@link executeFlowRun}. The run process takes everything else from the
 * variables its agent set (`HEADWATER__SECTION__KEY`): `HEADWATER__CLOUD__API`,
 * `HEADWATER__CLOUD__AUTH_TOKEN`, `HEADWATER__CONTEXT__FLOW_RUN_ID`, `HEADWATER__LOGGING__LEVEL`
 * (default INFO), `HEADWATER__LOGGING__LOG_TO_CLOUD`, `HEADWATER__LOGGING__FLUSH_INTERVAL`
 * (seconds, default 1), `HEADWATER__CLOUD__HEARTBEAT_INTERVAL` (seconds, default 30),
 * `HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL` (seconds, default 5),
 * `HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT` (seconds, default 60: later retries leave the
 * run to the agent) and `HEADWATER__FLOWS__CHECKPOINTING` (default true).
 *
 * @example
 * ```ts
 * const { exitCode } = await executeFlowRun({
 *   loadFlow: async (run) => (await loadStorage(run.flow.storage)).getFlow(run.flow.name),
 * });
 * ```
 */
export interface ExecuteFlowRunOptions {
  /** Loads the flow to run, from what the API says about the run (its storage, its flow's name). */
  loadFlow: (run: FlowRunInfo, options: { signal: AbortSignal }) => Promise<Flow>;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default a client for `HEADWATER__CLOUD__API` with `HEADWATER__CLOUD__AUTH_TOKEN` */
  client?: Client;
  /**
   * Stops the process's work at once without touching the run's state (the agent hands
   * it back); resolves with `outcome: 'stopped'`.
   */
  signal?: AbortSignal;
  /** Local output (the container's or process's log). @default stderr */
  write?: (line: string) => void;
  /** Ship `console.*` output of tasks to the API too. @default true */
  captureConsole?: boolean;
  /**
   * The flow run as its agent's claim handed it over, so the process need not read it first;
   * read from the API when absent or when it is another run's.
   */
  flowRun?: FlowRunInfo;
  /** Called once the run is this process's: its Running state was written (or it was already Running). */
  onStarted?: () => void;
}

/** What {@link executeFlowRun} did. */
export interface FlowRunExecution {
  /** 0 when the run ended or was left for later on purpose; non-zero when it could not be run or reported. */
  exitCode: number;
  outcome: CloudRunOutcome['kind'] | 'no-run' | 'load-failed' | 'stopped';
  /** The run's state type when the process stopped, if known. */
  state?: string;
}

/** The settings a run process reads, from `HEADWATER__SECTION__KEY` variables. */
function runSettings(env: NodeJS.ProcessEnv) {
  const seconds = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value * 1000 : fallback;
  };
  const flag = (name: string, fallback: boolean) => {
    const value = env[name]?.trim().toLowerCase();
    return value === undefined || value === '' ? fallback : ['true', '1', 'yes', 'on'].includes(value);
  };
  return {
    logLevel: parseLogLevel(env.HEADWATER__LOGGING__LEVEL) ?? 'INFO',
    logToCloud: flag(RUN_ENVIRONMENT.logToCloud, false),
    logFlushIntervalMs: seconds('HEADWATER__LOGGING__FLUSH_INTERVAL', 1000),
    heartbeatIntervalMs: seconds('HEADWATER__CLOUD__HEARTBEAT_INTERVAL', 30_000),
    cancellationCheckIntervalMs: seconds('HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL', 5000),
    inProcessRetryLimitMs: seconds('HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT', 60_000),
    checkpointing: flag('HEADWATER__FLOWS__CHECKPOINTING', true),
  };
}

const errorText = (error: unknown) =>
  error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);

/**
 * Executes the flow run named by `HEADWATER__CONTEXT__FLOW_RUN_ID` (what
 * `headwater execute flow-run` and a flow image's entry do): reads the run, loads its flow,
 * resolves its environment's executor, and runs it with a {@link CloudFlowRunner} while
 * sending heartbeats, watching for cancellation and shipping logs in batches. A flow that
 * cannot be loaded fails the run with the real error (and its stack) in the logs.
 */
export async function executeFlowRun(options: ExecuteFlowRunOptions): Promise<FlowRunExecution> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const fatal = (message: string): FlowRunExecution => {
    write(`${new Date().toISOString()} - headwater.execute - CRITICAL - ${message}\n`);
    return { exitCode: 1, outcome: 'no-run' };
  };

  const settings = runSettings(env);
  const flowRunId = env[RUN_ENVIRONMENT.flowRunId];
  if (!flowRunId) {
    return fatal(
      `Not executing a Headwater flow run: ${RUN_ENVIRONMENT.flowRunId} is not set. Agents set it when they start a run; to run a flow here, use a FlowRunner.`,
    );
  }
  // A run reports to exactly the API and with exactly the token its agent handed over. Every
  // secret it reads is masked in whatever it sends from then on.
  const mask = new SecretMask();
  const apiClient = options.client ?? new Client({ env, config: {} });
  const client = maskingClient(apiClient, mask);
  let run: FlowRunInfo;
  try {
    run = options.flowRun?.id === flowRunId ? options.flowRun : await client.getFlowRunInfo(flowRunId);
  } catch (error) {
    return fatal(
      `Could not read flow run ${flowRunId} from the API at ${client.api}: ${(error as Error).message}`,
    );
  }

  const shipper = settings.logToCloud
    ? new LogShipper({
        client,
        flushIntervalMs: settings.logFlushIntervalMs,
        onError: (error) =>
          write(`Could not ship logs to the API (will retry): ${(error as Error).message}\n`),
      })
    : undefined;
  const logger = new RunLogger(
    'headwater.CloudFlowRunner',
    { flowRunId: run.id, flowName: run.flow.name },
    { shipper, level: settings.logLevel, write, mask },
  );
  const restoreConsole = options.captureConsole === false || !shipper ? () => {} : captureConsole(logger);
  const restoreOutput = maskProcessOutput(mask);
  const cancel = new AbortController();
  const watcher = new RunWatcher({
    client,
    flowRunId: run.id,
    heartbeatThread: { api: client.apis, token: resolveConnection({ env, config: {} }).token },
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    cancellationCheckIntervalMs: settings.cancellationCheckIntervalMs,
    onCancel: () => {
      if (cancel.signal.aborted) return;
      logger.warning('The flow run was cancelled in the API: stopping its tasks.');
      cancel.abort();
    },
    onError: (what, error) =>
      logger.warning(`A ${what} failed (the next one tries again): ${(error as Error).message}`),
  });

  const failBeforeRunning = async (message: string): Promise<FlowRunExecution> => {
    logger.error(message);
    try {
      await client.setFlowRunState(
        run.id,
        run.version,
        new Failed({ message: message.split('\n')[0] }).serialize(),
      );
    } catch (error) {
      logger.error(`Could not mark flow run ${run.name} Failed: ${(error as Error).message}`);
    }
    return { exitCode: 1, outcome: 'load-failed', state: 'Failed' };
  };

  const execution = (async (): Promise<FlowRunExecution> => {
    logger.info(`Beginning flow run ${run.name} (${run.id}) of flow ${run.flow.name}.`);
    const stopSignal = options.signal ?? new AbortController().signal;
    let flow: Flow;
    try {
      flow = await options.loadFlow(run, { signal: stopSignal });
    } catch (error) {
      return failBeforeRunning(`Failed to load flow ${run.flow.name} from its storage: ${errorText(error)}`);
    }
    let environment: EnvironmentV1;
    try {
      environment = environmentFromSerialized(
        (run.flow.environment as SerializedEnvironment | null) ?? defaultEnvironment(),
      );
    } catch (error) {
      return failBeforeRunning(
        `Failed to load the environment of flow ${run.flow.name}: ${errorText(error)}`,
      );
    }
    const runner = new CloudFlowRunner({
      client,
      flowRun: run,
      logger,
      onOwned: ({ wroteRunning }) => {
        watcher.start({ heartbeatRenewed: wroteRunning });
        options.onStarted?.();
      },
      onCancelling: () => cancel.abort(),
      ...(shipper ? { flushLogs: () => shipper.flush() } : {}),
      checkpoint: settings.checkpointing,
      inProcessRetryLimitMs: settings.inProcessRetryLimitMs,
      services: {
        secrets: apiSecrets(apiClient, run.id, mask),
        flowRuns: apiFlowRunLauncher({ client, log: (message) => logger.info(message) }),
      },
    });
    let outcome: CloudRunOutcome | undefined;
    try {
      await environment.execute(loadedStorage(flow, run), run.flow.name, {
        signal: cancel.signal,
        parameters: run.parameters,
        runFlow: async (loaded, runOptions) => {
          outcome = await runner.run(loaded, { ...runOptions, signal: cancel.signal });
          return outcome;
        },
      });
    } catch (error) {
      if (outcome === undefined) {
        return failBeforeRunning(
          `Failed to load and execute the environment of flow ${run.flow.name}: ${errorText(error)}`,
        );
      }
      throw error;
    }
    return describe(outcome!, logger);
  })();

  try {
    if (!options.signal) return await execution;
    const stopped = new Promise<FlowRunExecution>((resolve) => {
      const onStop = () => resolve({ exitCode: 143, outcome: 'stopped' });
      if (options.signal!.aborted) onStop();
      options.signal!.addEventListener('abort', onStop, { once: true });
    });
    const result = await Promise.race([execution, stopped]);
    if (result.outcome === 'stopped') {
      logger.warning('This process was asked to stop before the run finished; its agent hands the run back.');
    }
    return result;
  } catch (error) {
    logger.critical(`The flow run stopped on an unexpected error: ${errorText(error)}`);
    return { exitCode: 1, outcome: 'report-failed' };
  } finally {
    await watcher.stop();
    restoreConsole();
    await shipper?.close();
    restoreOutput();
  }
}

/** A storage stand-in that hands the environment the flow already loaded. */
function loadedStorage(flow: Flow, run: FlowRunInfo): StorageBackendV2 {
  const storage: StorageBackendV2 = {
    specificationVersion: 'v2',
    name: String((run.flow.storage as { type?: unknown } | null)?.type ?? 'Loaded'),
    flows: { [flow.name]: flow.name },
    addFlow: () => {
      throw new Error('A loaded flow run storage takes no new flows.');
    },
    contains: (name) => name === flow.name,
    getFlow: async () => flow,
    build: async () => storage,
    launch: () => Promise.reject(new Error('A flow run already running is not launched again.')),
    serialize: () => ({ ...((run.flow.storage ?? {}) as SerializedStorage) }),
  };
  return storage;
}

function describe(outcome: CloudRunOutcome, logger: RunLogger): FlowRunExecution {
  switch (outcome.kind) {
    case 'finished':
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'not-due':
      logger.info('The flow run is not due yet; nothing ran.');
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'not-runnable':
      logger.info(`The flow run is ${outcome.state.type}; nothing to run.`);
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'not-ours':
      logger.info(`Nothing ran here: ${outcome.reason}.`);
      return { exitCode: 0, outcome: outcome.kind };
    case 'queued':
      logger.info(
        'The flow concurrency limit is full: the flow run waits Queued and an agent starts it again when it is due.',
      );
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'paused':
      logger.info(
        'Only paused tasks are left: the flow run is Paused and this process ends; resuming it (headwater resume) or its wake-up time runs it again.',
      );
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'unfinished':
      logger.info(
        'Some tasks are left for later (retries or task runs held elsewhere); the flow run stays Running.',
      );
      return { exitCode: 0, outcome: outcome.kind, state: outcome.state.type };
    case 'report-failed':
      logger.critical(
        `The flow run could not be reported to the API: ${(outcome.error as Error)?.message ?? outcome.error}`,
      );
      return { exitCode: 1, outcome: outcome.kind, state: outcome.state.type };
  }
}
