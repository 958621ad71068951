import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Workspace packages resolve to their TypeScript source, so tests never need a build first. */
const conditions = ['@headwater/source', 'module', 'node', 'development|production'];

const project = (dir: string, name: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: {
    name,
    root: dir,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: [join(import.meta.dirname, 'vitest.setup.ts')],
    provide: { packageDirectory: join(import.meta.dirname, dir) },
    ...extra,
  },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Workers resolve packages the way the resolve conditions above do, also when Headwater's
    // own resolver looks a package up from another directory (it follows Node's --conditions).
    execArgv: ['--conditions=@headwater/source'],
    // Most test files wait on real servers, agents, containers and browsers rather than
    // compute, so even a 2-core machine runs two at once (Vitest's default would be one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './vitest.summary-reporter.ts'],
    projects: [
      project('packages/core', 'core'),
      project('packages/environments', 'environments'),
      project('packages/storage-testkit', 'storage-testkit'),
      project('packages/storage-local', 'storage-local'),
      project('packages/storage-docker', 'storage-docker'),
      project('packages/executor-bullmq', 'executor-bullmq'),
      project('packages/client', 'client'),
      project('packages/runtime', 'runtime'),
      project('packages/storage-kit', 'storage-kit'),
      project('packages/agent', 'agent'),
      project('packages/server', 'server'),
      project('packages/cli', 'cli'),
      project('packages/testing', 'testing'),
      project('packages/ui', 'ui'),
      project('apps/headwater', 'headwater'),
      project('packages/e2e', 'e2e', { include: ['test/*.test.ts'] }),
      // Faults and bad input against real processes: servers, agents and runs killed, blocked or flooded.
      project('packages/reliability', 'reliability'),
      // The web UI in Chromium against a real server and agents (kept out of @headwater/ui,
      // which would otherwise depend on the server that depends on it).
      project('packages/e2e', 'e2e-ui', { include: ['test/ui/**/*.test.ts'] }),
    ],
  },
});
