import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `scripts/test-env up` started and exported for the test suites. */
export interface TestEnv {
  /** Docker engine, e.g. `unix:///var/run/docker.sock`. */
  dockerHost?: string;
  /** A local Node base image tag, built from the host's own node. */
  baseImage?: string;
  /** Open registry on loopback, e.g. `127.0.0.1:5000`. */
  registry?: string;
  /** Registry that requires htpasswd credentials. */
  authRegistry?: string;
  authRegistryUser?: string;
  authRegistryPassword?: string;
  /** A throwaway PostgreSQL database made for this test session. */
  databaseUrl?: string;
  /**
   * The path of a Node 22 binary (the oldest Node line Headwater supports), installed by
   * `scripts/bootstrap` into this checkout's `.tools/node22`; the suite itself runs on Node 24.
   */
  node22?: string;
  /** A Redis server, e.g. `redis://127.0.0.1:6379` (queues of executors such as BullMQ). */
  redisUrl?: string;
}

const VARIABLES: Record<keyof TestEnv, string> = {
  dockerHost: 'DOCKER_HOST',
  baseImage: 'HEADWATER_TEST_BASE_IMAGE',
  registry: 'HEADWATER_TEST_REGISTRY',
  authRegistry: 'HEADWATER_TEST_AUTH_REGISTRY',
  authRegistryUser: 'HEADWATER_TEST_AUTH_REGISTRY_USER',
  authRegistryPassword: 'HEADWATER_TEST_AUTH_REGISTRY_PASSWORD',
  databaseUrl: 'HEADWATER_TEST_DATABASE_URL',
  node22: 'HEADWATER_TEST_NODE22',
  redisUrl: 'HEADWATER_TEST_REDIS_URL',
};

/** The repository root (where `.test-env/` lives). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Reads the test environment: process variables first, then the `.test-env/env.json` that
 * `scripts/test-env up` writes, so a developer can run `vitest` without sourcing anything.
 */
export function testEnv(
  env: NodeJS.ProcessEnv = process.env,
  file = join(repoRoot, '.test-env', 'env.json'),
): TestEnv {
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const result: TestEnv = {};
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof TestEnv, string][]) {
    const value = env[variable] || saved[variable];
    if (value) result[key] = value;
  }
  return result;
}

/**
 * Decides whether a suite that needs `needs` can run. In CI (`CI=true`) a missing
 * component is an error, never a silent skip; on a laptop the suite is skipped with a loud
 * message naming what to start.
 */
export function requireTestEnv<K extends keyof TestEnv>(
  needs: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
  file?: string,
): { available: true; env: TestEnv & Required<Pick<TestEnv, K>> } | { available: false; missing: string[] } {
  const current = file === undefined ? testEnv(env) : testEnv(env, file);
  const missing = needs.filter((key) => !current[key]).map((key) => VARIABLES[key]);
  if (missing.length === 0) return { available: true, env: current as TestEnv & Required<Pick<TestEnv, K>> };
  const message = `The test environment is missing ${missing.join(', ')}. Run \`scripts/test-env up\` first.`;
  if (env.CI === 'true' || env.CI === '1') throw new Error(`${message} (CI never skips these tests.)`);
  console.warn(`\n!!! SKIPPING TESTS: ${message}\n`);
  return { available: false, missing };
}
