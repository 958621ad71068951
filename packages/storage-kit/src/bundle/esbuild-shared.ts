import { dirname, resolve, sep } from 'node:path';
import type { BuildOptions, Message } from 'esbuild';
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
    // CommonJS dependencies call require(); ES modules have none.
    banner: {
      js: "import { createRequire as __headwaterCreateRequire } from 'node:module'; const require = __headwaterCreateRequire(import.meta.url);",
    },
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
