import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JsonValue } from '../contracts/json.js';
import { decodeResult, encodeResult } from '../results/result-codec.js';
import type { TaskRunContext } from '../tasks/task-run-context.js';
import type { TaskThreadReply, TaskThreadRequest } from './task-thread-protocol.js';
import { TaskThreadTimeout } from './task-thread-timeout.js';
import { deserializeThreadError } from './thread-error.js';
import { threadPreloads } from './thread-preloads.js';

/**
 * The thread's code, inline and with Node's builtins only, so it ships inside any bundle of
 * Headwater: it imports the process's preloads (worker threads skip `--import`), then the flow's module (as Headwater does, so a top-level
 * `flow.deploy()` does nothing) and hands over to the entry that module's copy of
 * `@headwater/core` registered.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
globalThis[Symbol.for('headwater.loading-flows')] = true;
const post = (reply) => parentPort.postMessage(reply);
workerData.preloads
  .reduce((loaded, preload) => loaded.then(() => import(preload)), Promise.resolve())
  .then(() => import(workerData.module))
  .then((exports) => {
    const entry = globalThis[Symbol.for('headwater.task-thread.v1')];
    if (typeof entry !== 'function') {
      throw new Error('Importing ' + workerData.module + ' did not load @headwater/core, so the task cannot run in a thread: the module must import @headwater/core.');
    }
    return entry(workerData, exports, post);
  })
  .catch((error) => post({ ok: false, error: {
    name: String((error && error.name) || 'Error'),
    message: String((error && error.message) || error),
    stack: error && error.stack, markers: [], fields: {},
  } }));
`;

const encodes = (value: unknown) => {
  try {
    encodeResult(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * The run context as it crosses to the thread: its fields but `signal` and `task`, encoded.
 * Context entries that cannot be encoded (handles a hook put there) stay behind.
 */
function threadRunContext(runContext: TaskRunContext): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(runContext)) {
    if (key === 'signal' || key === 'task' || key === 'services' || key === 'secret') continue;
    const crossing =
      key === 'context'
        ? Object.fromEntries(Object.entries(value as object).filter(([, v]) => encodes(v)))
        : value;
    if (encodes(crossing)) out[key] = encodeResult(crossing, key);
  }
  return out;
}

/** Writes what the thread printed as lines of this thread's console, so run logs capture them with the task. */
function forwardLines(stream: NodeJS.ReadableStream, write: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) write(line);
  });
  stream.on('end', () => {
    if (pending !== '') write(pending);
  });
}

/** Where a task runs in a thread: its flow's module and name, and its slug. */
export interface TaskThreadTarget {
  /** Absolute path of the module that defines and exports the flow. */
  module: string;
  flowName: string;
  taskSlug: string;
}

/** The limits of a task's thread. */
export interface TaskThreadLimits {
  /** Milliseconds from the task's start in its thread (loading the flow's module not counted); `null` for none. */
  timeout: number | null;
  /** The flow run's signal: aborting it terminates the thread. */
  signal: AbortSignal | undefined;
}

/** What the thread is sent: where its task is, its inputs and context, encoded. */
function threadRequest(
  target: TaskThreadTarget,
  inputs: Record<string, unknown>,
  runContext: TaskRunContext,
): TaskThreadRequest {
  return {
    module: pathToFileURL(target.module).href,
    flowName: target.flowName,
    taskSlug: target.taskSlug,
    inputs: encodeResult(inputs, 'inputs'),
    runContext: threadRunContext(runContext),
    preloads: threadPreloads(),
  };
}

/** The value a finished thread answered, or the error it sent. */
function answerOf(reply: Exclude<TaskThreadReply, { started: true }>): unknown {
  if (!reply.ok) throw deserializeThreadError(reply.error);
  return decodeResult(reply.result);
}

/**
 * Runs a task in a worker thread of its own: the thread imports the flow's module, finds
 * the task by slug and runs it; inputs and the result cross encoded (Map, Date, … kept;
 * class instances and functions refused with their path). At the time limit the thread is
 * terminated, synchronous code included, and the promise rejects with a
 * {@link TaskThreadTimeout}; when the run's signal aborts, with its reason.
 */
export function runInThread(
  target: TaskThreadTarget,
  inputs: Record<string, unknown>,
  runContext: TaskRunContext,
  { timeout, signal }: TaskThreadLimits,
): Promise<unknown> {
  const request = threadRequest(target, inputs, runContext);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: request, stdout: true, stderr: true });
    forwardLines(worker.stdout, (line) => console.log(line));
    forwardLines(worker.stderr, (line) => console.error(line));
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    /** Ends the thread once, with the outcome `finish` gives (a value, or what it throws). */
    const settle = (finish: () => unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      try {
        resolve(finish());
      } catch (error) {
        reject(error);
      }
    };
    const fail = (error: unknown) => () => {
      throw error;
    };
    const onAbort = () => settle(fail(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: TaskThreadReply) => {
      if (!('started' in reply)) return settle(() => answerOf(reply));
      if (timeout !== null) timer = setTimeout(() => settle(fail(new TaskThreadTimeout(timeout))), timeout);
    });
    worker.once('error', (error) => settle(fail(error)));
    worker.once('exit', (code) =>
      settle(
        fail(new Error(`The thread of task "${target.taskSlug}" exited (code ${code}) before it answered.`)),
      ),
    );
  });
}
