import { AsyncLocalStorage } from 'node:async_hooks';
import { formatWithOptions } from 'node:util';
import type { LogLevel } from '@headwater/client';
import type { Executor } from '@headwater/core';
import type { RunLogger } from './run-logger.js';

interface Slot {
  logger?: RunLogger;
}

const scopes = new AsyncLocalStorage<Slot>();

/**
 * Wraps an executor so each piece of work it runs has its own log scope: the cloud runner
 * names the task run of a scope when it starts, and console output from inside the task
 * is then shipped with that task run's context.
 */
export function scopedExecutor(executor: Executor): Executor {
  return {
    specificationVersion: executor.specificationVersion,
    name: executor.name,
    ...(executor.start ? { start: () => executor.start!() } : {}),
    ...(executor.shutdown ? { shutdown: () => executor.shutdown!() } : {}),
    submit: (work) => executor.submit(() => inLogScope(work)),
    map: (items, work) => executor.map(items, (item, index) => inLogScope(() => work(item, index))),
    wait: (futures) => executor.wait(futures),
    ...(executor.runTaskRun ? { runTaskRun: (request) => executor.runTaskRun!(request) } : {}),
  };
}

/** Runs `work` in a log scope of its own (see {@link setScopeLogger}). */
export function inLogScope<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run({}, work);
}

/** Names the logger of the current scope (a task run starting inside scoped work). */
export function setScopeLogger(logger: RunLogger): void {
  const slot = scopes.getStore();
  if (slot) slot.logger = logger;
}

const METHODS = [
  ['debug', 'DEBUG'],
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARNING'],
  ['error', 'ERROR'],
] as const satisfies readonly (readonly [keyof Console, LogLevel])[];

/**
 * Ships what `console.debug/log/info/warn/error` print during a run to the API as log lines
 * of the task run printing them (else of the flow run). The output is still printed.
 * Returns the function that restores the console.
 */
export function captureConsole(flowLogger: RunLogger): () => void {
  const originals = METHODS.map(([method]) => [method, console[method]] as const);
  for (const [method, level] of METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      original.apply(console, args);
      const logger = scopes.getStore()?.logger ?? flowLogger;
      logger.log(level, formatWithOptions({ colors: false }, ...args), { echo: false });
    };
  }
  return () => {
    for (const [method, original] of originals) console[method] = original as never;
  };
}
