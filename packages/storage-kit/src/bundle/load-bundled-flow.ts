import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Flow } from '@headwater/core';
import { FlowLoadError } from '../errors/flow-load-error.js';

function isFlow(value: unknown, name: string): value is Flow {
  const candidate = value as Partial<Flow> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.name === name &&
    typeof candidate.serialize === 'function' &&
    'sourceModule' in candidate
  );
}

/**
 * The flow named `flowName` among the exports of bundled flow modules (what `flows.mjs`
 * exports as `modules`), or `undefined`.
 */
export function findFlow(modules: readonly Record<string, unknown>[], flowName: string): Flow | undefined {
  for (const module of modules) {
    for (const value of Object.values(module)) if (isFlow(value, flowName)) return value;
  }
  return undefined;
}

/**
 * Imports a bundle's `flows.mjs` (at `location`) and returns the flow named `flowName`.
 * A rebuilt bundle at the same path is imported afresh.
 */
export async function loadBundledFlow(location: string, flowName: string): Promise<Flow> {
  if (!existsSync(location)) {
    throw new FlowLoadError({
      flowName,
      location,
      reason: 'the bundle does not exist here; build the storage first (storage.build())',
    });
  }
  const { mtimeMs } = await stat(location);
  let bundle: { modules?: Record<string, unknown>[] };
  try {
    bundle = await import(/* @vite-ignore */ `${pathToFileURL(location).href}?v=${mtimeMs}`);
  } catch (error) {
    throw new FlowLoadError({
      flowName,
      location,
      reason: `importing the bundle failed: ${(error as Error)?.stack ?? String(error)}`,
      cause: error,
    });
  }
  const flow = findFlow(bundle.modules ?? [], flowName);
  if (!flow) {
    throw new FlowLoadError({
      flowName,
      location,
      reason:
        'no module of the bundle exports a flow of that name; export the Flow from the module that creates it',
    });
  }
  return flow;
}
