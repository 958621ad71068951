import { ResultSerializationError } from '../errors/result-serialization-error.js';
import type { Flow } from '../flow/flow.js';
import { decodeResult, encodeResult } from '../results/result-codec.js';
import type { Task } from '../tasks/task.js';
import type { TaskRunContext } from '../tasks/task-run-context.js';
import { TASK_THREAD_ENTRY, type TaskThreadReply, type TaskThreadRequest } from './task-thread-protocol.js';
import { serializeThreadError } from './thread-error.js';

const isFlowNamed = (value: unknown, name: string): value is Flow =>
  value !== null &&
  typeof value === 'object' &&
  (value as Partial<Flow>).name === name &&
  typeof (value as Partial<Flow>).getTask === 'function';

/** The flow among a module's exports (or among a bundle's `modules`, each a module's exports). */
export function findExportedFlow(exports: Record<string, unknown>, name: string): Flow | undefined {
  for (const value of Object.values(exports)) {
    if (isFlowNamed(value, name)) return value;
    if (!Array.isArray(value)) continue;
    for (const module of value) {
      if (module === null || typeof module !== 'object') continue;
      const found = Object.values(module as Record<string, unknown>).find((v) => isFlowNamed(v, name));
      if (found !== undefined) return found as Flow;
    }
  }
  return undefined;
}

function taskOf(request: TaskThreadRequest, exports: Record<string, unknown>): Task<any, unknown> {
  const flow = findExportedFlow(exports, request.flowName);
  if (flow === undefined) {
    throw new Error(
      `Module ${request.module} exports no flow named "${request.flowName}", so task "${request.taskSlug}" cannot run in a thread: export the Flow from the module that creates it, or give the task isolation: 'none'.`,
    );
  }
  const task = flow.getTask(request.taskSlug);
  if (task === undefined) {
    throw new Error(
      `Flow "${request.flowName}" from ${request.module} has no task "${request.taskSlug}" when imported in a thread: add every task when the module loads (not at run time), or give the task isolation: 'none'.`,
    );
  }
  return task;
}

/** The encoded result, or a {@link ResultSerializationError} that names the task. */
function encodeResultOf(task: Task<any, unknown>, result: unknown) {
  try {
    return encodeResult(result);
  } catch (error) {
    if (ResultSerializationError.isInstance(error)) {
      error.message = `The result of task "${task.name}" (${task.slug}) cannot leave its thread: ${error.message}`;
    }
    throw error;
  }
}

/**
 * Runs one task in a task's thread, once its flow's module is loaded: finds the task by
 * its flow's name and its slug, runs it with the decoded inputs and posts the encoded
 * result (or the error). The thread is ended from outside at the time limit.
 */
export async function runTaskThread(
  request: TaskThreadRequest,
  exports: Record<string, unknown>,
  post: (reply: TaskThreadReply) => void,
): Promise<void> {
  try {
    const task = taskOf(request, exports);
    const runContext = Object.fromEntries(
      Object.entries(request.runContext).map(([key, value]) => [key, decodeResult(value)]),
    );
    const context = {
      ...runContext,
      task,
      signal: new AbortController().signal,
      services: {},
      secret: (name: string) =>
        Promise.reject(
          new Error(
            `context.secret('${name}') is not available in a task with isolation: 'thread'; give the task secret('${name}') as an input instead.`,
          ),
        ),
    } as unknown as TaskRunContext;
    const inputs = decodeResult(request.inputs) as object;
    post({ started: true });
    const result = await task.run(inputs, context);
    post({ ok: true, result: encodeResultOf(task, result) });
  } catch (error) {
    post({ ok: false, error: serializeThreadError(error) });
  }
}

// A task's thread finds this entry through the registry once it imported the flow's module
// (which loads this copy of @headwater/core).
(globalThis as Record<symbol, unknown>)[TASK_THREAD_ENTRY] ??= runTaskThread;
