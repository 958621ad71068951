import type { StoragePluginV1 } from '@headwater/core';
import { Docker } from './docker-storage.js';

/** The Docker storage plugin (`type: "Docker"`), found by `loadStorage`. */
export const storagePlugin: StoragePluginV1 = {
  specificationVersion: 'v1',
  type: 'Docker',
  fromSerialized: (serialized) => Docker.fromSerialized(serialized),
};
