import type { StoragePluginV1 } from '@headwater/core';
import { localStorageFromSerialized } from './local-storage.js';

/** The Local storage plugin (`type: "Local"`), found by `loadStorage`. */
export const storagePlugin: StoragePluginV1 = {
  specificationVersion: 'v1',
  type: 'Local',
  fromSerialized: localStorageFromSerialized,
};
