import type { FlowLaunch } from '../contracts/flow-launch.js';
import type { SerializedStorage } from '../contracts/serialized.js';
import type { StorageBackendV2 } from '../contracts/storage-backend.js';
import { MetadataOnlyError } from '../errors/metadata-only-error.js';
import { VERSION } from '../version.js';
import type { Flow } from './flow.js';

const hint = 'Turn it into a working backend with `await loadStorage(storage.serialize())`.';

/** The storage of a deserialized flow: its metadata only. Use `loadStorage` for a working backend. */
export class MetadataStorage implements StorageBackendV2 {
  readonly specificationVersion = 'v2' as const;
  readonly #serialized: SerializedStorage;

  constructor(serialized: SerializedStorage) {
    this.#serialized = serialized;
  }

  get name(): string {
    return this.#serialized.type;
  }

  get flows(): Readonly<Record<string, string>> {
    return this.#serialized.flows;
  }

  contains(flowName: string): boolean {
    return Object.hasOwn(this.#serialized.flows, flowName);
  }

  addFlow(flow: Flow): string {
    throw new MetadataOnlyError({ operation: `add flow "${flow.name}" to ${this.name} storage`, hint });
  }

  getFlow(flowName: string): Promise<Flow> {
    return Promise.reject(
      new MetadataOnlyError({ operation: `load flow "${flowName}" from ${this.name} storage`, hint }),
    );
  }

  build(): Promise<StorageBackendV2> {
    return Promise.reject(new MetadataOnlyError({ operation: `build ${this.name} storage`, hint }));
  }

  launch(flowName: string): Promise<FlowLaunch> {
    return Promise.reject(
      new MetadataOnlyError({ operation: `launch flow "${flowName}" from ${this.name} storage`, hint }),
    );
  }

  serialize(): SerializedStorage {
    return { ...structuredClone(this.#serialized), __version__: VERSION };
  }
}
