import { Worker } from 'node:worker_threads';
import { graphqlEndpoint, parseApiUrls } from '@headwater/client';

/** Options of a {@link HeartbeatThread}. */
export interface HeartbeatThreadOptions {
  /**
   * The API base URL (GraphQL at `<api>/graphql`), or several of replicas of one API (an
   * array, or a comma-separated list): after a failed heartbeat the next one goes to the next.
   */
  api: string | readonly string[];
  /** The run's API token, sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  flowRunId: string;
  /**
   * Milliseconds between heartbeats.
   * @default 30000
   */
  intervalMs?: number;
  /**
   * Send the first heartbeat at once; false waits one interval, for a run whose heartbeat the
   * API just renewed (a `Running` write does).
   * @default true
   */
  beatAtOnce?: boolean;
  /** A heartbeat failed (the next one tries again); called on the run's own thread. */
  onError?: (error: Error) => void;
}

const UPDATE_FLOW_RUN_HEARTBEAT = `mutation updateFlowRunHeartbeat($input: updateFlowRunHeartbeatInput!) {
  updateFlowRunHeartbeat(input: $input) { success } }`;

/**
 * The worker's code, inline and with Node's builtins only, so it ships inside any bundle of
 * the runtime (Local storage, a Docker image, a project's own install) with no file of its own.
 * It beats for one run at a time: `{ start: { id, endpoints, token, body, intervalMs, atOnce } }`
 * starts (one at once unless `atOnce` is false, then every interval), `{ stop: id }` stops and is answered
 * `{ stopped: id }`; a failure is answered `{ id, error }`.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let timer;
let run;
function beat(current) {
  const { id, endpoints, token, body, intervalMs } = current;
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const endpoint = endpoints[current.next];
  const fail = (message) => {
    current.next = (current.next + 1) % endpoints.length;
    if (run === current) parentPort.postMessage({ id, error: message });
  };
  const url = new URL(endpoint);
  const http = require(url.protocol === 'https:' ? 'node:https' : 'node:http');
  const request = http.request(url, { method: 'POST', headers, timeout: Math.max(intervalMs, 5000) }, (response) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => { text += chunk; });
    response.on('end', () => {
      let errors;
      try { errors = JSON.parse(text).errors; } catch { errors = undefined; }
      if (errors && errors.length) fail(errors.map((e) => e.message).join('; '));
      else if (response.statusCode >= 400) fail('HTTP ' + response.statusCode + ' from ' + endpoint);
    });
  });
  request.on('timeout', () => request.destroy(new Error('no answer from ' + endpoint)));
  request.on('error', (error) => fail(error.message));
  request.end(body);
}
parentPort.on('message', (message) => {
  clearInterval(timer);
  timer = undefined;
  if (message.start) {
    run = { ...message.start, next: 0 };
    const current = run;
    if (current.atOnce !== false) beat(current);
    timer = setInterval(() => beat(current), current.intervalMs);
  } else {
    run = undefined;
    parentPort.postMessage({ stopped: message.stop });
  }
});
`;

interface WorkerAnswer {
  id?: number;
  error?: string;
  stopped?: number;
}

/**
 * The process's heartbeat worker, started with the first run's heartbeats and kept for the
 * next runs of a process that runs several (a thread costs some 30 ms of CPU to start).
 * Unreferenced: it never keeps the process alive.
 */
let shared: Worker | undefined;
let nextId = 0;
/** Where a failure of the thread itself goes: the run it beats for. */
let reportThreadError: ((error: Error) => void) | undefined;

function heartbeatWorker(): Worker {
  if (shared) return shared;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Keep the worker lean: it needs none of the run's environment or arguments.
    env: {},
    argv: [],
    execArgv: [],
  });
  worker.unref();
  worker.on('error', (error) => reportThreadError?.(error));
  worker.once('exit', () => {
    if (shared === worker) shared = undefined;
  });
  shared = worker;
  return worker;
}

/**
 * Sends a flow run's heartbeats from a thread of its own (a worker with its own event
 * loop), one at once and then every interval: a task that blocks the run's event loop
 * (a long synchronous computation) does not stop them, so the zombie killer never takes
 * a live run for a dead one. The process has one such thread, beating for one run at a time.
 *
 * @example
 * ```ts
 * const heartbeats = new HeartbeatThread({ api, token, flowRunId, intervalMs: 30_000 });
 * heartbeats.start();
 * // … run the flow …
 * await heartbeats.stop();
 * ```
 */
export class HeartbeatThread {
  readonly #options: HeartbeatThreadOptions;
  #running: { worker: Worker; id: number; onMessage: (answer: WorkerAnswer) => void } | undefined;

  constructor(options: HeartbeatThreadOptions) {
    this.#options = options;
  }

  /** Starts the heartbeats (once). */
  start(): void {
    if (this.#running) return;
    const { api, token, flowRunId, intervalMs = 30_000, beatAtOnce = true, onError } = this.#options;
    const body = JSON.stringify({ query: UPDATE_FLOW_RUN_HEARTBEAT, variables: { input: { flowRunId } } });
    const worker = heartbeatWorker();
    const id = ++nextId;
    const onMessage = (answer: WorkerAnswer) => {
      if (answer.id === id && answer.error) onError?.(new Error(answer.error));
    };
    worker.on('message', onMessage);
    reportThreadError = onError;
    this.#running = { worker, id, onMessage };
    worker.postMessage({
      start: {
        id,
        endpoints: parseApiUrls(api).map(graphqlEndpoint),
        token,
        body,
        intervalMs,
        atOnce: beatAtOnce,
      },
    });
  }

  /** Stops the heartbeats; resolves once the thread sends no more for this run. */
  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (!running) return;
    const { worker, id, onMessage } = running;
    const stopped = new Promise<void>((resolve) => {
      const onAnswer = (answer: WorkerAnswer) => {
        if (answer.stopped !== id) return;
        worker.off('message', onAnswer);
        resolve();
      };
      worker.on('message', onAnswer);
      worker.once('exit', () => resolve());
    });
    // Waiting for the answer must keep the process alive, though the thread never does.
    worker.ref();
    worker.postMessage({ stop: id });
    await stopped;
    worker.unref();
    worker.off('message', onMessage);
  }
}
