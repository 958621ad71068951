import packageJson from '../package.json' with { type: 'json' };

/** The `@headwater/server` version, reported by the `api` query. */
export const SERVER_VERSION: string = packageJson.version;
