import { type Flow, type StorageBackendV2, type StorageBuildOptions, VERSION } from '@headwater/core';

/**
 * A storage backend that records its builds instead of bundling anything, so the client's
 * deploy order (project lookup before any build) can be observed without a cycle between
 * `@headwater/client` and the storage packages, which depend on it. The real backends are
 * deployed by the CLI's end-to-end tests.
 */
export function recordingStorage(): StorageBackendV2 & { builds: { push: boolean | undefined }[] } {
  const flows: Record<string, string> = {};
  const builds: { push: boolean | undefined }[] = [];
  const storage = {
    specificationVersion: 'v2' as const,
    name: 'Local',
    flows,
    builds,
    addFlow(flow: Flow) {
      flows[flow.name] = `/flows/${flow.name}`;
      return flows[flow.name]!;
    },
    contains: (flowName: string) => flowName in flows,
    getFlow: () => Promise.reject(new Error('recordingStorage holds no code')),
    launch: () => Promise.reject(new Error('recordingStorage holds no code')),
    async build(options: StorageBuildOptions = {}) {
      builds.push({ push: options.push });
      return {
        ...storage,
        serialize: () => ({ type: 'Local', directory: '/built', flows: { ...flows }, __version__: VERSION }),
      };
    },
    serialize: () => ({ type: 'Local', directory: '/unbuilt', flows: { ...flows }, __version__: VERSION }),
  };
  return storage;
}
