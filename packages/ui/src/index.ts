export { uiAssetsDir } from './assets-dir.js';
