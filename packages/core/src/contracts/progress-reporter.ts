/**
 * Long work (building, pushing, uploading) reports through this; the CLI renders it as
 * spinners/bars or plain lines. Every method must be cheap and must not throw.
 *
 * @example
 * ```ts
 * reporter.step('build', 'Building image 127.0.0.1:5000/etl');
 * reporter.log('build', 'Step 1/6 : FROM node:20-slim');
 * reporter.progress('push', 12_000_000, 48_000_000, 'layer 3/5');
 * reporter.done('build', 'built sha256:…');
 * ```
 */
export interface ProgressReporter {
  /** A new step starts. `id` is stable for the step's lifetime. */
  step(id: string, title: string): void;
  /** Progress of a step; `total` when known (bytes, items). */
  progress(id: string, done: number, total?: number, detail?: string): void;
  /** Raw output of a step (e.g. a build log line). */
  log(id: string, line: string): void;
  /** The step succeeded. */
  done(id: string, summary?: string): void;
  /** The step failed. */
  fail(id: string, error: Error): void;
}

/** A reporter that ignores everything (the default when none is given). */
export const silentReporter: ProgressReporter = {
  step() {},
  progress() {},
  log() {},
  done() {},
  fail() {},
};
