import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleFile } from './bundle-flows.js';
import { ensureDirectory } from './ensure-directory.js';

/** The file in a written bundle directory holding its {@link bundleDigest}. */
export const BUNDLE_DIGEST_FILE = '.headwater-bundle-hash';

/** SHA-256 over a bundle's paths and contents: identical bundles, identical digest, on any machine. */
export function bundleDigest(files: readonly BundleFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${file.path}\0`).update(file.contents);
  }
  return hash.digest('hex');
}

/** True when `directory` holds a bundle written with this digest. */
export async function holdsBundle(directory: string, digest: string): Promise<boolean> {
  try {
    return (await readFile(join(directory, BUNDLE_DIGEST_FILE), 'utf8')).trim() === digest;
  } catch {
    return false;
  }
}

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  signal?: AbortSignal | undefined;
  /**
   * Runs on the complete new bundle in its staging directory (a sibling of `directory`,
   * handed over as the argument) before it replaces `directory`, e.g.
   * `checkBundleHealth`. When it throws, `directory` keeps what it held, so a bundle that
   * fails its check never replaces one that runs, and the next write checks it again.
   * Not called when `directory` already holds the bundle.
   */
  check?: ((staged: string) => Promise<unknown>) | undefined;
}

/**
 * Writes a bundle into `directory` unless it already holds the same one; resolves to whether
 * it wrote. It writes into a fresh sibling directory, runs `check` on it, and then swaps it
 * in, so a reader (a run starting) never sees half a bundle, nor one that failed its check.
 *
 * @example
 * ```ts
 * const bundle = await bundleFlows({ flows, runtime });
 * await writeBundle(join(root, bundleDigest(bundle.files)), bundle.files);
 * ```
 */
export async function writeBundle(
  directory: string,
  files: readonly BundleFile[],
  options: WriteBundleOptions = {},
): Promise<boolean> {
  const digest = bundleDigest(files);
  if (await holdsBundle(directory, digest)) return false;
  await ensureDirectory(dirname(directory));
  const staging = `${directory}.tmp-${randomUUID()}`;
  try {
    for (const file of files) {
      options.signal?.throwIfAborted();
      const path = join(staging, file.path);
      await ensureDirectory(dirname(path));
      await writeFile(path, file.contents);
    }
    await writeFile(join(staging, BUNDLE_DIGEST_FILE), `${digest}\n`);
    await options.check?.(staging);
    const old = `${directory}.old-${randomUUID()}`;
    if (existsSync(directory)) await rename(directory, old);
    await rename(staging, directory);
    await rm(old, { recursive: true, force: true });
    return true;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
