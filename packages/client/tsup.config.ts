import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

export default defineConfig({
  ...baseConfig,
  // graphql-request and the parts of graphql it uses are inlined and tree-shaken: importing
  // graphql's full entry costs a short CLI command more than the rest of its start.
  noExternal: ['graphql-request', 'graphql'],
  esbuildOptions(options, context) {
    baseConfig.esbuildOptions?.(options, context);
    // graphql-request builds every request's headers with the global `Headers`, whose first
    // touch loads undici; the bundle gets the client's own (see src/transport/http).
    options.inject = ['src/transport/http/bundle-globals.ts'];
  },
});
