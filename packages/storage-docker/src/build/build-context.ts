import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import type * as TarStream from 'tar-stream';

const requireFromHere = createRequire(import.meta.url);

/** One file of a Docker build context. */
export interface ContextEntry {
  /** POSIX path inside the context. */
  name: string;
  content: Uint8Array;
  /** @default 0o644 */
  mode?: number;
}

const EPOCH = new Date(0);

/** Reads a host file or directory into context entries under `prefix`. */
export async function hostPathEntries(source: string, prefix: string): Promise<ContextEntry[]> {
  const info = await stat(source);
  const name = `${prefix}/${basename(source)}`;
  if (!info.isDirectory()) return [{ name, content: await readFile(source), mode: info.mode & 0o777 }];
  const entries: ContextEntry[] = [];
  for (const child of (await readdir(source)).sort()) {
    entries.push(...(await hostPathEntries(join(source, child), name)));
  }
  return entries;
}

/**
 * A tar stream of `entries`, with fixed timestamps and owners so identical content gives
 * an identical context (and Docker's layer cache hits).
 */
export function contextStream(entries: readonly ContextEntry[]): Readable {
  const { pack }: typeof TarStream = requireFromHere('tar-stream');
  const tar = pack();
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    tar.entry(
      { name: entry.name, mode: entry.mode ?? 0o644, mtime: EPOCH, uid: 0, gid: 0 },
      Buffer.from(entry.content),
    );
  }
  tar.finalize();
  return tar as unknown as Readable;
}

/**
 * SHA-256 over the entries' names, modes and contents plus `extra` strings (base image
 * id, runtime versions): the same inputs give the same hash, on any machine.
 */
export function contentHash(entries: readonly ContextEntry[], extra: readonly string[]): string {
  const hash = createHash('sha256');
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(`${entry.name}\0${(entry.mode ?? 0o644).toString(8)}\0${entry.content.byteLength}\0`);
    hash.update(entry.content);
  }
  for (const value of extra) hash.update(`\0${value}`);
  return hash.digest('hex');
}
