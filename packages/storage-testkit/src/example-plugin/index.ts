export type { ContentAddressedStorage, ContentAddressedStorageOptions } from './content-addressed-storage.js';
export {
  CONTENT_ADDRESSED_STORAGE_TYPE,
  createContentAddressedStorage,
  storagePlugin,
} from './content-addressed-storage.js';
