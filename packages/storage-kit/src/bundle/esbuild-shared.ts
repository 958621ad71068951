import { dirname, resolve, sep } from 'node:path';
import type { BuildOptions, Message, OnResolveArgs, Plugin, PluginBuild } from 'esbuild';
import type { BundleProblem } from '../errors/flow-bundle-error.js';

/** What every flow and runtime bundle shares: ES modules for Node, names and stacks kept. */
export function sharedBuildOptions(nodeMajor: number): BuildOptions & { write: false } {
  return {
    bundle: true,
    splitting: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: `node${nodeMajor}`,
    outExtension: { '.js': '.mjs' },
    // Workspace packages resolve to their TypeScript source; published ones have no such condition.
    conditions: ['@headwater/source', 'module'],
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'silent',
    // CommonJS dependencies call require(), and flows of CommonJS projects name their module
    // with __filename: ES modules have neither. Free __filename and __dirname become the
    // bundle file's own (a module declaring its own keeps it).
    banner: {
      js: [
        "import { createRequire as __headwaterCreateRequire } from 'node:module';",
        "import { fileURLToPath as __headwaterFileURLToPath } from 'node:url';",
        'const require = __headwaterCreateRequire(import.meta.url);',
        'const __headwaterFilename = __headwaterFileURLToPath(import.meta.url);',
        "const __headwaterDirname = __headwaterFileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, '');",
      ].join(' '),
    },
    define: { __filename: '__headwaterFilename', __dirname: '__headwaterDirname' },
  };
}

/** The deepest directory containing every path. */
export function commonDirectory(paths: readonly string[]): string {
  const split = paths.map((p) => dirname(p).split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}

/** esbuild reports files relative to its working directory; callers want them absolute. */
export const messageFile = (root: string, message: Message) =>
  message.location && (message.location.namespace === 'file' || message.location.namespace === '')
    ? resolve(root, message.location.file)
    : message.location?.file;

export const toProblem =
  (root: string) =>
  (message: Message): BundleProblem => ({
    text: message.text,
    file: messageFile(root, message),
    line: message.location?.line,
    column: message.location?.column,
    lineText: message.location?.lineText,
  });

export function formatMessage(root: string, message: Message): string {
  const location = message.location ? `${messageFile(root, message)}:${message.location.line}: ` : '';
  return `${location}${message.text}`;
}

/** Marks the resolutions {@link resolveFromProject} makes itself, so its hook lets them through. */
const SKIP = 'headwater-resolve';

/** Headwater packages and their subpaths: `@headwater/core`, `@headwater/runtime/health-check`. */
export const HEADWATER_IMPORT = /^@headwater\/[^/]+(\/[^/]+)*$/;

/**
 * Resolves a Headwater import as the flows' project sees it first, then as the importing
 * module does: the runtime (from the CLI's install, say) then uses the project's
 * `@headwater/core`, the copy the flow code uses — one copy, one `Flow` class. Undefined
 * when nothing resolves it (esbuild then reports the import), or for its own lookups.
 */
export async function resolveFromProject(
  build: PluginBuild,
  args: OnResolveArgs,
  projectDirs: readonly string[],
): Promise<string | undefined> {
  if (args.pluginData === SKIP) return undefined;
  for (const resolveDir of [...projectDirs, args.resolveDir]) {
    const result = await build.resolve(args.path, { resolveDir, kind: args.kind, pluginData: SKIP });
    if (result.errors.length === 0) return result.path;
  }
  return undefined;
}

/** An esbuild plugin that resolves every Headwater import with {@link resolveFromProject}. */
export function projectCopiesPlugin(projectDirs: readonly string[]): Plugin {
  return {
    name: 'headwater-project-copies',
    setup(build) {
      build.onResolve({ filter: HEADWATER_IMPORT }, async (args) => {
        const path = await resolveFromProject(build, args, projectDirs);
        return path ? { path } : undefined;
      });
    },
  };
}
