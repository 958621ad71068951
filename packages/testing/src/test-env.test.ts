import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTestEnv, testEnv } from './test-env.js';

describe('testEnv', () => {
  it('prefers process variables over the saved file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-env-'));
    const file = join(dir, 'env.json');
    writeFileSync(
      file,
      JSON.stringify({ HEADWATER_TEST_REGISTRY: 'saved:5000', DOCKER_HOST: 'unix:///saved.sock' }),
    );
    const env = testEnv({ HEADWATER_TEST_REGISTRY: '127.0.0.1:5000' }, file);
    expect(env.registry).toBe('127.0.0.1:5000');
    expect(env.dockerHost).toBe('unix:///saved.sock');
  });

  it('fails loudly in CI when a component is missing', () => {
    expect(() => requireTestEnv(['databaseUrl'], { CI: 'true' }, '/nonexistent/env.json')).toThrow(
      /HEADWATER_TEST_DATABASE_URL.*CI never skips/,
    );
  });
});
