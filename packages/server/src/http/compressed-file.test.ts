import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressedFile } from './compressed-file.js';

describe('compressed UI files', () => {
  it('prefers brotli, then gzip, and compresses only text', () => {
    expect(chooseEncoding('/a/app.js', { 'accept-encoding': 'gzip, deflate, br' })).toBe('br');
    expect(chooseEncoding('/a/app.css', { 'accept-encoding': 'gzip' })).toBe('gzip');
    expect(chooseEncoding('/a/app.js', { 'accept-encoding': 'br;q=0, gzip' })).toBe('gzip');
    expect(chooseEncoding('/a/app.js', {})).toBeNull();
    expect(chooseEncoding('/a/logo.png', { 'accept-encoding': 'br' })).toBeNull();
  });

  it('gives the same bytes back once decoded, and leaves small files alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hw-compress-'));
    const big = join(dir, 'app.js');
    const text = 'export const value = "headwater";\n'.repeat(200);
    writeFileSync(big, text);
    const br = await compressedFile(big, 'br');
    const gz = await compressedFile(big, 'gzip');
    expect(brotliDecompressSync(br!).toString()).toBe(text);
    expect(gunzipSync(gz!).toString()).toBe(text);
    expect(br!.length).toBeLessThan(text.length / 10);
    // A file changed under the server is compressed again.
    writeFileSync(big, `${text}// more\n`);
    expect(brotliDecompressSync((await compressedFile(big, 'br'))!).toString()).toBe(`${text}// more\n`);
    const small = join(dir, 'tiny.js');
    writeFileSync(small, 'export {};\n');
    expect(await compressedFile(small, 'br')).toBeNull();
  });
});
