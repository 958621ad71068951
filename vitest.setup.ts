// Test files resolve plugins (storage backends, the runtime) as a process started in their
// package's directory would: after the working directory, from the package itself, whose
// devDependencies hold what its tests use.
import { resolve } from 'node:path';
import { inject } from 'vitest';
import { addPluginSearchPath } from './packages/core/src/index.js';

addPluginSearchPath(resolve(inject('packageDirectory')), { position: 'last' });

declare module 'vitest' {
  export interface ProvidedContext {
    packageDirectory: string;
  }
}
