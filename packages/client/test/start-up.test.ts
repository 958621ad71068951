import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '@headwater/server';
import { startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist', 'index.js');

/**
 * What a short CLI command pays for the client: the published build must answer a request
 * without loading undici (the global fetch and Headers), which costs a one-shot command about
 * a third of its time. Checked on the build, where graphql-request is bundled.
 */
describe('the built client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(startServer, 'sqlite');
  });
  afterAll(() => server?.close());

  it('answers a request without loading undici', async () => {
    expect(existsSync(dist), `${dist} is missing: run \`pnpm build\` first`).toBe(true);
    const script = `
      const { Client } = await import(${JSON.stringify(dist)});
      const client = new Client({ api: process.argv[1], token: process.argv[2] });
      const info = await client.authInfo();
      console.log(JSON.stringify({ scope: info.scope, undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));`;
    // Asynchronously: the server answers from this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, server.api, server.adminToken],
      {
        encoding: 'utf8',
        env: { ...process.env, HEADWATER__HOME_DIR: server.homeDir },
      },
    );
    expect(JSON.parse(stdout)).toEqual({ scope: 'USER', undici: [] });
  });
});
