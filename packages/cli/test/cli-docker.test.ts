import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, startAgentProcess } from './helpers/agent-process.js';
import { ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const setup = requireTestEnv(['dockerHost', 'registry', 'baseImage']);

describe.runIf(setup.available)(
  'headwater deploy with Docker storage, run and watch with a Docker agent',
  () => {
    const testEnv = setup.available ? setup.env : ({} as never);
    let home: string;
    let server: ServerProcess;
    let agent: AgentProcess | undefined;
    let env: Record<string, string>;
    const cli = (...args: string[]) => runCli(args, { env, timeoutMs: 300_000 });
    const deploy = (fixture: string) =>
      cli(
        'deploy',
        join(fixtures, fixture),
        '--project',
        'Docker Project',
        '--registry-url',
        testEnv.registry,
        '--base-image',
        testEnv.baseImage,
        '--json',
      );

    beforeAll(async () => {
      ensureBuiltCli();
      home = mkdtempSync(join(tmpdir(), 'headwater-cli-docker-'));
      server = await startServerProcess([], { HOME: home });
      env = {
        HOME: home,
        DOCKER_HOST: testEnv.dockerHost,
        HEADWATER__CLOUD__API: server.api,
        HEADWATER__CLOUD__AUTH_TOKEN: server.adminToken,
      };
      expect((await cli('create', 'project', 'Docker Project')).code).toBe(0);
    });

    afterAll(async () => {
      await agent?.stop();
      await server?.stop();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    it('builds, checks and pushes the image to the registry, then registers the flow', async () => {
      const result = await deploy('hello-flow.ts');
      expect(result.stderr).not.toMatch(/^Error/m);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^• /m);
      expect(result.stderr).toMatch(/^✔ /m);
      const deployed = JSON.parse(result.stdout);
      expect(deployed).toMatchObject({ name: 'cli-hello', version: 1, projectName: 'Docker Project' });
      const storage = deployed.serializedFlow.storage;
      expect(storage).toMatchObject({
        type: 'Docker',
        registry_url: testEnv.registry,
        image_name: 'cli-hello',
      });
      const tags = await (
        await fetch(`http://${testEnv.registry}/v2/${storage.image_name}/tags/list`)
      ).json();
      expect(tags.tags).toContain(storage.image_tag);

      const flows = JSON.parse((await cli('get', 'flows', '--project', 'Docker Project', '--json')).stdout);
      expect(flows).toEqual([expect.objectContaining({ name: 'cli-hello', version: 1 })]);
    });

    it('refuses storage options for a flow that sets its own storage', async () => {
      const result = await cli(
        'deploy',
        join(fixtures, 'own-storage-flow.ts'),
        '--project',
        'Docker Project',
        '--image-name',
        'ignored',
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toMatch(
        /^Error: Flow "cli-own-storage" sets its own .* storage, so --image-name would be ignored/,
      );
    });

    it('runs the deployed flow with a Docker agent: --watch follows it to Success and exits 0', async () => {
      const runner = await cli('auth', 'create-token', '--name', 'docker-agent', '--scope', 'RUNNER');
      expect(runner.code).toBe(0);
      agent = startAgentProcess(['docker', '--token', runner.stdout.trim()], {
        ...env,
        HEADWATER__CLOUD__AUTH_TOKEN: undefined,
      });
      const watched = await cli(
        'run',
        'flow',
        '--name',
        'cli-hello',
        '--project',
        'Docker Project',
        '--param',
        'name=Ada',
        '--watch',
        '--logs',
      );
      expect(watched.code, `${watched.stdout}\n${watched.stderr}\nagent:\n${agent.output()}`).toBe(0);
      const states = watched.stdout
        .split('\n')
        .map((line) => /^\S+ \S+ UTC\S*\s+(\w+)/.exec(line)?.[1])
        .filter(Boolean);
      expect(states).toEqual(expect.arrayContaining(['Scheduled', 'Submitted', 'Running', 'Success']));
      expect(watched.stdout).toMatch(/finished: Success/);
    });

    it('exits non-zero when the watched run fails', async () => {
      expect((await deploy('failing-flow.ts')).code).toBe(0);
      const watched = await cli(
        'run',
        'flow',
        '--name',
        'cli-failing',
        '--project',
        'Docker Project',
        '--watch',
      );
      expect(watched.code).toBe(1);
      expect(watched.stdout).toMatch(/finished: Failed/);
    });
  },
);
