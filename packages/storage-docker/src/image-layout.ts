/** Where things live inside a flow image built by Docker storage. */
export const IMAGE_LAYOUT = {
  /** The bundle directory (also the working directory). */
  appDirectory: '/opt/headwater',
  /** The runtime entry: `node /opt/headwater/entry.mjs <command>`. */
  entry: '/opt/headwater/entry.mjs',
  /** The bundled Headwater runtime modules (the same in every flow image of a Headwater version). */
  runtimeDirectory: '/opt/headwater/runtime',
  /** The module exporting the bundled flow modules; every flow's location. */
  flowsModule: '/opt/headwater/flows.mjs',
  /** Flow name → module, written next to the bundle. */
  manifest: '/opt/headwater/headwater-manifest.json',
  /** The health check: `node /opt/headwater/health-check.mjs /opt/headwater/health-check.json`. */
  healthCheck: '/opt/headwater/health-check.mjs',
  /** The metadata computed on the host that the in-image health check compares with. */
  healthCheckExpected: '/opt/headwater/health-check.json',
  /** Holds the `headwater` command (on the image's PATH): `headwater execute flow-run`. */
  binDirectory: '/opt/headwater/bin',
} as const;

/** `node` with source maps on: stack traces point at the flow's own files. */
const NODE: readonly string[] = ['node', '--enable-source-maps'];

/** `node` running the entry. */
export const IMAGE_NODE_COMMAND: readonly string[] = [...NODE, IMAGE_LAYOUT.entry];

/** The build's last step: the health check, which loads only the flows and `@headwater/core`. */
export const IMAGE_HEALTH_CHECK_COMMAND: readonly string[] = [
  ...NODE,
  IMAGE_LAYOUT.healthCheck,
  IMAGE_LAYOUT.healthCheckExpected,
];

/**
 * The command an agent runs in a flow image to execute the flow run named by
 * `HEADWATER__CONTEXT__FLOW_RUN_ID` (`headwater execute flow-run` also works: the image
 * puts a `headwater` command on its PATH).
 */
export const IMAGE_FLOW_RUN_COMMAND: readonly string[] = [...IMAGE_NODE_COMMAND, 'execute', 'flow-run'];

/** The `headwater` command inside the image. */
export const IMAGE_HEADWATER_SHIM = `#!/bin/sh\nexec ${IMAGE_NODE_COMMAND.join(' ')} "$@"\n`;
