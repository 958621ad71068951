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
  /** A heartbeat failed (the next one tries again); called on the run's own thread. */
  onError?: (error: Error) => void;
}

const UPDATE_FLOW_RUN_HEARTBEAT = `mutation updateFlowRunHeartbeat($input: updateFlowRunHeartbeatInput!) {
  updateFlowRunHeartbeat(input: $input) { success } }`;

/**
 * The worker's code, inline and with Node's builtins only, so it ships inside any bundle of
 * the runtime (Local storage, a Docker image, a project's own install) with no file of its own.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { endpoints, token, body, intervalMs } = workerData;
const headers = { 'content-type': 'application/json', accept: 'application/json' };
if (token) headers.authorization = 'Bearer ' + token;
let current = 0;
function beat() {
  const endpoint = endpoints[current];
  const fail = (message) => {
    current = (current + 1) % endpoints.length;
    parentPort.postMessage({ error: message });
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
beat();
setInterval(beat, intervalMs);
`;

/**
 * Sends a flow run's heartbeats from a thread of its own (a worker with its own event
 * loop), one at once and then every interval: a task that blocks the run's event loop
 * (a long synchronous computation) does not stop them, so the zombie killer never takes
 * a live run for a dead one.
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
  #worker: Worker | undefined;

  constructor(options: HeartbeatThreadOptions) {
    this.#options = options;
  }

  /** Starts the thread (once). */
  start(): void {
    if (this.#worker) return;
    const { api, token, flowRunId, intervalMs = 30_000, onError } = this.#options;
    const body = JSON.stringify({ query: UPDATE_FLOW_RUN_HEARTBEAT, variables: { input: { flowRunId } } });
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { endpoints: parseApiUrls(api).map(graphqlEndpoint), token, body, intervalMs },
      // Keep the worker lean: it needs none of the run's environment or arguments.
      env: {},
      argv: [],
      execArgv: [],
    });
    worker.on('message', (message: { error?: string }) => {
      if (message.error) onError?.(new Error(message.error));
    });
    worker.on('error', (error) => onError?.(error));
    worker.unref();
    this.#worker = worker;
  }

  /** Stops the heartbeats; resolves when the thread is gone. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}
