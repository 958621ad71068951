import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { VERSION } from '@headwater/core';
import type { Message, Plugin } from 'esbuild';
import { type BundleProblem, FlowBundleError } from '../errors/flow-bundle-error.js';
import { ENTRY_FILE, FLOWS_MODULE_FILE, type FlowManifest, MANIFEST_FILE } from './flow-manifest.js';
import { loadEsbuild } from './load-esbuild.js';

/** What the bundler needs to know about a flow. */
export interface BundledFlow {
  readonly name: string;
  /** Absolute path of the module that defines (and exports) the flow. */
  readonly sourceModule?: string | undefined;
}

export interface BundleFlowsOptions {
  flows: readonly BundledFlow[];
  /**
   * Packages left out of the bundle (imported at run time from a `node_modules` next to
   * it), with their subpaths.
   * @default []
   */
  external?: readonly string[];
  /**
   * The Node major the bundle targets.
   * @default the running Node's major
   */
  nodeMajor?: number;
  /**
   * Directories to find the Headwater runtime (`@headwater/client`) from, tried after each
   * flow module's directory and the working directory.
   * @default []
   */
  runtimeResolveDirs?: readonly string[];
  signal?: AbortSignal;
}

/** One output file, path relative to the bundle directory (POSIX separators). */
export interface BundleFile {
  path: string;
  contents: Uint8Array;
}

export interface FlowBundle {
  /** `entry.mjs`, `flows.mjs`, shared chunks, source maps, and `headwater-manifest.json`. */
  files: BundleFile[];
  manifest: FlowManifest;
  /** esbuild warnings, `file:line: text`. */
  warnings: string[];
}

const NAMESPACE = 'headwater-bundle';
const RUNTIME = '@headwater/client';
const OWN_DIRECTORY = import.meta.dirname;

function commonDirectory(paths: readonly string[]): string {
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
const fileOf = (root: string, message: Message) =>
  message.location && (message.location.namespace === 'file' || message.location.namespace === '')
    ? resolve(root, message.location.file)
    : message.location?.file;

const toProblem =
  (root: string) =>
  (message: Message): BundleProblem => ({
    text: message.text,
    file: fileOf(root, message),
    line: message.location?.line,
    column: message.location?.column,
    lineText: message.location?.lineText,
  });

/**
 * Bundles the modules defining `flows` together with the Headwater runtime into one
 * directory's worth of ES modules: `entry.mjs` runs `runFlowEntrypoint` (list, health
 * check, execute), `flows.mjs` exports the flow modules. Helper modules and workspace
 * packages are inlined; only `external` packages and Node built-ins stay imports. Both
 * entries share chunks, so one copy of `@headwater/core` is loaded whichever runs.
 *
 * @example
 * ```ts
 * const bundle = await bundleFlows({ flows: [flow], external: ['pg'] });
 * for (const file of bundle.files) await writeFile(join(dir, file.path), file.contents);
 * ```
 */
export async function bundleFlows(options: BundleFlowsOptions): Promise<FlowBundle> {
  const problems: BundleProblem[] = [];
  for (const flow of options.flows) {
    if (!flow.sourceModule) {
      problems.push({
        text: `flow "${flow.name}" does not know its module; create it with new Flow("${flow.name}", { module: import.meta.url })`,
      });
    } else if (!isAbsolute(flow.sourceModule)) {
      problems.push({ text: `flow "${flow.name}": module path ${flow.sourceModule} is not absolute` });
    }
  }
  if (options.flows.length === 0) problems.push({ text: 'no flows to bundle; add a flow first' });
  if (problems.length > 0) throw new FlowBundleError({ problems });

  const modules = [...new Set(options.flows.map((flow) => flow.sourceModule!))];
  const root = commonDirectory(modules);
  const nodeMajor = options.nodeMajor ?? Number(process.versions.node.split('.')[0]);
  const external = [...new Set(options.external ?? [])].sort();
  const manifest: FlowManifest = {
    manifest_version: 1,
    headwater_version: VERSION,
    node_major: nodeMajor,
    entry: ENTRY_FILE,
    flows_module: FLOWS_MODULE_FILE,
    modules: modules.map((m) => relative(root, m).split(sep).join('/')),
    flows: Object.fromEntries(
      [...options.flows]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((flow) => [flow.name, { module: modules.indexOf(flow.sourceModule!) }]),
    ),
    dependencies: external,
  };
  const runtimeDirs = [
    ...modules.map((m) => dirname(m)),
    process.cwd(),
    ...(options.runtimeResolveDirs ?? []),
    OWN_DIRECTORY,
  ];
  const sources: Record<string, string> = {
    'headwater:flows': [
      ...modules.map((m, i) => `import * as flowModule${i} from ${JSON.stringify(m)};`),
      `export const modules = [${modules.map((_, i) => `flowModule${i}`).join(', ')}];`,
      `export const manifest = ${JSON.stringify(manifest)};`,
      '',
    ].join('\n'),
    'headwater:entry': [
      "import { modules, manifest } from 'headwater:flows';",
      `import { runFlowEntrypoint } from ${JSON.stringify(RUNTIME)};`,
      'await runFlowEntrypoint({ modules, argv: process.argv.slice(2), manifest });',
      '',
    ].join('\n'),
  };

  const virtualModules: Plugin = {
    name: 'headwater-flow-entries',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^headwater:(entry|flows)$/ }, (args) => ({
        path: args.path,
        namespace: NAMESPACE,
      }));
      esbuild.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: sources[args.path],
        loader: 'js',
        resolveDir: root,
      }));
      esbuild.onResolve({ filter: /^@headwater\/client$/ }, async (args) => {
        if (args.namespace !== NAMESPACE || args.pluginData === NAMESPACE) return undefined;
        for (const resolveDir of runtimeDirs) {
          const result = await esbuild.resolve(args.path, {
            resolveDir,
            kind: args.kind,
            pluginData: NAMESPACE,
          });
          if (result.errors.length === 0) return { path: result.path, namespace: result.namespace };
        }
        return {
          errors: [
            {
              text: `Cannot find ${RUNTIME}, the Headwater runtime that runs flows in their image or directory. Install it in the project that defines the flow (e.g. \`pnpm add ${RUNTIME}\`).`,
            },
          ],
        };
      });
    },
  };

  const outdir = `${root}${sep}.headwater-bundle`;
  try {
    const result = await loadEsbuild().build({
      entryPoints: [
        { in: 'headwater:entry', out: 'entry' },
        { in: 'headwater:flows', out: 'flows' },
      ],
      absWorkingDir: root,
      outdir,
      bundle: true,
      splitting: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: `node${nodeMajor}`,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      conditions: ['@headwater/source', 'module'],
      external: external.flatMap((name) => [name, `${name}/*`]),
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __headwaterCreateRequire } from 'node:module'; const require = __headwaterCreateRequire(import.meta.url);",
      },
      plugins: [virtualModules],
    });
    options.signal?.throwIfAborted();
    const files: BundleFile[] = result.outputFiles.map((file) => ({
      path: relative(outdir, file.path).split(sep).join('/'),
      contents: file.contents,
    }));
    files.push({ path: MANIFEST_FILE, contents: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });
    return { files, manifest, warnings: result.warnings.map((w) => formatMessage(root, w)) };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!Array.isArray(messages)) throw error;
    const unresolved = messages
      .map((m) => /^Could not resolve "([^"]+)"/.exec(m.text)?.[1])
      .filter((name): name is string => name !== undefined);
    const hint =
      unresolved.length > 0
        ? `Install the missing package(s) in the project (${unresolved.join(', ')}), or, if they cannot be bundled, list them in the storage's \`dependencies\` so they are installed next to the bundle.`
        : undefined;
    throw new FlowBundleError({ problems: messages.map(toProblem(root)), hint, cause: error });
  }
}

function formatMessage(root: string, message: Message): string {
  const location = message.location ? `${fileOf(root, message)}:${message.location.line}: ` : '';
  return `${location}${message.text}`;
}
