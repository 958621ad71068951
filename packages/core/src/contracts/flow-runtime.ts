/**
 * The Headwater runtime a storage bundles with its flows: the modules that run inside a
 * flow run. The deployer resolves them (`resolveFlowRuntime`, from the flow's project first)
 * and hands them to `StorageBackendV2.build`; backends built on `@headwater/storage-kit` pass
 * them to its bundler.
 *
 * @example
 * ```ts
 * { entry: '/app/node_modules/@headwater/runtime/dist/index.js',
 *   healthCheck: '/app/node_modules/@headwater/runtime/dist/health-check.js' }
 * ```
 */
export interface FlowRuntime {
  /** Absolute path of the module exporting `runFlowEntrypoint` (`@headwater/runtime`). */
  readonly entry: string;
  /** Absolute path of the module exporting `runHealthCheckCommand` (`@headwater/runtime/health-check`). */
  readonly healthCheck: string;
}
