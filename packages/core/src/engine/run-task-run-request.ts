import type { ResultHandlerV1 } from '../contracts/result-handler.js';
import type { TaskRunRequest, TransportedState } from '../contracts/task-run-request.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import type { Flow } from '../flow/flow.js';
import type { State } from '../states/state.js';
import { type CacheStore, processCache } from './cache-store.js';
import type { RunnerHooks } from './runner-hooks.js';
import { TaskRunner } from './task-runner.js';
import { receiveState, transportState } from './transported-state.js';

/** Options of {@link runTaskRunRequest}. */
export interface RunTaskRunRequestOptions {
  /** Hooks that report the task run (its states, its id and version). */
  hooks?: RunnerHooks;
  /** Result handler of tasks that set none. @default the flow's */
  resultHandler?: ResultHandlerV1 | undefined;
  /** @default one store per process */
  cache?: CacheStore;
  signal?: AbortSignal;
}

const refuse = (request: TaskRunRequest, why: string) =>
  new HeadwaterError({
    code: 'TASK_RUN_REQUEST',
    message: `Cannot run task "${request.taskSlug}" of flow "${request.flowName}" here: ${why}. Deploy the flow again so every process runs the same version of it.`,
  });

/**
 * Runs one task run sent by another process (see `Executor.runTaskRun`) with the flow
 * loaded here: the same engine, retries, timeouts and hooks as in the flow run's process.
 * Resolves to the task run's state after this run, in transport form.
 *
 * @example
 * ```ts
 * const reply = await runTaskRunRequest(flow, request, { hooks });
 * ```
 */
export async function runTaskRunRequest(
  flow: Flow,
  request: TaskRunRequest,
  options: RunTaskRunRequestOptions = {},
): Promise<TransportedState> {
  const task = flow.getTask(request.taskSlug);
  if (task === undefined) throw refuse(request, `the flow loaded here has no task "${request.taskSlug}"`);
  const edges = flow.edgesTo(task);
  const mismatch =
    edges.length !== request.upstream.length ||
    edges.some((edge, i) => edge.upstream.slug !== request.upstream[i]!.upstreamSlug);
  if (mismatch) throw refuse(request, 'its upstream tasks differ from those of the flow run');
  const upstream = new Map(edges.map((edge, i) => [edge, receiveState(request.upstream[i]!.state)]));
  const runner = new TaskRunner(task, {
    flowName: flow.name,
    parameters: request.parameters,
    context: request.context,
    checkpoint: request.checkpoint,
    resultHandler: options.resultHandler ?? flow.resultHandler,
    inProcessRetryLimit: request.inProcessRetryLimit,
    hooks: options.hooks ?? {},
    cache: options.cache ?? processCache,
    signal: options.signal,
    flowModule: flow.sourceModule,
  });
  const state: State = await runner.run({
    upstream,
    mapIndex: request.mapIndex,
    ...(request.state ? { state: receiveState(request.state) } : {}),
  });
  return transportState(state);
}
