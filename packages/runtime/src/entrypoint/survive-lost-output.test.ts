import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const FIXTURE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'lost-output.mjs');

/** Starts the fixture, waits for its first line, then drops both ends of its output pipes (its reader died). */
async function runWithLostOutput(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  child.stderr.destroy();
  child.stdin.end();
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('surviveLostOutput', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a process running to its end when its stdout and stderr go away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lost-output-'));
    dirs.push(dir);
    const done = join(dir, 'done');
    expect(await runWithLostOutput([done, '--guard'])).toBe(0);
    expect(existsSync(done)).toBe(true);
  });

  it('replaces a handler that would end the process on EPIPE (the `headwater` command has one)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lost-output-'));
    dirs.push(dir);
    const done = join(dir, 'done');
    expect(await runWithLostOutput([done, '--exit-on-epipe', '--guard'])).toBe(0);
    expect(existsSync(done)).toBe(true);
  });

  it('is needed: without it, the process dies on its next write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lost-output-'));
    dirs.push(dir);
    const done = join(dir, 'done');
    expect(await runWithLostOutput([done])).not.toBe(0);
    expect(existsSync(done)).toBe(false);
  });
});
