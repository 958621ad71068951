import type { Writable } from 'node:stream';

const GUARDED = Symbol.for('headwater.runtime.survive-lost-output');

type Guarded = Writable & { [GUARDED]?: true };

/**
 * Keeps a run process going when its stdout or stderr goes away, e.g. when the agent that
 * reads them is killed: a write to the gone pipe fails (EPIPE), which would otherwise end
 * the process with an uncaught error in the middle of its run. From the first failure on,
 * writes to that stream are dropped; the run's logs still go to the API. Other `error`
 * handlers of the streams are removed (one that exits on EPIPE would end the run too).
 *
 * @example
 * ```ts
 * surviveLostOutput();
 * await executeFlowRun(options);
 * ```
 */
export function surviveLostOutput(streams: readonly Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams as Guarded[]) {
    if (stream[GUARDED]) continue;
    stream[GUARDED] = true;
    // A run must outlive its output: a handler that ends the process on EPIPE (the `headwater`
    // command has one, for `headwater get flows | head`) is replaced.
    stream.removeAllListeners('error');
    stream.on('error', () => silence(stream));
  }
}

/** Turns `stream.write` into a no-op that still calls its callback (console and loggers keep working). */
function silence(stream: Writable): void {
  stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  }) as Writable['write'];
}
