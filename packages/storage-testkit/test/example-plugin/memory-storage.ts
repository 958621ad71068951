// An example third-party storage plugin, written the way an outside package would write
// it: it imports only the public entries of @headwater/core.
import {
  type Flow,
  HeadwaterError,
  type SerializedStorage,
  type StorageBackendV2,
  type StoragePluginV2,
  silentReporter,
  VERSION,
} from '@headwater/core';

/** Flows "stored" by this process, shared by every MemoryStorage (the storage is the process). */
const registry = new Map<string, Flow>();

/** The serialized `type`: `"<package>:<export>"`, as for any third-party backend. */
export const MEMORY_STORAGE_TYPE = 'headwater-storage-memory:storagePlugin';

/** Keeps flows in this process's memory: for tests and notebooks, where build and run share a process. */
export function createMemoryStorage(initial: Record<string, string> = {}): StorageBackendV2 {
  const flows: Record<string, string> = { ...initial };
  const pending = new Map<string, Flow>();
  return {
    specificationVersion: 'v2',
    name: MEMORY_STORAGE_TYPE,
    get flows() {
      return { ...flows };
    },
    addFlow(flow) {
      if (Object.hasOwn(flows, flow.name)) {
        throw new HeadwaterError({
          code: 'FLOW_NAME_CONFLICT',
          message: `Memory storage already holds "${flow.name}"`,
        });
      }
      flows[flow.name] = `memory://${encodeURIComponent(flow.name)}`;
      pending.set(flow.name, flow);
      return flows[flow.name]!;
    },
    contains: (flowName) => Object.hasOwn(flows, flowName),
    async getFlow(flowName, options) {
      options?.signal?.throwIfAborted();
      const flow = Object.hasOwn(flows, flowName) ? registry.get(flows[flowName]!) : undefined;
      if (!flow) {
        throw new HeadwaterError({
          code: 'FLOW_NOT_IN_STORAGE',
          message: `Memory storage holds no built flow "${flowName}"`,
        });
      }
      return flow;
    },
    async build(options = {}) {
      options.signal?.throwIfAborted();
      const reporter = options.reporter ?? silentReporter;
      reporter.step('memory', `Keeping ${pending.size} flow(s) in memory`);
      for (const [name, flow] of pending) registry.set(flows[name]!, flow);
      reporter.done('memory');
      return createMemoryStorage(flows);
    },
    async launch(flowName) {
      throw new HeadwaterError({
        code: 'FLOW_NOT_RUNNABLE',
        message: `Memory storage keeps "${flowName}" in the deploying process; no agent can run it`,
      });
    },
    serialize(): SerializedStorage {
      return { type: MEMORY_STORAGE_TYPE, flows: { ...flows }, __version__: VERSION };
    },
  };
}

/** What the package exports for `loadStorage`. */
export const storagePlugin: StoragePluginV2 = {
  specificationVersion: 'v2',
  type: MEMORY_STORAGE_TYPE,
  launchKind: 'custom',
  fromSerialized: (serialized) => createMemoryStorage(serialized.flows),
};
