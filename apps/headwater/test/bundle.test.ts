import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heavyModules, recordImports } from '@headwater/testing';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'headwater.js');
const scratch = mkdtempSync(join(tmpdir(), 'headwater-bin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

if (!existsSync(bin) && process.env.CI)
  throw new Error(`${bin} is missing: run pnpm build before the tests.`);

/** Runs the bin with a loader hook that records every module it imports; resolves to stdout and the URLs. */
function runRecorded(
  args: string[],
  env: Record<string, string> = {},
): { stdout: string; imported: string[] } {
  const record = recordImports();
  try {
    const stdout = execFileSync(process.execPath, [...record.execArgv, bin, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: join(scratch, 'home'), ...record.env, ...env },
    });
    return { stdout, imported: record.read() };
  } finally {
    record.dispose();
  }
}

describe.runIf(existsSync(bin))('the headwater bin', () => {
  it('is an executable node script that starts the installed @headwater/cli', () => {
    const source = readFileSync(bin, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(source).toMatch(/import\(["']@headwater\/cli["']\)/);
  });

  it('refuses a Node.js older than its engines allow with what to do, and takes the oldest one allowed', () => {
    const wanted = (
      JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
        engines: { node: string };
      }
    ).engines.node.replace(/^>=/, '');
    // Node's own version, as an older Node would report it (the crash it would meet is not needed).
    const runAs = (version: string, args: string[]) =>
      spawnSync(
        process.execPath,
        [
          `--import=data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`,
          bin,
          ...args,
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: join(scratch, 'home') } },
      );
    const old = runAs('20.20.2', ['server', 'start']);
    expect(old.status).toBe(1);
    expect(old.stdout).toBe('');
    expect(old.stderr).toContain(`headwater needs Node.js ${wanted} or newer, and this is Node.js 20.20.2`);
    expect(old.stderr).toMatch(/Install a current Node\.js/);
    expect(runAs('22.11.0', ['--help']).status).toBe(1);
    const oldest = runAs(`${wanted}.0`, ['--help']);
    expect(oldest.status).toBe(0);
    expect(oldest.stdout).toMatch(/Usage: headwater/);
  });

  it('answers --help loading commander and the command definitions, nothing heavy', () => {
    const { stdout, imported } = runRecorded(['--help']);
    expect(stdout).toMatch(/Usage: headwater/);
    expect(imported.some((url) => url.includes('/commander/'))).toBe(true);
    expect(imported.some((url) => /\/(packages\/cli|@headwater\/cli)\/dist\//.test(url))).toBe(true);
    const heavy = heavyModules(imported);
    expect(heavy).toEqual([]);
  });

  it.runIf(typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function')(
    'keeps Node’s compile cache under the Headwater home, and writes nowhere else',
    () => {
      const headwaterHome = join(scratch, 'headwater-home');
      const home = join(scratch, 'home-untouched');
      runRecorded(['--help'], { HEADWATER__HOME_DIR: headwaterHome, HOME: home });
      expect(readdirSync(join(headwaterHome, 'cache', 'node-compile-cache')).length).toBeGreaterThan(0);
      expect(existsSync(home)).toBe(false);
    },
  );

  it('writes nothing to the home directory for --help (Node 20: no compile cache)', () => {
    const home = join(scratch, 'home-help');
    execFileSync(process.execPath, [bin, '--help'], { env: { PATH: process.env.PATH, HOME: home } });
    const expected = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    expect(existsSync(join(home, '.headwater', 'cache'))).toBe(expected);
    expect(existsSync(home) ? readdirSync(home).filter((entry) => entry !== '.headwater') : []).toEqual([]);
  });
});
