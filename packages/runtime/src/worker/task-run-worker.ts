import type { Client, FlowRunInfo } from '@headwater/client';
import {
  deserializeState,
  type Flow,
  loadStorage,
  Pending,
  type RunnerHooks,
  receiveState,
  runTaskRunRequest,
  type SerializedStorage,
  type State,
  type TaskRunRequest,
  type TransportedState,
  transportState,
} from '@headwater/core';
import { LogShipper } from '../runner/log-shipper.js';
import { RunLogger } from '../runner/run-logger.js';
import { inLogScope, setScopeLogger } from '../runner/task-log-scope.js';
import { TaskRunReporter } from '../runner/task-run-reporter.js';

/** Options of a {@link TaskRunWorker}. */
export interface TaskRunWorkerOptions {
  /** The API the task runs are reported to. */
  client: Client;
  /** Loads a flow run's flow. @default from the run's registered storage, as `execute flow-run` does */
  loadFlow?: (run: FlowRunInfo) => Promise<Flow>;
  /** Ship task logs to the API. @default true */
  logToCloud?: boolean;
  /** Local output. @default stderr */
  write?: (line: string) => void;
  /**
   * Flow runs whose flow stays loaded.
   * @default 16
   */
  keepFlowRuns?: number;
}

/** What one task run is handed with, besides its request. */
export interface TaskRunDelivery {
  /** The state a previous delivery of the same request kept before it wrote a final state. */
  kept?: TransportedState | undefined;
  /** Keeps the final state (with its result) before it is written, for a delivery that follows a crash. */
  keep?: (state: TransportedState) => Promise<void>;
  signal?: AbortSignal;
}

interface LoadedRun {
  info: FlowRunInfo;
  flow: Flow;
  logger: RunLogger;
  shipper: LogShipper | undefined;
}

/** Meta states (Submitted, Queued) wrap the state a run is really in. */
function unwrap(state: State): State {
  let current = state;
  while (current.isMetaState() && 'state' in current && current.state) current = current.state as State;
  return current.isMetaState() ? new Pending({ message: current.message }) : current;
}

const loadFromStorage = async (run: FlowRunInfo) =>
  (await loadStorage(run.flow.storage as SerializedStorage)).getFlow(run.flow.name);

/**
 * Runs task runs that a flow run's process sent elsewhere (`Executor.runTaskRun`), in any
 * process that reaches the API and the flow's storage: loads the flow run's flow from its
 * storage (once per flow run), then runs the task with the engine and reports its task-run
 * states and logs to the API as the flow run's own process would, version-locked. A task
 * run found `Running` was left by a process that stopped: it runs again under the version
 * lock, so each state is written once. Results come back in the reply; the API only sees
 * them through the flow's own result handler.
 *
 * @example
 * ```ts
 * const worker = new TaskRunWorker({ client: new Client() });
 * const reply = await worker.run(request);
 * await worker.close();
 * ```
 */
export class TaskRunWorker {
  readonly #options: TaskRunWorkerOptions;
  readonly #runs = new Map<string, Promise<LoadedRun>>();

  constructor(options: TaskRunWorkerOptions) {
    this.#options = options;
  }

  /** Runs one task run; resolves to its state after this run. */
  run(request: TaskRunRequest, delivery: TaskRunDelivery = {}): Promise<TransportedState> {
    return inLogScope(() => this.#run(request, delivery));
  }

  async #run(request: TaskRunRequest, delivery: TaskRunDelivery): Promise<TransportedState> {
    const flowRunId = request.context.flowRunId;
    if (typeof flowRunId !== 'string') {
      throw new Error(
        `The task run request for ${request.taskSlug} names no flow run (context.flowRunId): it was not sent by a Headwater flow run.`,
      );
    }
    const run = await this.#load(flowRunId);
    const { client } = this.#options;
    const taskId = run.info.taskRuns.find((taskRun) => taskRun.taskSlug === request.taskSlug)?.taskId;
    if (taskId === undefined) {
      throw new Error(
        `Flow run ${run.info.name} has no task "${request.taskSlug}"; register the flow again so its metadata matches its storage.`,
      );
    }
    const reporter = new TaskRunReporter({
      client,
      logger: run.logger,
      flowRunVersion: () => request.context.flowRunVersion as number,
    });
    const hooks: RunnerHooks = {
      initializeTaskRun: async ({ task, mapIndex }) => {
        const taskRun = await client.getOrCreateTaskRun({ flowRunId, taskId, mapIndex: mapIndex ?? -1 });
        setScopeLogger(reporter.taskLogger(task, mapIndex, taskRun.id));
        let state = unwrap(deserializeState(taskRun.serializedState));
        if (state.isFinished() && delivery.kept) state = receiveState(delivery.kept);
        else if (state.isRunning()) {
          state = new Pending({ message: 'Running again: the process that ran it stopped.' });
        }
        return { state, context: { taskRunId: taskRun.id, taskRunVersion: taskRun.version, taskId } };
      },
      taskRunStateChange: async (change) => {
        if (change.newState.isFinished()) await delivery.keep?.(transportState(change.newState));
        return reporter.stateChange(change);
      },
    };
    // Without a result handler of the flow's own, results travel back in the reply only.
    const checkpoint = request.checkpoint && run.flow.resultHandler !== undefined;
    return runTaskRunRequest(
      run.flow,
      { ...request, checkpoint },
      { hooks, ...(delivery.signal ? { signal: delivery.signal } : {}) },
    );
  }

  #load(flowRunId: string): Promise<LoadedRun> {
    let loaded = this.#runs.get(flowRunId);
    if (loaded === undefined) {
      loaded = this.#loadRun(flowRunId);
      loaded.catch(() => this.#runs.delete(flowRunId));
      this.#runs.set(flowRunId, loaded);
      const keep = this.#options.keepFlowRuns ?? 16;
      for (const [id, old] of this.#runs) {
        if (this.#runs.size <= keep) break;
        this.#runs.delete(id);
        void old.then(
          (run) => run.shipper?.close(),
          () => undefined,
        );
      }
    }
    return loaded;
  }

  async #loadRun(flowRunId: string): Promise<LoadedRun> {
    const { client } = this.#options;
    const info = await client.getFlowRunInfo(flowRunId);
    const flow = await (this.#options.loadFlow ?? loadFromStorage)(info);
    const write = this.#options.write;
    const shipper =
      this.#options.logToCloud === false
        ? undefined
        : new LogShipper({
            client,
            onError: (error) =>
              (write ?? ((line: string) => process.stderr.write(line)))(
                `Could not ship logs to the API (will retry): ${(error as Error).message}\n`,
              ),
          });
    const logger = new RunLogger(
      'headwater.TaskRunWorker',
      { flowRunId: info.id, flowName: info.flow.name },
      { shipper, ...(write ? { write } : {}) },
    );
    return { info, flow, logger, shipper };
  }

  /** Sends the log lines still waiting. */
  async close(): Promise<void> {
    const runs = [...this.#runs.values()];
    this.#runs.clear();
    for (const run of runs)
      await run.then(
        (loaded) => loaded.shipper?.close(),
        () => undefined,
      );
  }
}
