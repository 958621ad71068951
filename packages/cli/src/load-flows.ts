import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Flow } from '@headwater/core';
import { HeadwaterError, markLoadingFlows } from '@headwater/core';
import { UsageError } from './usage-error.js';

/** The flows a user module exports, and where it lives. */
export interface LoadedFlows {
  /** Absolute path of the module. */
  file: string;
  flows: Flow[];
}

let registered: Promise<unknown> | undefined;

/**
 * Imports the user's flow module (TypeScript or JavaScript; `.ts` is compiled on the fly by
 * tsx's loader, so stack traces and `flow.sourceModule` name the original file) and returns
 * the flows it exports — every exported `Flow`, or the one named `flowName`.
 */
export async function loadFlows(file: string, flowName?: string): Promise<LoadedFlows> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`File not found: ${path}.`);
  registered ??= import('tsx/esm/api').then(({ register }) => register());
  await registered;
  let namespace: Record<string, unknown>;
  try {
    markLoadingFlows();
    namespace = await import(pathToFileURL(path).href);
  } catch (cause) {
    throw new HeadwaterError({
      code: 'FLOW_MODULE_LOAD',
      message: `Could not load ${path}: ${(cause as Error)?.message ?? String(cause)} (run with --verbose for the stack trace)`,
      cause,
    });
  }
  const flows = [...new Set(Object.values(namespace).filter(isFlow))];
  if (flows.length === 0) {
    throw new HeadwaterError({
      code: 'NO_FLOW_EXPORTED',
      message: `${path} exports no Flow. Export one, e.g. \`export const flow = new Flow('etl')\`.`,
    });
  }
  if (flowName === undefined) return { file: path, flows };
  const chosen = flows.filter((flow) => flow.name === flowName);
  if (chosen.length === 0) {
    throw new HeadwaterError({
      code: 'FLOW_NOT_EXPORTED',
      message: `${path} exports no flow named "${flowName}" (it exports ${flows.map((f) => `"${f.name}"`).join(', ')}).`,
    });
  }
  return { file: path, flows: chosen };
}

/**
 * A Flow from any copy of `@headwater/core` (the user's project has its own): recognised by
 * shape, since `instanceof` only knows this copy's class.
 */
function isFlow(value: unknown): value is Flow {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Flow>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.serialize === 'function' &&
    typeof candidate.deploy === 'function' &&
    Array.isArray(candidate.tasks)
  );
}
