/**
 * Globals replaced inside the client's bundle (esbuild `inject`, see tsup.config.ts): every
 * `Headers` in the bundled code, graphql-request's included, is the client's own.
 */
export { FetchHeaders as Headers } from './fetch-headers.js';
