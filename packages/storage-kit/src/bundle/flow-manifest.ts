/**
 * `headwater-manifest.json`, written next to a flow bundle: which flows the bundle holds
 * and where. The entry passes it to `runFlowEntrypoint`; tools read it to list an image's
 * or directory's flows without running any code.
 *
 * @example
 * ```json
 * { "manifest_version": 1, "headwater_version": "0.1.0", "node_major": 20,
 *   "entry": "entry.mjs", "flows_module": "flows.mjs", "modules": ["flows/etl.ts"],
 *   "flows": { "etl": { "module": 0 } }, "dependencies": ["pg"] }
 * ```
 */
export interface FlowManifest {
  manifest_version: 1;
  /** The `@headwater/core` version the bundle was made with. */
  headwater_version: string;
  /** The Node major the bundle was made (and health-checked) for. */
  node_major: number;
  /** The runtime entry (`node entry.mjs <command>`), relative to the manifest. */
  entry: string;
  /** The module that exports `modules`: the flow modules, in `modules` order. */
  flows_module: string;
  /** The flow modules' source paths, relative to their common directory (for people). */
  modules: string[];
  /** Flow name → index into `modules` of the module that defines it. */
  flows: Record<string, { module: number }>;
  /** Packages left out of the bundle, installed next to it. */
  dependencies: string[];
}

/** File name of the manifest inside a bundle directory. */
export const MANIFEST_FILE = 'headwater-manifest.json';
/** The runtime entry inside a bundle directory. */
export const ENTRY_FILE = 'entry.mjs';
/** The module exporting the flow modules inside a bundle directory. */
export const FLOWS_MODULE_FILE = 'flows.mjs';
/**
 * The health check inside a bundle directory (`node health-check.mjs <expected.json>`):
 * the entry's `health-check` command without the rest of the runtime, so it starts faster.
 */
export const HEALTH_CHECK_FILE = 'health-check.mjs';
