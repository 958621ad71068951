import { readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

/** Smaller files gain less than the header costs. */
const MIN_SIZE = 1024;

export type Encoding = 'br' | 'gzip';

/** A file's compressed bytes, made once per file version (path, size and modification time). */
const cache = new Map<string, Promise<Buffer>>();

/** The encoding to send `file` in, from the request's `accept-encoding` (brotli first); null for none. */
export function chooseEncoding(file: string, headers: IncomingHttpHeaders): Encoding | null {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const accepted = new Set(
    String(headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, quality]) => quality?.trim() !== 'q=0')
      .map(([name]) => name!.toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

/**
 * `file` compressed with `encoding`, or null when it is too small to be worth it. Built files
 * never change under a running server, so each is compressed once (off the event loop, in
 * zlib's thread pool) and kept; a changed file (a new size or time) is compressed again.
 */
export async function compressedFile(file: string, encoding: Encoding): Promise<Buffer | null> {
  const info = await stat(file);
  if (info.size < MIN_SIZE) return null;
  const key = `${encoding}:${file}:${info.size}:${info.mtimeMs}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = readFile(file).then((content) =>
      encoding === 'br'
        ? brotli(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          })
        : gzipped(content, { level: 9 }),
    );
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
