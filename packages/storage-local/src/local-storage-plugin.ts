import type { StoragePluginV2 } from '@headwater/core';
import { localStorageFromSerialized } from './local-storage.js';

/** The Local storage plugin (`type: "Local"`), found by `loadStorage`; its runs are processes on the agent's host. */
export const storagePlugin: StoragePluginV2 = {
  specificationVersion: 'v2',
  type: 'Local',
  launchKind: 'process',
  fromSerialized: localStorageFromSerialized,
};
