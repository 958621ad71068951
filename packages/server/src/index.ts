export type { DatabaseKind } from './database/connect.js';
export { connectDatabase, databaseKind, defaultDatabasePath } from './database/connect.js';
