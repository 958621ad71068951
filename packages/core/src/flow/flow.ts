import { dirname } from 'node:path';
import type { DeployFlowFunction, FlowDeployOptions } from '../contracts/deploy.js';
import type { DockerDeployOptions } from '../contracts/docker-deploy-options.js';
import type { EnvironmentV1 } from '../contracts/environment.js';
import type { Executor } from '../contracts/executor.js';
import type { ResultHandlerV1 } from '../contracts/result-handler.js';
import type { StorageBackendV2 } from '../contracts/storage-backend.js';
import { FlowRunner, type FlowRunOptions, type FlowRunState } from '../engine/flow-runner.js';
import type { RunnerHooks } from '../engine/runner-hooks.js';
import { FlowValidationError } from '../errors/flow-validation-error.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { resolveExecutor } from '../executors/resolve-executor.js';
import { pluginSearchPaths } from '../plugins/plugin-search-paths.js';
import { resolveReference } from '../plugins/resolve-reference.js';
import type { Schedule } from '../schedules/schedule.js';
import { type SerializedFlow, serializeFlow } from '../serialization/serialize-flow.js';
import { Mapped, Retrying, type State } from '../states/state.js';
import { Constant } from '../tasks/constant.js';
import { Parameter } from '../tasks/parameter.js';
import { isTask, type Task } from '../tasks/task.js';
import { flowMermaidText, type VisualizeOptions, writeFlowSvg } from '../visualize/visualize-flow.js';
import {
  type AddOptions,
  type InputArgs,
  isUnmapped,
  type MappedInputs,
  type TaskInputs,
} from './bindings.js';
import { createDefaultStorage, refuseStorageOptions } from './default-storage.js';
import { Edge } from './edge.js';
import { isLoadingFlows } from './loading-flows.js';
import { runOnSchedule, type ScheduledRunOptions, type ScheduledRunsSummary } from './run-on-schedule.js';
import { callerFile, modulePath } from './source-module.js';
import { recordTaskFlow } from './task-flows.js';

/**
 * Options of `flow.run`: those of {@link FlowRunner.run}, plus the executor by name and
 * runner hooks.
 */
export interface LocalFlowRunOptions extends Omit<FlowRunOptions, 'executor'> {
  /** An executor, or its name (`"LocalConcurrentExecutor"`, `"<package>:<export>"`). @default LocalExecutor */
  executor?: Executor | string;
  /** Options for an executor given by name. */
  executorOptions?: Record<string, unknown>;
  /** Runner hooks. */
  hooks?: RunnerHooks;
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

const incompatible = (packageName: string, exportName: string) =>
  new HeadwaterError({
    code: 'INCOMPATIBLE_PACKAGE',
    message: `${packageName} does not export ${exportName}; install a version of it that matches @headwater/core.`,
  });

/** What `flow.deploy` calls: `@headwater/client`'s deploy function. */
const DEPLOYER = '@headwater/client:deployFlow';

/**
 * Called on every state change of a flow run; may return a replacement state.
 * A handler that throws turns the run `Failed`.
 */
export type FlowStateHandler = (
  flow: Flow,
  oldState: State,
  newState: State,
) => State | undefined | Promise<State | undefined>;

/**
 * Options of a {@link Flow}.
 *
 * @example
 * ```ts
 * new Flow('etl', { schedule: new Schedule({ clocks: [new IntervalClock(3_600_000)] }) });
 * ```
 */
export interface FlowOptions {
  /** When the flow runs by itself. */
  schedule?: Schedule | null;
  /** How the flow runs (also assignable later). @default a RemoteEnvironment with the configured default executor, when serialized */
  environment?: EnvironmentV1 | null;
  /** Where the flow's code lives (also assignable later). @default Docker storage, created by `flow.deploy` */
  storage?: StorageBackendV2 | null;
  /**
   * The module defining the flow (`import.meta.url` or a path); `null` for none (flows loaded
   * from metadata). @default the caller of `new Flow`, from the call stack
   */
  module?: string | null;
  /** Called on every state change of a run. */
  stateHandlers?: readonly FlowStateHandler[];
  /** Where checkpointed task results go. @default JSON inside the state */
  resultHandler?: ResultHandlerV1;
}

/**
 * A flow: tasks, the edges between them, parameters, a schedule, and where and how it runs.
 *
 * @example
 * ```ts
 * const extract = task(async ({ url }: { url: string }) => [1, 2, 3], { name: 'extract' });
 * const double = task(({ x }: { x: number }) => x * 2, { name: 'double' });
 * const total = task(({ values }: { values: number[] }) => values.reduce((a, b) => a + b, 0), { name: 'total' });
 *
 * export const flow = new Flow('etl');
 * const url = new Parameter('url', { default: 'http://127.0.0.1:8080' });
 * const numbers = flow.add(extract, { url });
 * const doubled = flow.map(double, { x: numbers });
 * flow.add(total, { values: doubled });
 * ```
 */
export class Flow {
  /** The flow's name; unique per project. */
  readonly name: string;
  schedule: Schedule | null;
  environment: EnvironmentV1 | null;
  storage: StorageBackendV2 | null;
  /** Absolute path of the module that defines the flow (what storage backends bundle). */
  readonly sourceModule: string | undefined;
  stateHandlers: readonly FlowStateHandler[];
  resultHandler: ResultHandlerV1 | undefined;
  /** Serialized `type`; `headwater.Flow` unless loaded from another implementation. */
  readonly type: string;

  readonly #tasks = new Set<Task<any, unknown>>();
  readonly #bySlug = new Map<string, Task<any, unknown>>();
  readonly #edges: Edge[] = [];
  readonly #upstream = new Map<Task<any, unknown>, Edge[]>();
  readonly #downstream = new Map<Task<any, unknown>, Edge[]>();
  readonly #slugCounters = new Map<string, number>();
  #referenceTasks: Task<any, unknown>[] = [];
  /** {@link sortedTasks}' answer until a task or an edge is added (every run asks for it). */
  #sorted: Task<any, unknown>[] | null = null;

  constructor(name: string, options: FlowOptions & { type?: string } = {}) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new FlowValidationError({
        flowName: String(name),
        tasks: [],
        message: 'a flow needs a non-empty name',
      });
    }
    this.name = name;
    this.schedule = options.schedule ?? null;
    this.environment = options.environment ?? null;
    this.storage = options.storage ?? null;
    this.stateHandlers = options.stateHandlers ?? [];
    this.resultHandler = options.resultHandler;
    this.type = options.type ?? 'headwater.Flow';
    this.sourceModule =
      options.module === undefined
        ? callerFile(new.target)
        : options.module === null
          ? undefined
          : modulePath(options.module);
  }

  /** Every task, in the order added. */
  get tasks(): readonly Task<any, unknown>[] {
    return [...this.#tasks];
  }

  /** Every edge, in the order added. */
  get edges(): readonly Edge[] {
    return this.#edges;
  }

  /** Number of tasks. */
  get size(): number {
    return this.#tasks.size;
  }

  /** True when `task` is part of this flow. */
  has(task: Task<any, unknown>): boolean {
    return this.#tasks.has(task);
  }

  /** The task with this slug. */
  getTask(slug: string): Task<any, unknown> | undefined {
    return this.#bySlug.get(slug);
  }

  /**
   * Adds a task without wiring anything (no-op when already added) and gives it a slug
   * when it has none (`<name>-<n>`). Returns the task.
   */
  addTask<T extends Task<any, unknown>>(task: T): T {
    if (!isTask(task)) {
      throw new FlowValidationError({
        flowName: this.name,
        tasks: [String(task)],
        message: 'only Tasks can be added',
      });
    }
    if (this.#tasks.has(task)) return task;
    if (task.slug === undefined) task.slug = this.#nextSlug(task.name);
    const existing = this.#bySlug.get(task.slug);
    if (existing !== undefined) {
      throw new FlowValidationError({
        flowName: this.name,
        tasks: [task.slug],
        message: `two tasks have the slug "${task.slug}" ("${existing.name}" and "${task.name}"); slugs must be unique`,
      });
    }
    this.#tasks.add(task);
    this.#bySlug.set(task.slug, task);
    recordTaskFlow(task, this);
    this.#sorted = null;
    return task;
  }

  /**
   * Adds `task` with its keyword inputs wired: each input is an upstream task (its result
   * is passed) or a plain value. Inputs are type-checked against the task's function. If the
   * task is already in the flow, a copy is added, so one task can be used many times — wire
   * downstream tasks to the returned task.
   *
   * @example
   * ```ts
   * const rows = flow.add(extract, { url });
   * flow.add(load, { rows }, { upstream: [createTable] });
   * ```
   */
  add<I extends object, O>(task: Task<I, O>, ...args: InputArgs<I, TaskInputs<I>>): Task<I, O> {
    const [inputs, options] = args;
    const node = this.#place(task);
    for (const [key, value] of Object.entries(inputs ?? {}))
      this.addEdge(this.#upstreamOf(value), node, { key });
    this.#addStateDependencies(node, options);
    return node;
  }

  /**
   * Adds `task` mapped over its list inputs: at run time it runs once per element (one
   * child run each); {@link unmapped} inputs go whole to every child. Downstream tasks
   * receive the list of the children's results.
   *
   * @example
   * ```ts
   * const doubled = flow.map(double, { x: numbers, factor: unmapped(factor) });
   * flow.add(total, { values: doubled });
   * ```
   */
  map<I extends object, O>(task: Task<I, O>, inputs: MappedInputs<I>, options?: AddOptions): Task<I, O[]> {
    const node = this.#place(task);
    for (const [key, value] of Object.entries(inputs)) {
      if (isUnmapped(value)) this.addEdge(this.#upstreamOf(value.value), node, { key });
      else this.addEdge(this.#upstreamOf(value), node, { key, mapped: true });
    }
    this.#addStateDependencies(node, options);
    return node as unknown as Task<I, O[]>;
  }

  /**
   * Adds an edge (and both tasks when missing). With `key`, the upstream result is passed as
   * that keyword input; `mapped` maps the downstream task over it.
   */
  addEdge(
    upstream: Task<any, unknown>,
    downstream: Task<any, unknown>,
    { key = null, mapped = false }: { key?: string | null; mapped?: boolean } = {},
  ): Edge {
    this.addTask(upstream);
    this.addTask(downstream);
    const incoming = this.#upstream.get(downstream) ?? [];
    if (key !== null && incoming.some((edge) => edge.key === key)) {
      throw new FlowValidationError({
        flowName: this.name,
        tasks: [downstream.slug!],
        message: `input "${key}" of task "${downstream.slug}" is wired twice`,
      });
    }
    const edge = new Edge(upstream, downstream, key, mapped);
    this.#sorted = null;
    this.#edges.push(edge);
    incoming.push(edge);
    this.#upstream.set(downstream, incoming);
    const outgoing = this.#downstream.get(upstream);
    if (outgoing === undefined) this.#downstream.set(upstream, [edge]);
    else outgoing.push(edge);
    return edge;
  }

  /**
   * Wires a task already built: keyword inputs from tasks, mapped keyword inputs, and pure
   * state dependencies both ways.
   */
  setDependencies(
    task: Task<any, unknown>,
    {
      upstreamTasks = [],
      downstreamTasks = [],
      keywordTasks = {},
      mappedKeywordTasks = {},
    }: {
      upstreamTasks?: readonly Task<any, unknown>[];
      downstreamTasks?: readonly Task<any, unknown>[];
      keywordTasks?: Readonly<Record<string, Task<any, unknown>>>;
      mappedKeywordTasks?: Readonly<Record<string, Task<any, unknown>>>;
    },
  ): void {
    this.addTask(task);
    for (const upstream of upstreamTasks) this.addEdge(upstream, task);
    for (const downstream of downstreamTasks) this.addEdge(task, downstream);
    for (const [key, upstream] of Object.entries(keywordTasks)) this.addEdge(upstream, task, { key });
    for (const [key, upstream] of Object.entries(mappedKeywordTasks)) {
      this.addEdge(upstream, task, { key, mapped: true });
    }
  }

  /**
   * Sets the tasks whose states decide the flow run's final state.
   * @default the terminal tasks (no downstream task)
   */
  setReferenceTasks(tasks: readonly Task<any, unknown>[]): void {
    const outside = tasks.filter((t) => !this.#tasks.has(t));
    if (outside.length > 0) {
      throw new FlowValidationError({
        flowName: this.name,
        tasks: outside.map((t) => t.slug ?? t.name),
        message: `reference tasks must belong to the flow: ${outside.map((t) => t.slug ?? t.name).join(', ')}`,
      });
    }
    this.#referenceTasks = [...tasks];
  }

  /** The tasks set with {@link setReferenceTasks} (empty: none set). */
  get explicitReferenceTasks(): readonly Task<any, unknown>[] {
    return this.#referenceTasks;
  }

  /** The tasks that decide the final state: the explicit ones, else the terminal tasks. */
  get referenceTasks(): readonly Task<any, unknown>[] {
    return this.#referenceTasks.length > 0 ? this.#referenceTasks : this.terminalTasks();
  }

  /** The flow's Parameters. */
  parameters(): Parameter[] {
    return this.tasks.filter((t): t is Parameter => t instanceof Parameter);
  }

  /** Edges into `task`. */
  edgesTo(task: Task<any, unknown>): readonly Edge[] {
    return this.#upstream.get(task) ?? [];
  }

  /** Edges out of `task`. */
  edgesFrom(task: Task<any, unknown>): readonly Edge[] {
    return this.#downstream.get(task) ?? [];
  }

  /** Tasks `task` depends on. */
  upstreamTasks(task: Task<any, unknown>): Task<any, unknown>[] {
    return [...new Set(this.edgesTo(task).map((e) => e.upstream))];
  }

  /** Tasks depending on `task`. */
  downstreamTasks(task: Task<any, unknown>): Task<any, unknown>[] {
    return [...new Set(this.edgesFrom(task).map((e) => e.downstream))];
  }

  /** Tasks with no upstream task. */
  rootTasks(): Task<any, unknown>[] {
    return this.tasks.filter((t) => this.edgesTo(t).length === 0);
  }

  /** Tasks with no downstream task. */
  terminalTasks(): Task<any, unknown>[] {
    return this.tasks.filter((t) => this.edgesFrom(t).length === 0);
  }

  /** Tasks in dependency order (ties in the order added). Throws on a cycle. */
  sortedTasks(): Task<any, unknown>[] {
    if (this.#sorted !== null) return this.#sorted.slice();
    const pending = new Map<Task<any, unknown>, number>();
    const ready: Task<any, unknown>[] = [];
    for (const task of this.#tasks) {
      const count = this.edgesTo(task).filter((e) => this.#tasks.has(e.upstream)).length;
      pending.set(task, count);
      if (count === 0) ready.push(task);
    }
    const sorted: Task<any, unknown>[] = [];
    for (let i = 0; i < ready.length; i += 1) {
      const task = ready[i]!;
      sorted.push(task);
      for (const edge of this.edgesFrom(task)) {
        const left = pending.get(edge.downstream);
        if (left === undefined) continue;
        pending.set(edge.downstream, left - 1);
        if (left === 1) ready.push(edge.downstream);
      }
    }
    if (sorted.length < this.#tasks.size) {
      const inCycle = [...pending].filter(([, left]) => left > 0).map(([t]) => t.slug ?? t.name);
      throw new FlowValidationError({
        flowName: this.name,
        tasks: inCycle,
        message: `its tasks form a cycle (involving ${inCycle.join(', ')}); remove an edge so every path ends`,
      });
    }
    this.#sorted = sorted;
    return sorted.slice();
  }

  /**
   * Checks the flow: no cycle, unique slugs, and no schedule while a required parameter has
   * no default. Throws a {@link FlowValidationError} naming the tasks. (Edges and reference
   * tasks cannot point outside the flow: `addEdge` adds missing tasks and
   * `setReferenceTasks` refuses tasks of other flows.)
   */
  validate(): void {
    const fail = (tasks: string[], message: string) => {
      throw new FlowValidationError({ flowName: this.name, tasks, message });
    };
    const seen = new Map<string, Task<any, unknown>>();
    for (const task of this.#tasks) {
      const other = seen.get(task.slug!);
      if (other !== undefined && other !== task) fail([task.slug!], `two tasks have the slug "${task.slug}"`);
      seen.set(task.slug!, task);
    }
    this.sortedTasks();
    if (this.schedule !== null) {
      const required = this.parameters().filter((p) => p.required);
      if (required.length > 0) {
        const names = required.map((p) => p.name);
        fail(
          names,
          `it has a schedule but required parameters without defaults (${names.join(', ')}); scheduled runs could not supply them — give them defaults`,
        );
      }
    }
  }

  /**
   * The flow's metadata in the wire format (validates first). Without an environment, a
   * default RemoteEnvironment is written.
   */
  serialize(): SerializedFlow {
    this.validate();
    return serializeFlow(this);
  }

  /**
   * Runs the flow here, now, once (schedules are for the server's scheduler) — or, with
   * `runOnSchedule: true`, on each event of its schedule until `signal` aborts or the
   * schedule ends, resolving to a {@link ScheduledRunsSummary}. Tasks whose
   * retry is due later than `inProcessRetryLimit` are waited for, and the run resumes
   * until every task settles. Resolves to the flow run's state; `state.result` maps every
   * task to its state.
   *
   * @example
   * ```ts
   * const state = await flow.run({ parameters: { limit: 5 }, executor: 'LocalConcurrentExecutor' });
   * if (state.isFailed()) console.error(state.message);
   * console.log(state.result?.get(total)?.result);
   *
   * const stop = new AbortController();
   * process.once('SIGINT', () => stop.abort());
   * await flow.run({ runOnSchedule: true, signal: stop.signal, onRun: (s, at) => console.log(at, s.type) });
   * ```
   */
  run(options: LocalFlowRunOptions & ScheduledRunOptions): Promise<ScheduledRunsSummary>;
  run(options?: LocalFlowRunOptions & { runOnSchedule?: false }): Promise<FlowRunState>;
  async run(
    options: LocalFlowRunOptions & { runOnSchedule?: boolean; onRun?: ScheduledRunOptions['onRun'] } = {},
  ): Promise<FlowRunState | ScheduledRunsSummary> {
    if (options.runOnSchedule === true) {
      const { runOnSchedule: _, onRun, ...once } = options;
      return runOnSchedule(this.name, this.schedule, options, (context) =>
        this.run({ ...once, context: { ...once.context, ...context } }),
      );
    }
    const { executor, executorOptions, hooks, runOnSchedule: _, onRun: __, ...runOptions } = options;
    const resolved =
      typeof executor === 'string' ? await resolveExecutor(executor, executorOptions) : executor;
    const runner = new FlowRunner(this, hooks === undefined ? {} : { hooks });
    let state = await runner.run({
      ...runOptions,
      ...(resolved === undefined ? {} : { executor: resolved }),
    });
    for (;;) {
      const taskStates = state.result;
      if (!state.isRunning() || !(taskStates instanceof Map)) return state;
      const due = [...taskStates.values()]
        .flatMap((s) => (s instanceof Mapped ? s.mapStates : [s]))
        .filter((s): s is Retrying => s instanceof Retrying)
        .map((s) => s.startTime.getTime());
      if (due.length === 0) return state;
      await sleep(Math.min(...due) - Date.now(), options.signal);
      state = await runner.run({
        ...runOptions,
        ...(resolved === undefined ? {} : { executor: resolved }),
        state,
        taskStates,
      });
    }
  }

  /**
   * Builds the flow's storage and registers the flow with the Headwater API, in the project
   * named `projectName`; resolves to the new flow id. Without storage, the configured
   * default storage (`flows.defaults.storage.default_class`: Docker unless changed) is
   * created from `options` (`registryUrl`, …). Needs `@headwater/client` (and
   * `@headwater/storage-docker` when creating Docker storage).
   *
   * Options are checked before anything is built: a misspelt or unknown option
   * (`imagTag`, the original's `registry_url` or `python_dependencies`) is refused with the
   * option probably meant, and storage options for a flow that already has storage are
   * refused. The storage options are typed as Docker's (the default storage); with another
   * default storage, name its options type: `flow.deploy<LocalStorageOptions>(project, { directory })`.
   *
   * When Headwater itself loads the module (inside the flow's image or bundle, or in
   * `headwater deploy`/`serialize`), a top-level `flow.deploy(...)` does nothing and
   * resolves to `''`: the seed's script style keeps working without deploying from inside
   * the health check.
   *
   * @example
   * ```ts
   * await flow.deploy('My Project', { registryUrl: '127.0.0.1:5000' });
   * await flow.deploy('My Project', { registry_url: '127.0.0.1:5000' }); // refused: did you mean "registryUrl"?
   * ```
   */
  async deploy<StorageOptions extends object = DockerDeployOptions>(
    projectName: string,
    options: FlowDeployOptions & NoInfer<StorageOptions> = {} as FlowDeployOptions & StorageOptions,
  ): Promise<string> {
    if (isLoadingFlows()) return '';
    if (this.storage !== null) refuseStorageOptions(this.name, this.storage, options);
    // Plugins and the client resolve from the flow's own project first (pnpm's strict
    // node_modules included), then the usual search paths.
    const from = [...(this.sourceModule ? [dirname(this.sourceModule)] : []), ...pluginSearchPaths()];
    this.storage ??= await createDefaultStorage(options, from);
    const deployFlow = await resolveReference(DEPLOYER, { kind: 'deployer', builtIns: {}, from });
    if (typeof deployFlow !== 'function') throw incompatible(DEPLOYER, 'a deploy function');
    return (deployFlow as DeployFlowFunction)(this, projectName, options);
  }

  /**
   * Draws the flow: resolves to (or, without `svg`, returns) a Mermaid `flowchart` of its
   * tasks and edges, labelled with task names and the inputs edges feed, mapped edges
   * dotted. Given a run (`flowState`), each task is coloured by its state, as the
   * original's `visualize(flow_state=…)`. With `svg`, also writes the drawing to that file
   * (Graphviz, through the optional `@viz-js/viz` package).
   *
   * @example
   * ```ts
   * console.log(flow.visualize()); // flowchart TD …  — paste into any Markdown that renders Mermaid
   * const state = await flow.run();
   * await flow.visualize({ flowState: state, svg: 'etl.svg' });
   * ```
   */
  visualize(options: VisualizeOptions & { svg: string }): Promise<string>;
  visualize(options?: VisualizeOptions & { svg?: undefined }): string;
  visualize(options: VisualizeOptions = {}): string | Promise<string> {
    return options.svg === undefined
      ? flowMermaidText(this, options)
      : writeFlowSvg(this, { ...options, svg: options.svg });
  }

  toString(): string {
    return `<Flow: ${this.name}>`;
  }

  #place<T extends Task<any, unknown>>(task: T): T {
    return this.addTask(this.#tasks.has(task) ? task.copy() : task);
  }

  #upstreamOf(value: unknown): Task<any, unknown> {
    return isTask(value) ? value : this.addTask(new Constant(value));
  }

  #addStateDependencies(task: Task<any, unknown>, options: AddOptions | undefined): void {
    for (const upstream of options?.upstream ?? []) this.addEdge(upstream, task);
    for (const downstream of options?.downstream ?? []) this.addEdge(task, downstream);
  }

  #nextSlug(name: string): string {
    let n = this.#slugCounters.get(name) ?? 0;
    let slug: string;
    do {
      n += 1;
      slug = `${name}-${n}`;
    } while (this.#bySlug.has(slug));
    this.#slugCounters.set(name, n);
    return slug;
  }
}
