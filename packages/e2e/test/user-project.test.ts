import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userProjectDirectory } from './support/journey.js';
import { describeResult, runCommand } from './support/processes.js';

describe('a user project with our npm tarballs installed', () => {
  it('typechecks its flows and deploy script (strict) against the types the tarballs ship', async () => {
    const directory = userProjectDirectory();
    const result = await runCommand(join(directory, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], {
      cwd: directory,
      env: { PATH: process.env.PATH },
    });
    expect(result.code, describeResult(result)).toBe(0);
  }, 120_000);
});
