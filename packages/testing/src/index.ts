export { heavyModules, RECORD_IMPORTS_HOOK, recordImports } from './imported-modules.js';
export { createScratchDatabase } from './postgres.js';
export { SEED_FLOW } from './seed-flow.js';
export type { TestEnv } from './test-env.js';
export { repoRoot, requireTestEnv, testEnv } from './test-env.js';
export type { StartServer, TestServer } from './test-server.js';
export { startTestServer } from './test-server.js';
