import { requireTestEnv } from '@headwater/testing';
import { pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerClient } from './support/docker-test-support.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

function context(files: Record<string, string>) {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name }, content);
  tar.finalize();
  return tar as unknown as NodeJS.ReadableStream;
}

describe.runIf(setup.available)('the Docker engine and registry of the test environment', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = dockerClient(env.dockerHost);
  const tag = `${env.registry}/headwater-test/engine-check:${Date.now()}`;

  afterAll(async () => {
    await docker
      .getImage(tag)
      .remove({ force: true, noprune: true })
      .catch(() => {});
  });

  it('builds from a tar stream, runs on the host network, pushes and pulls back', async () => {
    const stream = await docker.buildImage(
      context({
        Dockerfile: `FROM ${env.baseImage}\nCOPY hello.js /app/hello.js\nRUN node /app/hello.js > /app/built.txt\n`,
        'hello.js': 'console.log("built with node " + process.versions.node.split(".")[0])',
      }),
      { t: tag, networkmode: 'host', forcerm: true },
    );
    const output = await new Promise<any[]>((resolve, reject) =>
      docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(output.find((line) => line.error)).toBeUndefined();

    const container = await docker.createContainer({
      Image: tag,
      Cmd: ['node', '-e', 'process.stdout.write(require("fs").readFileSync("/app/built.txt", "utf8"))'],
      HostConfig: { NetworkMode: 'host', AutoRemove: false },
    });
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
    await container.remove({ force: true });
    expect(StatusCode).toBe(0);
    expect(logs).toContain(`built with node ${process.versions.node.split('.')[0]}`);

    const push = await docker.getImage(tag).push({ authconfig: { serveraddress: env.registry } });
    const pushed = await new Promise<any[]>((resolve, reject) =>
      docker.modem.followProgress(push, (error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(pushed.find((line) => line.error)).toBeUndefined();
    const digest = pushed.map((line) => line.aux?.Digest).find(Boolean);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    await docker.getImage(tag).remove({ force: true, noprune: true });
    const pull = await docker.pull(tag, { authconfig: { serveraddress: env.registry } });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(pull, (error, result) => (error ? reject(error) : resolve(result))),
    );
    const image = await docker.getImage(tag).inspect();
    expect(image.RepoDigests.some((d: string) => d.endsWith(digest))).toBe(true);
  });
});
