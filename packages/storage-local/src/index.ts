export type { LocalStorage, LocalStorageOptions } from './local-storage.js';
export { createLocalStorage, localFlowEntry, localStorageFromSerialized } from './local-storage.js';
export { storagePlugin } from './local-storage-plugin.js';
