import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireTestEnv } from './test-env.js';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);
const minor = (version: string) => Number(version.replace(/^v/, '').split('.')[1]);

describe('the Node versions the suite uses', () => {
  it('runs on Node 24 in CI (scripts/bootstrap installs it when the machine has an older one)', () => {
    const running = process.versions.node;
    if (process.env.CI === 'true' || process.env.CI === '1') {
      expect(major(running), `the suite runs on Node ${running}`).toBeGreaterThanOrEqual(24);
    } else {
      expect(major(running), `Node ${running} is older than the supported 22.12`).toBeGreaterThanOrEqual(22);
    }
  });

  const setup = requireTestEnv(['node22']);
  it.runIf(setup.available)('has a Node 22 that meets engines.node >=22.12 (HEADWATER_TEST_NODE22)', () => {
    if (!setup.available) return;
    const version = execFileSync(setup.env.node22, ['-v'], { encoding: 'utf8' }).trim();
    expect(major(version), `${setup.env.node22} is ${version}`).toBe(22);
    expect(minor(version), `${setup.env.node22} is ${version}`).toBeGreaterThanOrEqual(12);
  });
});
