import type { Flow } from '@headwater/core';
import { FlowNameConflictError } from './errors/flow-name-conflict-error.js';
import { FlowNotInStorageError } from './errors/flow-not-in-storage-error.js';
import { NothingToBuildError } from './errors/nothing-to-build-error.js';

/**
 * The flow bookkeeping every storage backend repeats: flow name → location, the Flow
 * objects added since the storage was created (restored storages have locations only),
 * name conflicts, and what a build may bundle. Immutable from the outside: `flows` is a copy.
 *
 * @example
 * ```ts
 * const stored = storedFlows('headwater-storage-cas:storagePlugin', serialized.flows);
 * stored.add(flow, `cas://${flow.name}`);
 * const flows = stored.buildable(); // throws NothingToBuildError for restored-only storages
 * ```
 */
export interface StoredFlows {
  /** Flow name → location (a copy). */
  readonly flows: Record<string, string>;
  /** Adds a flow at `location`; a second flow of the same name is a {@link FlowNameConflictError}. */
  add(flow: Flow, location: string): string;
  contains(flowName: string): boolean;
  /** The location of a flow; a {@link FlowNotInStorageError} when the storage does not hold it. */
  locationOf(flowName: string): string;
  /** The Flow objects to build; a {@link NothingToBuildError} when there are none, or some are known only from metadata. */
  buildable(): Flow[];
  /**
   * An independent copy (what `build()` resolves to holds one), with the locations a build
   * gave the flows when they changed (e.g. a content hash in the path).
   */
  copy(locations?: Readonly<Record<string, string>>): StoredFlows;
}

/** Bookkeeping for the storage type `storage`, starting from restored `locations` (no Flow objects). */
export function storedFlows(
  storage: string,
  locations: Readonly<Record<string, string>> = {},
  objects: ReadonlyMap<string, Flow> = new Map(),
): StoredFlows {
  const flows: Record<string, string> = { ...locations };
  const added = new Map(objects);
  return {
    get flows() {
      return { ...flows };
    },
    add(flow, location) {
      if (Object.hasOwn(flows, flow.name)) throw new FlowNameConflictError({ flowName: flow.name, storage });
      flows[flow.name] = location;
      added.set(flow.name, flow);
      return location;
    },
    contains: (flowName) => Object.hasOwn(flows, flowName),
    locationOf(flowName) {
      if (!Object.hasOwn(flows, flowName)) {
        throw new FlowNotInStorageError({ flowName, storage, held: Object.keys(flows) });
      }
      return flows[flowName]!;
    },
    buildable() {
      const restoredOnly = Object.keys(flows).filter((name) => !added.has(name));
      if (restoredOnly.length > 0 || added.size === 0)
        throw new NothingToBuildError({ storage, restoredOnly });
      return [...added.values()];
    },
    copy: (locations) => storedFlows(storage, { ...flows, ...locations }, added),
  };
}
