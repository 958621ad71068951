import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

export default defineConfig({
  ...baseConfig,
  // graphql-request and the parts of graphql it uses are inlined and tree-shaken: importing
  // graphql's full entry costs a short CLI command more than the rest of its start.
  noExternal: ['graphql-request', 'graphql'],
});
