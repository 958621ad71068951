import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'headwater.js');

if (!existsSync(bin) && process.env.CI)
  throw new Error(`${bin} is missing: run pnpm build before the tests.`);

describe.runIf(existsSync(bin))('the bundled headwater CLI', () => {
  it('is an executable node script with our packages inlined', () => {
    const source = readFileSync(bin, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(source).not.toMatch(/from ['"]@headwater\//);
  });

  it('answers --help', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Usage: headwater/);
  });
});
