import packageJson from '../package.json' with { type: 'json' };

/** The `@headwater/core` version; every serialized object carries it as `__version__`. */
export const VERSION: string = packageJson.version;
