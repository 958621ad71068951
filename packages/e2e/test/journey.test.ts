import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeJourney } from './support/journey.js';
import { describeResult, runCommand } from './support/processes.js';
import { installUserProject, type UserProject } from './support/user-project.js';

/**
 * One install for the whole file: packing and `npm install` are the slow part, so both journeys share the project. It happens here, not
 * in a global setup, so the rest of a `vitest run` does not wait for it.
 */
describe('Headwater as a new user meets it: npm tarballs installed in a project outside the workspace', () => {
  const root = mkdtempSync(join(tmpdir(), 'headwater-e2e-'));
  let project: UserProject | undefined;
  const userProject = () => {
    if (!project) throw new Error('The user project was not installed (see the first error).');
    return project;
  };

  beforeAll(async () => {
    project = await installUserProject(root);
  }, 20 * 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('typechecks its flows and deploy script (strict) against the types the tarballs ship', async () => {
    const { directory } = userProject();
    const result = await runCommand(join(directory, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: directory,
      env: { PATH: process.env.PATH },
    });
    expect(result.code, describeResult(result)).toBe(0);
  }, 120_000);

  describeJourney('sqlite', userProject);
  describeJourney('postgres', userProject);
});
