import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Flow, task } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerUnderTest, startServerUnderTest } from './support/server-under-test.js';

/** Every path below `dir` with its permission bits, e.g. `headwater.db → 600`. */
function modesBelow(dir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      modes[relative(dir, child)] = mode(child);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk(dir);
  return modes;
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('what the server writes is readable by its owner only, even under umask 022', () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'sqlite', umask: '022' });
  }, 120_000);
  afterAll(() => server?.close());

  it('keeps the home it created, its data directory, the database with its WAL, and the token file at 0700/0600', async () => {
    const { id: projectId } = await server.admin.createProject({ projectName: 'Modes' });
    const flow = new Flow('modes');
    flow.add(task(() => 1, { name: 'one' }));
    const { id: flowId } = await server.admin.createFlow(
      flow.serialize() as unknown as Record<string, unknown>,
      {
        projectId,
      },
    );
    const { id: flowRunId } = await server.admin.createFlowRun({ flowId });
    await server.admin.writeRunLogs([{ flowRunId, message: 'written', level: 'INFO', name: 'test' }]);
    await server.admin.createApiToken({ name: 'runner', scope: 'RUNNER' });

    const modes = modesBelow(join(server.home, 'server'));
    expect(Object.keys(modes).sort()).toEqual(
      expect.arrayContaining(['admin-token', 'headwater.db', 'headwater.db-shm', 'headwater.db-wal']),
    );
    for (const [path, bits] of Object.entries(modes)) {
      const isDir = statSync(join(server.home, 'server', path)).isDirectory();
      expect({ path, bits }).toEqual({ path, bits: isDir ? '700' : '600' });
    }
    expect(mode(join(server.home, 'server'))).toBe('700');
    expect(mode(server.home)).toBe('700');
  });
});
