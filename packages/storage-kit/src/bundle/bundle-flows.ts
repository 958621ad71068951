import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import {
  type FlowRuntime,
  headwaterHome,
  RUNTIME_PACKAGE,
  resolveFlowRuntime,
  VERSION,
} from '@headwater/core';
import type { Message, Plugin } from 'esbuild';
import { type BundleProblem, FlowBundleError } from '../errors/flow-bundle-error.js';
import { bundleRuntime, RUNTIME_DIRECTORY } from './bundle-runtime.js';
import {
  commonDirectory,
  formatMessage,
  HEADWATER_IMPORT,
  resolveFromProject,
  sharedBuildOptions,
  toProblem,
} from './esbuild-shared.js';
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
   * The Headwater runtime bundled with the flows (`StorageBuildOptions.runtime`, which the
   * deployer hands the storage).
   * @default `resolveFlowRuntime` from the flow modules' directories
   */
  runtime?: FlowRuntime;
  /**
   * Where the bundled Headwater runtime is cached between builds (`false`: not cached).
   * It only changes when a Headwater package does.
   * @default `<Headwater home>/cache/runtime`
   */
  runtimeCache?: string | false;
  signal?: AbortSignal;
}

/** One output file, path relative to the bundle directory (POSIX separators). */
export interface BundleFile {
  path: string;
  contents: Uint8Array;
}

export interface FlowBundle {
  /**
   * `entry.mjs`, `flows.mjs`, `health-check.mjs`, their shared chunks and source maps,
   * `headwater-manifest.json`, and the Headwater packages under `runtime/` (which change
   * only with Headwater itself: a good layer of their own).
   */
  files: BundleFile[];
  manifest: FlowManifest;
  /** esbuild warnings, `file:line: text`. */
  warnings: string[];
}

const NAMESPACE = 'headwater-bundle';
const RUNTIME = RUNTIME_PACKAGE;
const HEALTH_CHECK_RUNTIME = `${RUNTIME}/health-check`;
/** How the entry and the health check import the flows (left an import, see `headwater:entry`). */
const FLOWS_IMPORT = `./${FLOWS_MODULE_FILE}`;

/**
 * Bundles the modules defining `flows` together with the Headwater runtime into one
 * directory's worth of ES modules: `entry.mjs` runs `runFlowEntrypoint` (list, health
 * check, execute), `health-check.mjs` runs only the health check (it loads
 * `@headwater/core` but not the rest of the runtime), `flows.mjs` exports the flow
 * modules. Helper modules and workspace packages are inlined; only `external` packages
 * and Node built-ins stay imports.
 * Headwater's own packages go to `runtime/` (bundled once and cached), imported by the
 * flow code and the entry alike, so one copy of `@headwater/core` is loaded whichever runs.
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
  options.signal?.throwIfAborted();

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
  const runtime = options.runtime ?? (await resolveFlowRuntime(modules.map((m) => dirname(m))));
  const given: Record<string, string> = {
    [RUNTIME]: runtime.entry,
    [HEALTH_CHECK_RUNTIME]: runtime.healthCheck,
  };
  // Every Headwater import, the runtime's included, resolves from the flows' project first:
  // one copy of @headwater/core serves the flow code and the runtime.
  const projectDirs = [...new Set(modules.map((m) => dirname(m)))];
  const sources: Record<string, string> = {
    // Evaluated before the user's modules, so a top-level `flow.deploy()` in them is a no-op
    // here (core's `isLoadingFlows`); it must not import core itself.
    'headwater:loading-flows': "globalThis[Symbol.for('headwater.loading-flows')] = true;\n",
    'headwater:flows': [
      "import 'headwater:loading-flows';",
      ...modules.map((m, i) => `import * as flowModule${i} from ${JSON.stringify(m)};`),
      `export const modules = [${modules.map((_, i) => `flowModule${i}`).join(', ')}];`,
      `export const manifest = ${JSON.stringify(manifest)};`,
      '',
    ].join('\n'),
    // The entry and the health check import `flows.mjs` rather than bundle the flows again, so
    // the flow code lives in that one file: a process running several runs imports it afresh
    // for each (`freshModules`), and no run sees the module state another one left.
    'headwater:entry': [
      `import { modules, manifest } from ${JSON.stringify(FLOWS_IMPORT)};`,
      `import { runFlowEntrypoint } from ${JSON.stringify(RUNTIME)};`,
      `const freshModules = async (key) => (await import(new URL(${JSON.stringify(`${FLOWS_IMPORT}?run=`)} + key, import.meta.url).href)).modules;`,
      'await runFlowEntrypoint({ modules, argv: process.argv.slice(2), manifest, freshModules });',
      '',
    ].join('\n'),
    'headwater:health-check': [
      `import { modules } from ${JSON.stringify(FLOWS_IMPORT)};`,
      `import { runHealthCheckCommand } from ${JSON.stringify(HEALTH_CHECK_RUNTIME)};`,
      'process.exitCode = await runHealthCheckCommand({ modules, file: process.argv[2] });',
      '',
    ].join('\n'),
  };

  /** Runtime module name (`runtime/core-1a2b3c4d`) → the package entry file it bundles. */
  const runtimeEntries: Record<string, string> = {};
  const plugin: Plugin = {
    name: 'headwater-flow-bundle',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\.\/flows\.mjs$/, namespace: NAMESPACE }, (args) => ({
        path: args.path,
        external: true,
      }));
      esbuild.onResolve({ filter: /^headwater:(entry|flows|health-check|loading-flows)$/ }, (args) => ({
        path: args.path,
        namespace: NAMESPACE,
      }));
      esbuild.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: sources[args.path],
        loader: 'js',
        resolveDir: root,
      }));
      // Headwater packages (and their subpaths) become imports of the shared runtime modules.
      esbuild.onResolve({ filter: HEADWATER_IMPORT }, async (args) => {
        const path = given[args.path] ?? (await resolveFromProject(esbuild, args, projectDirs));
        if (!path) return undefined;
        const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
        const name = `${RUNTIME_DIRECTORY}/${args.path.slice('@headwater/'.length).replaceAll('/', '-')}-${hash}`;
        runtimeEntries[name] = path;
        return { path: `./${name}.mjs`, external: true };
      });
    },
  };

  const outdir = join(root, '.headwater-bundle');
  let flowFiles: BundleFile[];
  let warnings: string[];
  try {
    const result = await loadEsbuild().build({
      ...sharedBuildOptions(nodeMajor),
      entryPoints: [
        { in: 'headwater:entry', out: 'entry' },
        { in: 'headwater:flows', out: 'flows' },
        { in: 'headwater:health-check', out: 'health-check' },
      ],
      absWorkingDir: root,
      outdir,
      // Flat, so `./runtime/…` imports resolve the same from every file.
      chunkNames: '[name]-[hash]',
      external: external.flatMap((name) => [name, `${name}/*`]),
      plugins: [plugin],
    });
    flowFiles = result.outputFiles.map((file) => ({
      path: relative(outdir, file.path).split(sep).join('/'),
      contents: file.contents,
    }));
    warnings = result.warnings.map((w) => formatMessage(root, w));
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
  options.signal?.throwIfAborted();
  const runtimeBundle = await bundleRuntime({
    entries: runtimeEntries,
    projectDirs,
    nodeMajor,
    cacheDirectory: options.runtimeCache ?? join(headwaterHome(), 'cache', 'runtime'),
    signal: options.signal,
  });
  const files = [
    ...flowFiles,
    ...runtimeBundle.files,
    { path: MANIFEST_FILE, contents: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
  ];
  return { files, manifest, warnings: [...warnings, ...runtimeBundle.warnings] };
}
