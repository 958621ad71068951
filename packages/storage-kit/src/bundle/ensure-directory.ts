import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DirectoryError } from '../errors/directory-error.js';

/**
 * Creates `directory` and its missing parents, one level at a time, and fails at the first
 * level that cannot be created with a {@link DirectoryError} naming it. Node's own
 * `mkdir(path, { recursive: true })` never returns for some paths (e.g. under `/proc`).
 *
 * @example
 * ```ts
 * await ensureDirectory(join(home, 'flows', 'etl'));
 * ```
 */
export async function ensureDirectory(directory: string): Promise<void> {
  const target = resolve(directory);
  const missing: string[] = [];
  for (let current = target; ; current = dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw new DirectoryError({ directory: target, failedAt: current, cause: error });
    });
    if (found?.isDirectory()) break;
    if (found) {
      const cause = new Error(`${current} is a file, not a directory`);
      throw new DirectoryError({ directory: target, failedAt: current, cause });
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST')
        throw new DirectoryError({ directory: target, failedAt: level, cause: error });
    });
  }
}
