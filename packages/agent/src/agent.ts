import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  AuthorizationError,
  Client,
  ClientError,
  type FlowRunClaims,
  type FlowRunInfo,
  type LogLevel,
  NotFoundError,
  resolveConnection,
  VersionLockError,
} from '@headwater/client';
import {
  FINISHED_STATES,
  type FlowLaunch,
  loadPlugins,
  loadStorage,
  RUN_ENVIRONMENT,
  SCHEDULED_LIKE_STATES,
  type SerializedEnvironment,
  type SerializedStorage,
  VERSION,
} from '@headwater/core';
import { AGENT_FLOW_RUN, type AgentFlowRun } from './agent-documents.js';
import { type AgentLogger, consoleAgentLogger } from './agent-logger.js';
import type { AgentPlatformV2, DeployedRun, FlowRunDeployment, RunExit } from './agent-platform.js';
import { Backoff, POLL_BACKOFF_MS } from './backoff.js';
import {
  CLAIM_WAIT_MS,
  type ClaimedRun,
  idleWaitMs,
  isBatchClaimUnknown,
  isClaimInputUnknown,
} from './batch-claims.js';
import { AgentTokenError } from './errors/agent-token-error.js';
import { LoadedFlows } from './loaded-flows.js';
import { QueueListener } from './queue-listener.js';
import {
  BUILT_IN_STORAGE_TYPES,
  StorageCapabilities,
  type StorageTypeCheck,
  storagePluginsIn,
} from './storage-capabilities.js';
import { deferred, WakeSignal } from './wake-signal.js';
import { cancelledState, failedState, pendingState, scheduledState, submittedState } from './wire-states.js';

/** The header naming the agent on its requests (the API records it on the runs it claims). */
const AGENT_ID_HEADER = 'x-headwater-agent-id';

/** Settings of a run's process that an agent passes on from its own environment. */
const RUN_SETTINGS = [
  'HEADWATER__CLOUD__HEARTBEAT_INTERVAL',
  'HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL',
  'HEADWATER__LOGGING__FLUSH_INTERVAL',
  'HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT',
  'HEADWATER__FLOWS__CHECKPOINTING',
];

/** How often an agent that holds all the runs it may (and so does not poll) tells the API it is alive. */
const KEEPALIVE_MS = 20_000;

/** The environment variable an agent reads its RUNNER token from before the general one. */
export const AGENT_TOKEN_ENV = 'HEADWATER__CLOUD__AGENT__AUTH_TOKEN';

/**
 * Options of an {@link Agent}.
 *
 * @example
 * ```ts
 * const agent = new Agent({ platform: createProcessPlatform(), token: process.env.RUNNER_TOKEN, labels: ['etl'] });
 * process.once('SIGTERM', () => agent.stop());
 * await agent.start();
 * ```
 */
export interface AgentOptions {
  /** Where flow runs are started. */
  platform: AgentPlatformV2;
  /**
   * API base URL, or several URLs of replicas of one API (an array, or a comma-separated
   * list): the agent and its runs fail over between them.
   * @default `HEADWATER__CLOUD__API`, then the config file, then `http://127.0.0.1:4200`
   */
  api?: string | readonly string[];
  /**
   * A RUNNER-scope API token; it is also handed to every run.
   * @default `HEADWATER__CLOUD__AGENT__AUTH_TOKEN`, then `HEADWATER__CLOUD__AUTH_TOKEN`, then the config file
   */
  token?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Name registered with the API and used in logs.
   * @default `<hostname>-<platform type>`
   */
  name?: string;
  /** The agent runs only flow runs whose labels are all among these. @default [] */
  labels?: readonly string[];
  /**
   * Flow runs held at once (deploying or running); the agent stops claiming at this number.
   * @default 10
   */
  maxConcurrent?: number;
  /** Waits between polls while the queue is empty, in ms. @default 250, 500, 1000, 2000, 4000, 8000, 10000 */
  pollBackoffMs?: readonly number[];
  /**
   * Also listen to the API's `flowRunUpdated` subscription and poll at once when a run
   * becomes due; polling with backoff stays the fallback.
   * @default true
   */
  listen?: boolean;
  /**
   * API URL(s) handed to runs, when they reach the API at another address than the agent
   * (comma-separated for several replicas).
   * @default every API URL of the agent
   */
  runApi?: string;
  /** `HEADWATER__LOGGING__LEVEL` of runs. @default 'INFO' */
  runLogLevel?: LogLevel;
  /**
   * Further variables for every run (they never override the run variables). Run settings
   * set in the agent's own environment (`HEADWATER__CLOUD__HEARTBEAT_INTERVAL`,
   * `HEADWATER__CLOUD__CHECK_CANCELLATION_INTERVAL`, `HEADWATER__LOGGING__FLUSH_INTERVAL`,
   * `HEADWATER__ENGINE__IN_PROCESS_RETRY_LIMIT`, `HEADWATER__FLOWS__CHECKPOINTING`) are passed
   * on too; these win over them.
   */
  runEnv?: Readonly<Record<string, string>>;
  /**
   * How long `stop()` waits for held runs to finish before it stops them and hands them
   * back to the queue.
   * @default 30000
   */
  shutdownTimeoutMs?: number;
  /**
   * Storage plugin packages to load at start (`--plugin`, config `plugins`), besides those
   * resolved from the agent's working directory and the CLI's install when a flow needs them.
   * @default []
   */
  plugins?: readonly string[];
  /**
   * How often the agent asks the API which storage types exist, to start taking runs of a
   * new type whose plugin it can resolve, in ms.
   * @default 30000
   */
  storageRefreshMs?: number;
  /** Receives every line a run prints, for runs whose storage starts them itself (`custom` launches). */
  output?: (line: string, run: FlowRunDeployment) => void;
  /** @default lines on stderr */
  logger?: AgentLogger;
  /** A client to use instead of one built from `api` and `token` (tests). */
  client?: Client;
}

/** What one claim turn found: any due run at all, and whether to claim again at once. */
interface ClaimTurn {
  found: boolean;
  more: boolean;
  /** Settles once the runs this turn handed out were handed to the platform. */
  starting?: Promise<unknown>;
}

/** A run the agent claimed: its data as read, and what the claim wrote. */
interface Claim {
  run: ClaimedRun;
  /** The flow run's version after the claim. */
  flowRunVersion: number;
  /** Task runs claimed Submitted (re-submission of a Running flow run), with their new versions. */
  taskRuns: { id: string; version: number }[];
  /** The flow run as a batch claim left it: what its process would read first. */
  info?: FlowRunInfo;
}

interface Held {
  claim: Claim;
  deployment?: DeployedRun;
  /** Settles when the agent is done with the run. */
  done: Promise<void>;
}

/** How long the runs a claim handed out may take to start before the agent claims again anyway. */
const START_BEFORE_NEXT_CLAIM_MS = 250;

/**
 * The agent loop: checks its RUNNER token, registers itself, claims as many runs as it has
 * free slots with `claimFlowRuns` (one request, which waits on the API until a run is due;
 * an older API: answered at once, the agent woken when the API pushes a new due run, when a
 * known run comes due, or after its poll backoff; older still: `getRunsInQueue`, then a
 * version-locked `Submitted` per run), and hands each run to its platform. A
 * platform refusal, or a run whose process dies without a final state, fails the run with the
 * reason in its logs; one bad run never stops the agent.
 */
export class Agent {
  readonly name: string;
  readonly labels: readonly string[];
  readonly platform: AgentPlatformV2;
  readonly client: Client;
  readonly #storage: StorageCapabilities;
  readonly #plugins: readonly string[];
  readonly #storageRefreshMs: number;
  readonly #output: AgentOptions['output'];
  #storageCheckedAt = 0;
  readonly #token: string | undefined;
  readonly #runApi: string;
  readonly #maxConcurrent: number;
  readonly #backoff: Backoff;
  readonly #listen: boolean;
  readonly #runLogLevel: LogLevel;
  readonly #runEnv: Readonly<Record<string, string>>;
  readonly #shutdownTimeoutMs: number;
  readonly #logger: AgentLogger;
  readonly #held = new Map<string, Held>();
  readonly #wake = new WakeSignal();
  readonly #stopping = new AbortController();
  readonly #shutdownNow = new AbortController();
  #handingBack = false;
  #agentId: string | undefined;
  /** Whether the API claims in batches; false once an older API said it does not know `claimFlowRuns`. */
  #batchClaims = true;
  /**
   * The last claim failed without an answer, so it may have submitted runs this agent never
   * heard of: the next claim asks for them (`previousClaimLost`). Null: the API does not know
   * the flag.
   */
  #previousClaimLost: boolean | null = false;
  /**
   * Claims wait on the API for a run to become due (`waitMs`), so an idle agent is handed a new
   * run in the answer to the claim it already sent; false once an older API said it does not
   * know `waitMs` (the agent then listens to `flowRunUpdated` and claims when woken).
   */
  #claimWaits = true;
  /** The flows this agent's platform has loaded processes waiting for, as its claims say. */
  readonly #loadedFlows: LoadedFlows;
  /** The `flowRunUpdated` listener, started when claims do not wait (and the agent listens). */
  #listener: QueueListener | undefined;
  /** When the earliest run this agent could take comes due, as the last claim said. */
  #nextDue: FlowRunClaims['nextDueAt'] = null;
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;
  /** Resolves when the poll loop has ended (or never ran), so no claim is in flight. */
  readonly #pollingDone = deferred();

  constructor(options: AgentOptions) {
    const env = options.env ?? process.env;
    if ((options.platform as { specificationVersion?: unknown }).specificationVersion !== 'v2') {
      throw new TypeError(
        `The agent platform "${options.platform.type}" implements specification ${String(options.platform.specificationVersion)}; this agent needs v2 (launchKinds, and the run's storage launch in deploy()).`,
      );
    }
    this.platform = options.platform;
    this.#loadedFlows = new LoadedFlows(options.platform);
    this.#storage = new StorageCapabilities([...options.platform.launchKinds, 'custom']);
    this.#plugins = [...(options.plugins ?? [])];
    this.#storageRefreshMs = options.storageRefreshMs ?? 30_000;
    this.#output = options.output;
    this.name = options.name ?? `${hostname()}-${options.platform.type}`;
    this.labels = [...new Set(options.labels ?? [])].sort();
    const connection = resolveConnection({
      ...(options.api ? { api: options.api } : {}),
      env,
      token: options.token ?? env[AGENT_TOKEN_ENV],
    });
    this.#token = connection.token;
    // Every request names the agent once it is registered, so the API records who claimed a run.
    const headers = (): Record<string, string> => (this.#agentId ? { [AGENT_ID_HEADER]: this.#agentId } : {});
    this.client =
      options.client ?? new Client({ api: connection.apis, token: connection.token, env, headers });
    this.#runApi = options.runApi ?? this.client.apis.join(',');
    this.#maxConcurrent = options.maxConcurrent ?? 10;
    if (!Number.isInteger(this.#maxConcurrent) || this.#maxConcurrent < 1)
      throw new RangeError(
        `maxConcurrent must be a whole number of at least 1, not ${options.maxConcurrent}.`,
      );
    this.#backoff = new Backoff(options.pollBackoffMs ?? POLL_BACKOFF_MS);
    this.#listen = options.listen ?? true;
    this.#runLogLevel = options.runLogLevel ?? 'INFO';
    const inherited = RUN_SETTINGS.filter((name) => env[name] !== undefined && env[name] !== '').map(
      (name) => [name, env[name]!] as const,
    );
    this.#runEnv = { ...Object.fromEntries(inherited), ...options.runEnv };
    this.#shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
    this.#logger = options.logger ?? consoleAgentLogger(this.name);
  }

  /** The id the API gave this agent (after `start()` registered it). */
  get id(): string | undefined {
    return this.#agentId;
  }

  /** The storage types this agent runs (known after `start()` checked them). */
  get storageTypes(): string[] {
    return this.#storage.types;
  }

  /** Ids of the flow runs the agent holds now. */
  get heldRuns(): string[] {
    return [...this.#held.keys()];
  }

  /**
   * Checks the token and the platform, registers the agent, and polls until `stop()`.
   * Rejects before polling when the token is missing or not RUNNER-scoped
   * ({@link AgentTokenError}) or the platform is unusable, and while polling when the API
   * stops accepting the token (revoked or expired: {@link AgentTokenError}).
   */
  async start(): Promise<void> {
    if (this.#loop) throw new Error('This agent was already started; create a new one.');
    this.#loop = this.#run().finally(() => this.#pollingDone.resolve());
    try {
      await this.#loop;
    } catch (error) {
      // Processes kept warm for the next runs are of no use to an agent that cannot go on.
      await this.platform.close?.();
      throw error;
    }
    await this.#stopped;
    await this.platform.close?.();
    this.#logger.info('Agent stopped.');
  }

  /**
   * Stops polling, waits up to `shutdownTimeoutMs` for held runs to finish, then stops the
   * rest and hands them back to the queue (Scheduled again). Resolves when the agent is idle.
   * Calling it again (e.g. a second Ctrl-C) hands back at once.
   */
  stop(): Promise<void> {
    if (this.#stopping.signal.aborted) {
      this.#shutdownNow.abort();
      return this.#stopped ?? Promise.resolve();
    }
    if (!this.#loop) this.#pollingDone.resolve();
    this.#logger.info('Stopping: no more flow runs will be claimed.');
    this.#stopping.abort();
    this.#wake.notify();
    this.#stopped = this.#drain();
    return this.#stopped;
  }

  async #run(): Promise<void> {
    await this.#checkToken();
    await this.platform.check?.({ signal: this.#stopping.signal });
    const loaded = await loadPlugins(this.#plugins);
    await this.#storage.learn([
      ...BUILT_IN_STORAGE_TYPES,
      ...loaded.flatMap((module) => storagePluginsIn(module).map((plugin) => plugin.type)),
    ]);
    await this.#learnServerStorageTypes();
    await this.#register();
    this.#logger.info(
      `Agent ${this.name} (${this.platform.type}, id ${this.#agentId}) connected to ${this.client.api}` +
        `${this.labels.length ? ` with labels ${this.labels.join(', ')}` : ' without labels'}, running flows with ${this.#storage.types.join(', ') || 'no'} storage; waiting for flow runs...`,
    );
    if (!this.#batchClaims || !this.#claimWaits) this.#startListening();
    try {
      while (!this.#stopping.signal.aborted) {
        const free = this.#maxConcurrent - this.#held.size;
        if (free <= 0) {
          // A full agent does not poll; registering again tells the API it is still connected.
          await this.#wake.wait(this.#stopping.signal, KEEPALIVE_MS);
          if (this.#held.size >= this.#maxConcurrent && !this.#stopping.signal.aborted)
            await this.#keepAlive();
          continue;
        }
        await this.#refreshStorageTypes();
        const { found, more, starting } = this.#batchClaims
          ? await this.#claimBatch(free)
          : await this.#poll(free);
        if (found) this.#backoff.reset();
        // The next claim would compete with the runs just handed out for the CPU: they start first.
        if (starting) await settledWithin(starting, START_BEFORE_NEXT_CLAIM_MS);
        if (more) continue;
        await this.#wake.wait(this.#stopping.signal, idleWaitMs(this.#backoff.next(), this.#nextDue));
      }
    } finally {
      this.#listener?.stop();
    }
  }

  /** Listens to `flowRunUpdated` (unless told not to), so that a new due run wakes the agent. */
  #startListening(): void {
    if (!this.#listen || this.#listener) return;
    this.#listener = new QueueListener({
      api: this.client.apis,
      token: this.#token,
      labels: this.labels,
      onDue: () => {
        this.#backoff.reset();
        this.#wake.notify();
      },
      logger: this.#logger,
    });
    this.#listener.start();
  }

  /** Registers (again) with the storage types the agent runs now; the API keeps its id. */
  async #register(): Promise<void> {
    this.#agentId = await this.client.registerAgent({
      name: this.name,
      type: this.platform.type,
      labels: [...this.labels],
      coreVersion: VERSION,
      storageTypes: this.#storage.types,
    });
  }

  async #keepAlive(): Promise<void> {
    try {
      await this.#register();
    } catch (error) {
      this.#throwIfTokenRefused(error);
      if (!this.#stopping.signal.aborted)
        this.#logger.debug(`Could not tell the API this agent is alive: ${messageOf(error)}`);
    }
  }

  /**
   * Checks the storage types the API knows flows of; resolves to true when the agent can now
   * run a type it could not before. An API that does not know the query is not an error.
   */
  async #learnServerStorageTypes(): Promise<boolean> {
    this.#storageCheckedAt = Date.now();
    let types: string[];
    try {
      types = await this.client.listStorageTypes({ signal: this.#stopping.signal });
    } catch (error) {
      if (!this.#stopping.signal.aborted)
        this.#logger.debug(`Could not read the storage types in use: ${messageOf(error)}`);
      return false;
    }
    const checks = await this.#storage.learn(types);
    for (const check of checks) this.#reportCheck(check);
    return checks.some((check) => check.runnable);
  }

  #reportCheck(check: StorageTypeCheck): void {
    if (check.runnable) this.#logger.info(`Now running flows with ${check.type} storage too.`);
    else this.#logger.info(`Flows with ${check.type} storage are left to other agents: ${check.reason}`);
  }

  /** Every `storageRefreshMs`, takes on storage types that appeared since; errors are logged, never thrown. */
  async #refreshStorageTypes(): Promise<void> {
    if (Date.now() - this.#storageCheckedAt < this.#storageRefreshMs) return;
    if (!(await this.#learnServerStorageTypes())) return;
    try {
      await this.#register();
    } catch (error) {
      if (!this.#stopping.signal.aborted)
        this.#logger.error(`Could not tell the API about new storage types: ${messageOf(error)}`);
    }
  }

  async #checkToken(): Promise<void> {
    if (!this.client.hasToken) {
      throw new AgentTokenError({
        message: `No API token for agent ${this.name}: pass --token <RUNNER token> or set ${AGENT_TOKEN_ENV}. A USER token creates one with \`headwater auth create-token --name agent --scope RUNNER\`.`,
      });
    }
    const info = await this.client.authInfo({ signal: this.#stopping.signal }).catch((cause: unknown) => {
      if (ClientError.isInstance(cause) && cause.code === 'UNAUTHENTICATED') {
        throw new AgentTokenError({
          message: `The API at ${this.client.api} refused agent ${this.name}'s token (${cause.message}). Pass a valid RUNNER token with --token.`,
          cause,
        });
      }
      throw cause;
    });
    if (info.scope !== 'RUNNER') {
      throw new AgentTokenError({
        scope: info.scope,
        message: `The token "${info.tokenName}" has the ${info.scope} scope; agents need a RUNNER token. Create one with \`headwater auth create-token --name agent --scope RUNNER\` and pass it with --token.`,
      });
    }
  }

  /**
   * A token the API stopped accepting (revoked or expired) will never work again: the agent
   * ends with what to do instead of polling in vain. Runs it started keep running.
   */
  #throwIfTokenRefused(error: unknown): void {
    if (!(AuthorizationError.isInstance(error) && error.code === 'UNAUTHENTICATED')) return;
    throw new AgentTokenError({
      message: `The API at ${this.client.api} no longer accepts the token of agent ${this.name} (${error.serverMessage ?? error.message}): it was revoked or has expired. Create a new RUNNER token with \`headwater auth create-token --name agent --scope RUNNER\` and start the agent again with --token <new token>.`,
      cause: error,
    });
  }

  /**
   * One claim of up to `free` runs in one request; the API submits them for this agent, which
   * runs every run it is handed. `more` when the API handed as many as asked, so more may be
   * due: a smaller batch means nothing else was, and the agent waits for a wake-up (a new due
   * run) instead of asking again at once, which would only slow the runs it just started.
   * Errors are logged, never thrown.
   */
  async #claimBatch(free: number): Promise<ClaimTurn> {
    let result: FlowRunClaims;
    const sent = Date.now();
    const loadedFlowIds = this.#loadedFlows.forClaim(free);
    try {
      result = await this.client.claimFlowRuns(
        {
          agentId: this.#agentId!,
          limit: free,
          heldFlowRunIds: this.heldRuns,
          ...(this.#previousClaimLost ? { previousClaimLost: true } : {}),
          ...(this.#claimWaits ? { waitMs: CLAIM_WAIT_MS } : {}),
          ...(loadedFlowIds ? { loadedFlowIds } : {}),
        },
        { signal: this.#stopping.signal },
      );
    } catch (error) {
      this.#throwIfTokenRefused(error);
      if (this.#olderClaimInput(error)) return { found: true, more: true };
      // Whatever went wrong, the claim may have submitted runs before it did.
      if (this.#previousClaimLost !== null) this.#previousClaimLost = true;
      if (isBatchClaimUnknown(error)) {
        this.#batchClaims = false;
        this.#startListening();
        this.#logger.info(
          `The API at ${this.client.api} does not know claimFlowRuns, so this agent claims run by run (a request per run); upgrade @headwater/server to claim in batches.`,
        );
        return this.#poll(free);
      }
      if (NotFoundError.isInstance(error)) {
        // The API forgot this agent (agents cleared): register again and claim at the next turn.
        await this.#keepAlive();
        return { found: true, more: false };
      }
      if (!this.#stopping.signal.aborted)
        this.#logger.error(`Could not claim flow runs: ${messageOf(error)}`);
      return { found: false, more: false };
    }
    if (this.#previousClaimLost) this.#previousClaimLost = false;
    this.#nextDue = result.nextDueAt;
    const starting: Promise<void>[] = [];
    for (const { flowRun, taskRuns } of result.claims) {
      // A run this agent still holds (its process outlived a retry's due time) is not started twice.
      if (this.#held.has(flowRun.id)) continue;
      starting.push(this.#hold({ run: flowRun, flowRunVersion: flowRun.version, taskRuns, info: flowRun }));
    }
    const claimed = starting.length;
    if (claimed > 0) this.#logger.info(`Submitted ${claimed} flow run(s) for execution.`);
    return {
      found: result.claims.length > 0,
      more: this.#claimAgainAtOnce(result, free, claimed, sent),
      ...(claimed > 0 ? { starting: Promise.all(starting) } : {}),
    };
  }

  /**
   * Whether to claim again without waiting: a claim that waits on the API answers when a run is
   * due, so the next one is sent at once, unless it came back empty long before its wait was
   * over (the API is shutting down), when the agent backs off as after an empty claim. A claim
   * that does not wait is sent again at once only when it was handed all it asked for.
   */
  #claimAgainAtOnce(result: FlowRunClaims, free: number, claimed: number, sent: number): boolean {
    if (this.#claimWaits) return result.claims.length > 0 || Date.now() - sent >= CLAIM_WAIT_MS / 2;
    return claimed > 0 && result.claims.length >= free;
  }

  /**
   * Whether `error` says the API is older than a `claimFlowRuns` input this agent sent; then
   * the agent claims without it from now on (and listens for new runs, for `waitMs`).
   */
  #olderClaimInput(error: unknown): boolean {
    const waits = this.#claimWaits && isClaimInputUnknown(error, 'waitMs');
    const lost = this.#previousClaimLost === true && isClaimInputUnknown(error, 'previousClaimLost');
    const loaded = isClaimInputUnknown(error, 'loadedFlowIds') && this.#loadedFlows.refusedByApi();
    if (loaded) {
      this.#logger.debug(
        `The API at ${this.client.api} hands every run Submitted; this agent's run processes write Running themselves.`,
      );
    }
    if (waits) {
      this.#claimWaits = false;
      this.#logger.debug(
        `The API at ${this.client.api} answers claims at once; this agent listens for new runs instead.`,
      );
      this.#startListening();
    }
    if (lost) {
      this.#previousClaimLost = null;
      this.#logger.info(
        `The API at ${this.client.api} cannot hand this agent again the runs of a claim whose answer was lost; they wait for its lazarus service. Upgrade @headwater/server to have them handed again at once.`,
      );
    }
    return waits || lost || loaded;
  }

  /**
   * One poll of an API without `claimFlowRuns`: reads the queue and claims what it can; `more`
   * after any claim (a lost race may have left others). Errors are logged, never thrown.
   */
  async #poll(free: number): Promise<ClaimTurn> {
    let ids: string[];
    try {
      ids = await this.client.getRunsInQueue(
        {
          labels: [...this.labels],
          storageTypes: this.#storage.types,
          limit: free,
          ...(this.#agentId ? { agentId: this.#agentId } : {}),
        },
        { signal: this.#stopping.signal },
      );
    } catch (error) {
      this.#throwIfTokenRefused(error);
      if (!this.#stopping.signal.aborted) this.#logger.error(`Could not read the queue: ${messageOf(error)}`);
      return { found: false, more: false };
    }
    const fresh = ids.filter((id) => !this.#held.has(id));
    if (fresh.length === 0) return { found: ids.length > 0, more: false };
    this.#logger.debug(`Found ${fresh.length} flow run(s) in the queue.`);
    const claims = await Promise.all(fresh.map((id) => this.#claim(id)));
    let claimed = 0;
    for (const claim of claims) {
      if (!claim || this.#held.has(claim.run.id)) continue;
      claimed++;
      void this.#hold(claim);
    }
    if (claimed > 0) this.#logger.info(`Submitted ${claimed} flow run(s) for execution.`);
    return { found: true, more: claimed > 0 };
  }

  /** Claims one run with version-locked writes; undefined when it is not (or no longer) ours to run. */
  async #claim(flowRunId: string): Promise<Claim | undefined> {
    const now = Date.now();
    try {
      const { flowRun: run } = await this.client.graphql<{ flowRun: AgentFlowRun | null }>(
        AGENT_FLOW_RUN,
        { id: flowRunId },
        { signal: this.#stopping.signal },
      );
      if (!run) return undefined;
      // The claim's own id tells its write from another agent's, should its answer be lost.
      const message = `Submitted for execution by agent ${this.name} (claim ${randomUUID().slice(0, 8)}).`;
      if (isScheduledLike(run.state)) {
        if (!isDue(run.state, run.stateStartTime, now)) return undefined;
        const result = await this.client.setFlowRunState(
          run.id,
          run.version,
          submittedState(message, run.serializedState),
        );
        return { run, flowRunVersion: result.version, taskRuns: [] };
      }
      if (run.state !== 'Running') return undefined;
      const due = run.taskRuns.filter((taskRun) => isDue(taskRun.state, taskRun.stateStartTime, now));
      const won = await Promise.all(
        due.map((taskRun) =>
          this.client
            .setTaskRunState(taskRun.id, taskRun.version, submittedState(message, taskRun.serializedState))
            .then((result) => ({ id: taskRun.id, version: result.version }))
            .catch((error: unknown) => {
              if (VersionLockError.isInstance(error)) return undefined;
              throw error;
            }),
        ),
      );
      const taskRuns = won.filter((taskRun) => taskRun !== undefined);
      if (taskRuns.length === 0) return undefined;
      // The run's old process is gone; until the new one heartbeats, this keeps lazarus away.
      await this.client.updateFlowRunHeartbeat(run.id).catch(() => undefined);
      return { run, flowRunVersion: run.version, taskRuns };
    } catch (error) {
      if (VersionLockError.isInstance(error)) {
        this.#logger.debug(`Flow run ${flowRunId} was claimed by another agent.`);
      } else if (!this.#stopping.signal.aborted) {
        this.#logger.error(`Could not claim flow run ${flowRunId}: ${messageOf(error)}`);
      }
      return undefined;
    }
  }

  /** Holds and starts the run; resolves once it was handed to the platform (or given up on). */
  #hold(claim: Claim): Promise<void> {
    let onStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      onStarted = resolve;
    });
    const held: Held = { claim, done: Promise.resolve() };
    this.#held.set(claim.run.id, held);
    const handed = this.#loadedFlows.starting(claim.run.flow.id);
    void started.then(handed);
    held.done = this.#execute(held, onStarted).finally(() => {
      onStarted();
      this.#held.delete(claim.run.id);
      this.#wake.notify();
    });
    return started;
  }

  async #execute(held: Held, onStarted: () => void): Promise<void> {
    const { run } = held.claim;
    if (this.#stopping.signal.aborted) {
      await this.#handBack(held.claim, 'its agent stopped before the run started');
      return;
    }
    const storage = run.flow.storage;
    if (!storage) {
      await this.#failRun(
        held.claim,
        `Flow ${run.flow.name} has no storage, so agent ${this.name} cannot run it. Register the flow with a storage (e.g. \`flow.deploy(...)\` builds a Docker image).`,
      );
      return;
    }
    let launch: FlowLaunch;
    try {
      const backend = await loadStorage(storage as SerializedStorage);
      launch = await backend.launch(run.flow.name, { signal: this.#shutdownNow.signal });
    } catch (error) {
      await this.#failRun(
        held.claim,
        `Agent ${this.name} could not start flow run ${run.name}: its ${String(storage.type)} storage says: ${messageOf(error)}`,
      );
      return;
    }
    const deployment: FlowRunDeployment = {
      flowRunId: run.id,
      flowRunName: run.name,
      flowId: run.flow.id,
      flowName: run.flow.name,
      storage: storage as SerializedStorage,
      launch,
      environment: run.flow.environment as SerializedEnvironment | null,
      env: {
        ...this.#runEnv,
        [RUN_ENVIRONMENT.api]: this.#runApi,
        ...(this.#token ? { [RUN_ENVIRONMENT.authToken]: this.#token } : {}),
        [RUN_ENVIRONMENT.flowRunId]: run.id,
        [RUN_ENVIRONMENT.logLevel]: this.#runLogLevel,
        [RUN_ENVIRONMENT.logToCloud]: 'true',
      },
      ...(held.claim.info ? { flowRun: held.claim.info } : {}),
    };
    try {
      held.deployment = await this.#start(deployment);
      onStarted();
    } catch (error) {
      if (this.#stopping.signal.aborted) {
        await this.#handBack(held.claim, 'its agent stopped before the run started');
        return;
      }
      await this.#failRun(
        held.claim,
        `Agent ${this.name} could not start flow run ${run.name}: ${messageOf(error)}`,
      );
      return;
    }
    this.#logger.info(`Started flow run ${run.name} (${run.id}) as ${held.deployment.id}.`);
    const exit = await held.deployment.exited;
    await this.#afterExit(held, exit);
  }

  /** Starts a run as its storage says: the storage's own launcher, or this agent's platform. */
  #start(deployment: FlowRunDeployment): Promise<DeployedRun> {
    const { launch } = deployment;
    const signal = this.#shutdownNow.signal;
    if (launch.kind !== 'custom')
      return this.platform.deploy(deployment, {
        signal,
        freeSlots: () => Math.max(0, this.#maxConcurrent - this.#held.size),
      });
    const output = this.#output;
    return launch.start({
      flowRunId: deployment.flowRunId,
      flowRunName: deployment.flowRunName,
      env: deployment.env,
      signal,
      ...(output ? { output: (line: string) => output(line, deployment) } : {}),
    });
  }

  async #afterExit(held: Held, exit: RunExit): Promise<void> {
    const { run } = held.claim;
    const how =
      exit.exitCode === null
        ? `was killed (${exit.signal ?? 'signal'})`
        : `exited with code ${exit.exitCode}`;
    this.#logger.info(`Flow run ${run.name} (${run.id}): ${held.deployment?.id} ${how}.`);
    if (this.#handingBack) {
      await this.#handBack(held.claim, 'its agent stopped before the run finished');
      return;
    }
    if (exit.exitCode === 0) return;
    const tail = exit.logTail.length ? `\nLast output:\n${exit.logTail.join('\n')}` : ' It printed nothing.';
    await this.#failRun(
      held.claim,
      `The process of flow run ${run.name} ${how} before the run reached a final state.${tail}`,
      { onlyIfUnfinished: true },
    );
  }

  /**
   * Fails a run the agent holds: an ERROR log with the reason, then `Failed` on the flow run
   * and on its task runs that can no longer progress (Submitted or Running).
   */
  async #failRun(claim: Claim, reason: string, options: { onlyIfUnfinished?: boolean } = {}): Promise<void> {
    const { run } = claim;
    this.#logger.error(reason);
    await this.#writeLog(run.id, 'ERROR', reason);
    await this.#rewriteRun(run.id, claim.flowRunVersion, {
      flowRun: failedState(reason.split('\n')[0]!),
      taskRun: () => failedState('Its flow run process ended before this task run finished.'),
      skipFlowRunIf: (state) =>
        isFinished(state) || (options.onlyIfUnfinished === true && isScheduledLike(state)),
    });
  }

  /** Puts a run the agent could not finish back in the queue. */
  async #handBack(claim: Claim, why: string): Promise<void> {
    const message = `Handed back by agent ${this.name}: ${why}.`;
    this.#logger.warn(`Flow run ${claim.run.name} (${claim.run.id}): ${message}`);
    await this.#writeLog(claim.run.id, 'WARNING', message);
    await this.#rewriteRun(claim.run.id, claim.flowRunVersion, {
      flowRun: (state: string) =>
        state === 'Cancelling' ? cancelledState(message) : scheduledState(message),
      taskRun: () => pendingState(message),
      skipFlowRunIf: (state) => isFinished(state) || isScheduledLike(state),
    });
  }

  /**
   * Writes a new state to a held run and to its Submitted/Running task runs, re-reading the
   * run when another writer got there first (the runner may have moved it on).
   */
  async #rewriteRun(
    flowRunId: string,
    knownVersion: number,
    rewrite: {
      flowRun: Record<string, unknown> | ((state: string) => Record<string, unknown>);
      taskRun: () => Record<string, unknown>;
      skipFlowRunIf: (state: string) => boolean;
    },
  ): Promise<void> {
    let version = knownVersion;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const { flowRun: run } = await this.client.graphql<{ flowRun: AgentFlowRun | null }>(AGENT_FLOW_RUN, {
          id: flowRunId,
        });
        if (!run || rewrite.skipFlowRunIf(run.state)) return;
        version = run.version;
        const stuck = run.taskRuns.filter(
          (taskRun) => taskRun.state === 'Submitted' || isRunningLike(taskRun.state),
        );
        await Promise.all(
          stuck.map((taskRun) =>
            this.client
              .setTaskRunState(taskRun.id, taskRun.version, rewrite.taskRun())
              .catch((error: unknown) => {
                if (!VersionLockError.isInstance(error)) throw error;
              }),
          ),
        );
        const state = typeof rewrite.flowRun === 'function' ? rewrite.flowRun(run.state) : rewrite.flowRun;
        await this.client.setFlowRunState(flowRunId, version, state);
        return;
      } catch (error) {
        if (VersionLockError.isInstance(error)) continue;
        this.#logger.error(`Could not update the state of flow run ${flowRunId}: ${messageOf(error)}`);
        return;
      }
    }
    this.#logger.error(`Flow run ${flowRunId} kept changing; its state was left as it is.`);
  }

  async #writeLog(flowRunId: string, level: LogLevel, message: string): Promise<void> {
    try {
      await this.client.writeRunLogs([{ flowRunId, level, name: `agent.${this.name}`, message }]);
    } catch (error) {
      this.#logger.error(`Could not write a log line to flow run ${flowRunId}: ${messageOf(error)}`);
    }
  }

  async #drain(): Promise<void> {
    await this.#pollingDone.promise;
    if (this.#held.size === 0) return;
    this.#logger.info(
      `Waiting up to ${Math.round(this.#shutdownTimeoutMs / 1000)} s for ${this.#held.size} flow run(s) to finish (stop again to hand them back now).`,
    );
    const all = Promise.all([...this.#held.values()].map((held) => held.done));
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), this.#shutdownTimeoutMs);
        this.#shutdownNow.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(true);
        });
        all.then(() => clearTimeout(timer));
      }),
    ]);
    if (!timedOut) return;
    this.#handingBack = true;
    this.#shutdownNow.abort();
    await Promise.all([...this.#held.values()].map((held) => held.deployment?.stop({ graceMs: 10_000 })));
    await all;
  }
}

function isScheduledLike(state: string): boolean {
  return (SCHEDULED_LIKE_STATES as readonly string[]).includes(state);
}

/**
 * A Scheduled-like state whose start time has come. A Paused one without a wake-up time waits
 * for a resume: submitting it would hide it from `resumeFlowRun`.
 */
function isDue(state: string, startTime: string | null, now: number): boolean {
  if (!isScheduledLike(state)) return false;
  if (startTime === null) return state !== 'Paused';
  return Date.parse(startTime) <= now;
}

function isFinished(state: string): boolean {
  return (FINISHED_STATES as readonly string[]).includes(state);
}

function isRunningLike(state: string): boolean {
  return state === 'Running' || state === 'Cancelling';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits for `promise` to settle, `ms` milliseconds at most. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
