import type { StoragePluginV2 } from '@headwater/core';
import { Docker } from './docker-storage.js';

/** The Docker storage plugin (`type: "Docker"`), found by `loadStorage`; its runs are containers. */
export const storagePlugin: StoragePluginV2 = {
  specificationVersion: 'v2',
  type: 'Docker',
  launchKind: 'container',
  fromSerialized: (serialized) => Docker.fromSerialized(serialized),
};
