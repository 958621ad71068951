import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash, contextStream, hostPathEntries } from './build-context.js';

describe('build context', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('streams a tar with every entry and fixed metadata', async () => {
    const stream = contextStream([
      { name: 'app/entry.mjs', content: Buffer.from('x'), mode: 0o755 },
      { name: 'Dockerfile', content: Buffer.from('FROM a\n') },
    ]);
    const seen: { name: string; mode?: number; mtime?: Date; body: string }[] = [];
    const untar = extract();
    untar.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        seen.push({
          name: header.name,
          mode: header.mode,
          mtime: header.mtime,
          body: Buffer.concat(chunks).toString(),
        });
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      untar.on('finish', () => resolve()).on('error', reject);
      stream.pipe(untar);
    });
    expect(seen.map((e) => e.name)).toEqual(
      ['app/entry.mjs', 'Dockerfile'].sort((a, b) => a.localeCompare(b)),
    );
    expect(seen.find((e) => e.name === 'app/entry.mjs')).toMatchObject({ mode: 0o755, body: 'x' });
    expect(seen.every((e) => e.mtime?.getTime() === 0)).toBe(true);
  });

  it('hashes content, names, modes and extra inputs, independent of order', () => {
    const a = { name: 'a', content: Buffer.from('1') };
    const b = { name: 'b', content: Buffer.from('2') };
    expect(contentHash([a, b], ['node 20'])).toBe(contentHash([b, a], ['node 20']));
    expect(contentHash([a, b], ['node 20'])).not.toBe(contentHash([a, b], ['node 22']));
    expect(contentHash([a], [])).not.toBe(contentHash([{ ...a, mode: 0o755 }], []));
    expect(contentHash([a], [])).not.toBe(contentHash([{ ...a, content: Buffer.from('3') }], []));
  });

  it('reads host directories recursively under their base name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hw-ctx-'));
    dirs.push(dir);
    await mkdir(join(dir, 'conf', 'nested'), { recursive: true });
    await writeFile(join(dir, 'conf', 'a.txt'), 'A');
    await writeFile(join(dir, 'conf', 'nested', 'b.txt'), 'B');
    const entries = await hostPathEntries(join(dir, 'conf'), 'files/0');
    expect(entries.map((e) => e.name)).toEqual(['files/0/conf/a.txt', 'files/0/conf/nested/b.txt']);
  });
});
