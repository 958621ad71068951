import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './support/provided-context.js';
import { createUserProject, missingBuilds, packTarballs } from './support/user-project.js';

/**
 * Once per test run: packs our packages as npm tarballs and installs them with npm into a
 * user project outside the workspace, shared by every end-to-end test file. A failure is
 * handed to the tests (which fail with it) rather than thrown, so the other projects of a
 * `vitest run` still run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'headwater-e2e-'));
  const missing = missingBuilds();
  if (missing) {
    project.provide('userProject', { error: missing });
  } else {
    try {
      const tarballs = await packTarballs(join(root, 'tarballs'));
      const directory = join(root, 'project');
      await createUserProject(directory, tarballs);
      project.provide('userProject', { directory });
    } catch (error) {
      project.provide('userProject', { error: (error as Error).message });
    }
  }
  return () => rmSync(root, { recursive: true, force: true });
}
