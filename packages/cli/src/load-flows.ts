import { createRequire } from 'node:module';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Flow } from '@headwater/core';
import { CliError } from './cli-error.js';
import { flowLoadError } from './flow-load-error.js';
import { usePluginSearchPaths } from './plugins.js';
import { UsageError } from './usage-error.js';

// Not an `import`: an ESM import of node:fs also evaluates its lazy exports (fs.promises and
// its streams), a few ms of every command's start.
const { existsSync, statSync } = process.getBuiltinModule('node:fs');

/** The flows a user module exports, and where it lives. */
export interface LoadedFlows {
  /** Absolute path of the module. */
  file: string;
  flows: Flow[];
}

/** The file kinds a flow module may be. */
const FLOW_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The absolute path of a flow file given on the command line; a missing file is bad usage. */
export function flowFilePath(file: string): string {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`File not found: ${path}.`);
  return path;
}

let registered: Promise<void> | undefined;

/**
 * tsx's loaders for both module systems, registered once for this process: TypeScript is
 * compiled as it loads, in whichever format its project gives it (`"type"` in package.json,
 * `.mts`/`.cts`), and stack traces and `flow.sourceModule` name the original files.
 */
function registerTypeScript(): Promise<void> {
  // tsx would keep compiled files in the system's temporary directory; Headwater writes only
  // under its home and the user's project, and a flow's few files compile in milliseconds.
  process.env.TSX_DISABLE_CACHE ??= '1';
  registered ??= Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')]).then(([cjs, esm]) => {
    cjs.register();
    esm.register();
  });
  return registered;
}

/**
 * Imports the user's flow module and returns the flows it exports — every exported `Flow`,
 * or the one named `flowName`. The module may be TypeScript (`.ts`, `.mts`, `.cts`) or
 * JavaScript (`.js`, `.mjs`, `.cjs`), in an ESM project, a CommonJS one (`npm init -y`) or
 * a directory without package.json, and import the project's own modules and packages in
 * either module system. Its directory becomes the first place plugins resolve from. When it
 * cannot be loaded, the error names the real cause: a missing package with the command that
 * installs it, a syntax error at `file:line:column`, or what the module threw, with its stack.
 */
export async function loadFlows(file: string, flowName?: string): Promise<LoadedFlows> {
  const path = flowFilePath(file);
  const extension = extname(path);
  if (!FLOW_EXTENSIONS.includes(extension)) {
    throw new UsageError(
      `${path} is not a TypeScript or JavaScript module: a flow file ends in ${FLOW_EXTENSIONS.join(', ')}.`,
    );
  }
  await usePluginSearchPaths(dirname(path));
  const [{ markLoadingFlows }] = await Promise.all([import('@headwater/core'), registerTypeScript()]);
  let namespace: Record<string, unknown>;
  try {
    markLoadingFlows();
    namespace = await importModule(path);
  } catch (cause) {
    throw await flowLoadError(cause, path);
  }
  const flows = exportedFlows(namespace);
  if (flows.length === 0) {
    throw new CliError({
      code: 'NO_FLOW_EXPORTED',
      message: `${path} exports no Flow. Export one, e.g. \`export const flow = new Flow('etl')\`.`,
    });
  }
  if (flowName === undefined) return { file: path, flows };
  const chosen = flows.filter((flow) => flow.name === flowName);
  if (chosen.length === 0) {
    throw new CliError({
      code: 'FLOW_NOT_EXPORTED',
      message: `${path} exports no flow named "${flowName}" (it exports ${flows.map((f) => `"${f.name}"`).join(', ')}).`,
    });
  }
  return { file: path, flows: chosen };
}

/**
 * `.cts` and `.cjs` files are CommonJS whatever the project says: they are required (an
 * `import()` of `.cts` fails on Node 20). Everything else is imported, and Node and tsx pick
 * the format from the extension and the nearest package.json.
 */
async function importModule(path: string): Promise<Record<string, unknown>> {
  if (path.endsWith('.cts') || path.endsWith('.cjs')) {
    const exports: unknown = createRequire(path)(path);
    return exports !== null && typeof exports === 'object' ? (exports as Record<string, unknown>) : {};
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** The flows among a module's exports (a CommonJS module's `module.exports` included). */
function exportedFlows(namespace: Record<string, unknown>): Flow[] {
  const values = Object.values(namespace);
  const fallback = namespace.default;
  if (fallback !== null && typeof fallback === 'object' && !isFlow(fallback)) {
    values.push(...Object.values(fallback as Record<string, unknown>));
  }
  return [...new Set(values.filter(isFlow))];
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
