import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, defaultDatabasePath } from './connect.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the SQLite files the server opens', () => {
  const scratches: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'headwater-modes-'));
    chmodSync(dir, 0o755);
    scratches.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('tightens its own data directory and a database left looser by an earlier start, not the home', async () => {
    const home = scratch();
    const file = defaultDatabasePath(home);
    mkdirSync(join(home, 'server'), { mode: 0o755 });
    chmodSync(join(home, 'server'), 0o755);
    for (const path of [file, `${file}-wal`]) writeFileSync(path, '', { mode: 0o644 });
    for (const path of [file, `${file}-wal`]) chmodSync(path, 0o644);
    const { db } = connectDatabase(undefined, { homeDir: home });
    await db.destroy();
    expect([home, join(home, 'server'), file, `${file}-wal`].map(mode)).toEqual(['755', '700', '600', '600']);
  });

  it('creates a chosen file owner-only, and its missing directory, but leaves an existing directory as it is', async () => {
    const chosen = scratch();
    const file = join(chosen, 'new', 'team.db');
    const { db } = connectDatabase(`sqlite:${file}`, { homeDir: scratch() });
    await db.destroy();
    expect([chosen, join(chosen, 'new'), file].map(mode)).toEqual(['755', '700', '600']);
  });
});
