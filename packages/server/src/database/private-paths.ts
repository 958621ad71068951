import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** Owner-only modes of everything the server writes: its database, token file and their directories. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` and its missing parents owner-only (0700, whatever the umask). An existing
 * directory is tightened to 0700 only when `owned` (the server's own `<home>/server`), never a
 * directory the user chose or the home itself.
 */
export function makePrivateDir(dir: string, { owned }: { owned: boolean }): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (owned) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Makes `file` owner-only (0600): creates it empty when missing, tightens it when it exists.
 * An SQLite database created this way also gets owner-only `-wal` and `-shm` files, because
 * SQLite gives them the mode of the database file.
 */
export function makePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens `file` to 0600 when it exists (e.g. the `-wal` file of an earlier, looser start). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
