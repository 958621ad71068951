import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const setup = requireTestEnv(['dockerHost', 'baseImage']);

describe.runIf(setup.available)('headwater inspect image', () => {
  const testEnv = setup.available ? setup.env : ({} as never);
  let home: string;
  let server: ServerProcess;
  let env: Record<string, string>;
  let image: string;
  const cli = (...args: string[]) => runCli(args, { env, timeoutMs: 300_000 });

  beforeAll(async () => {
    ensureBuiltCli();
    home = mkdtempSync(join(tmpdir(), 'headwater-inspect-'));
    server = await startServerProcess([], { HOME: home });
    env = {
      HOME: home,
      DOCKER_HOST: testEnv.dockerHost,
      HEADWATER__CLOUD__API: server.api,
      HEADWATER__CLOUD__AUTH_TOKEN: server.adminToken,
    };
    expect((await cli('create', 'project', 'Images')).code).toBe(0);
    const deployed = await cli(
      'deploy',
      join(fixtures, 'two-flows.ts'),
      '--project',
      'Images',
      '--flow',
      'cli-second',
      '--image-name',
      'cli-inspect',
      '--base-image',
      testEnv.baseImage,
      '--no-push',
      '--json',
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    const storage = JSON.parse(deployed.stdout).serializedFlow.storage;
    image = `${storage.image_name}:${storage.image_tag}`;
  });

  afterAll(async () => {
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('lists the flows a deployed image holds, loading them in a container', async () => {
    const result = await cli('inspect', 'image', image, '--json');
    expect(result.code, result.stderr).toBe(0);
    const found = JSON.parse(result.stdout);
    expect(found).toMatchObject({ image, flows: ['cli-first', 'cli-second'] });
    expect(found.id).toMatch(/^sha256:/);
    expect(found.headwaterVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints the flows and how to run one by hand', async () => {
    const result = await cli('inspect', 'image', image);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Image ${image} \\(sha256:\\w+\\).*: 2 flows\\n {2}cli-first\\n {2}cli-second\\n`),
    );
    expect(result.stdout).toContain(`${image} headwater execute flow-run`);
  });

  it('says when an image is not one Headwater built, or not on the engine', async () => {
    const foreign = await cli('inspect', 'image', testEnv.baseImage);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(
      /is not a flow image built by Headwater .*Name an image `headwater deploy` built/,
    );
    const missing = await cli('inspect', 'image', 'headwater-no-such-image:1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/is not on this Docker engine: pull it first/);
  });
});
