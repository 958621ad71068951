import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryError } from '../errors/directory-error.js';
import { ensureDirectory } from './ensure-directory.js';
import { writeBundle } from './write-bundle.js';

const scratch = mkdtempSync(join(tmpdir(), 'hw-ensure-directory-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ensureDirectory', () => {
  it('creates a directory and its missing parents, and accepts one that exists', async () => {
    const directory = join(scratch, 'a', 'b', 'c');
    await ensureDirectory(directory);
    await ensureDirectory(directory);
    expect(statSync(directory).isDirectory()).toBe(true);
  });

  it('fails at once, naming the directory, where Node’s recursive mkdir never returns (/proc)', async () => {
    const error = await ensureDirectory('/proc/nope/flows').catch((e: unknown) => e);
    expect(DirectoryError.isInstance(error)).toBe(true);
    expect((error as DirectoryError).failedAt).toBe('/proc/nope');
    expect((error as Error).message).toMatch(
      /^Cannot create the directory \/proc\/nope\/flows \(at \/proc\/nope\)/,
    );
    expect((error as Error).message).toContain('Choose a directory this user can write to');
  });

  it('says so when a file stands where a directory should be', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const error = await ensureDirectory(join(file, 'sub')).catch((e: unknown) => e);
    expect(DirectoryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${file} is a file, not a directory`);
  });

  it('makes writeBundle fail with it instead of spinning', async () => {
    const files = [{ path: 'entry.mjs', contents: Buffer.from('') }];
    const error = await writeBundle('/proc/nope/flow', files).catch((e: unknown) => e);
    expect(DirectoryError.isInstance(error)).toBe(true);
    expect((error as DirectoryError).directory).toBe('/proc/nope');
  });
});
