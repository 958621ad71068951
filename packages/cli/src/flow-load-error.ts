import { dirname, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error.js';

/** A syntax error's place: `file:line:column` (both 1-based) and what is wrong there. */
interface SyntaxProblem {
  file: string;
  line: number;
  column: number;
  text: string;
}

/**
 * The error to report when importing the flow module `path` threw `error`, naming the real
 * cause: a package that is not installed (with the command that installs it with the
 * project's package manager), a module that does not exist, a syntax error at
 * `file:line:column`, or the exception the module threw at import time, with its stack.
 */
export async function flowLoadError(error: unknown, path: string): Promise<Error> {
  const missing = missingModule(error);
  if (missing) {
    if (isBareSpecifier(missing.specifier)) {
      const { installCommand, MissingPackageError, packageNameOf } = await import('@headwater/core');
      const packageName = packageNameOf(missing.specifier);
      const importer = missing.importer ?? path;
      return new MissingPackageError({
        packageName,
        feature: importer === path ? path : `${path} (through ${importer})`,
        searched: [dirname(importer)],
        install: await installCommand([packageName], dirname(path)),
        cause: error,
      });
    }
    return loadError(
      path,
      `${missing.importer ?? path} imports ${missing.specifier}, which does not exist.`,
      error,
    );
  }
  const syntax = await syntaxProblem(error, path);
  if (syntax) {
    return loadError(
      path,
      `syntax error at ${syntax.file}:${syntax.line}:${syntax.column}: ${syntax.text}`,
      error,
    );
  }
  const thrown = error instanceof Error ? error : new Error(String(error));
  const stack = userFrames(thrown);
  return loadError(
    path,
    `it threw while loading: ${thrown.name}: ${thrown.message}${stack.length > 0 ? `\n${stack.join('\n')}` : ''}`,
    error,
  );
}

function loadError(path: string, reason: string, cause: unknown): CliError {
  return new CliError({ code: 'FLOW_MODULE_LOAD', message: `Could not load ${path}: ${reason}`, cause });
}

/** The specifier (and the module importing it) of a "cannot find module/package" error, from ESM or CommonJS. */
function missingModule(error: unknown): { specifier: string; importer?: string } | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if ((code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') || typeof message !== 'string')
    return undefined;
  const esm = /Cannot find (?:package|module) '([^']+)' imported from (.+)$/m.exec(message);
  if (esm) return { specifier: esm[1]!, importer: toPath(esm[2]!.trim()) };
  const cjs = /Cannot find module '([^']+)'(?:\s*Require stack:\s*- (.+))?/.exec(message);
  if (cjs) return { specifier: cjs[1]!, ...(cjs[2] ? { importer: toPath(cjs[2].trim()) } : {}) };
  return undefined;
}

function isBareSpecifier(specifier: string): boolean {
  return !(
    specifier.startsWith('.') ||
    isAbsolute(specifier) ||
    /^[a-z][a-z0-9+.-]*:/i.test(specifier) // file:, node:, data:
  );
}

const toPath = (location: string) => (location.startsWith('file:') ? fileURLToPath(location) : location);

/**
 * Where a syntax error is: esbuild's report when tsx compiled the file, the location V8
 * puts at the top of a CommonJS module's stack, or — for an ES module V8 refused to parse,
 * whose error says nowhere — esbuild's parse of the flow file itself. A `SyntaxError` the
 * module threw while running (`JSON.parse`) is not one.
 */
async function syntaxProblem(error: unknown, path: string): Promise<SyntaxProblem | undefined> {
  if (!(error instanceof Error)) return undefined;
  const esbuild = /^Transform failed with/.test(error.message)
    ? /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(error.message)
    : null;
  if (esbuild) {
    return { file: esbuild[1]!, line: Number(esbuild[2]), column: Number(esbuild[3]) + 1, text: esbuild[4]! };
  }
  if (error.name !== 'SyntaxError') return undefined;
  const cjs = /^((?:\/|file:).+?):(\d+)\n(.*)\n(\s*)\^/.exec(error.stack ?? '');
  if (cjs) {
    return { file: toPath(cjs[1]!), line: Number(cjs[2]), column: cjs[4]!.length + 1, text: error.message };
  }
  if (userFrames(error).length > 0) return undefined;
  return parseWithEsbuild(path);
}

async function parseWithEsbuild(path: string): Promise<SyntaxProblem | undefined> {
  const loader = /\.[cm]?ts$/.test(path) ? 'ts' : 'js';
  try {
    const [{ transform }, { readFile }] = await Promise.all([import('esbuild'), import('node:fs/promises')]);
    await transform(await readFile(path, 'utf8'), { loader, sourcefile: path, format: 'esm' });
    return undefined;
  } catch (parseError) {
    const first = (
      parseError as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }
    ).errors?.[0];
    if (!first?.location) return undefined;
    const { file, line, column } = first.location;
    return { file, line, column: column + 1, text: first.text };
  }
}

/** Where the CLI's own modules are: their frames are not the user's. */
const cliDirectory = import.meta.dirname;

/**
 * The frames of `error`'s stack in the user's code: Node's internals, Headwater itself and
 * the loaders it imports the module with (tsx, esbuild) are left out.
 */
function userFrames(error: Error): string[] {
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  // Below the CLI's import of the module is only Headwater: the CLI, commander, the bin.
  const cut = frames.findIndex((line) => line.includes(cliDirectory));
  return (cut === -1 ? frames : frames.slice(0, cut)).filter(
    (line) =>
      !/\(node:|at node:|\bnode:internal\b/.test(line) &&
      !line.includes(cliDirectory) &&
      !/[/\\]node_modules[/\\](\.pnpm[/\\])?(tsx|esbuild|@esbuild|commander)[/\\@]/.test(line),
  );
}
