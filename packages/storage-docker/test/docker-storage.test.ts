import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flow } from '@headwater/core';
import { FlowBundleError, recordingReporter } from '@headwater/storage-kit';
import { requireTestEnv } from '@headwater/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BaseImageMissingError,
  createDockerStorage,
  DependencyInstallError,
  Docker,
  type DockerEngine,
  DockerEngineUnreachableError,
  HealthCheckError,
  ImageDigestMissingError,
  InvalidDockerStorageOptionsError,
  RegistryRefusedError,
  RegistryUnreachableError,
  storagePlugin,
} from '../src/index.js';
import { flow as helloFlow } from './fixtures/hello-flow.js';
import { flow as readsHostFileFlow } from './fixtures/reads-host-file-flow.js';
import { flow as secondFlow } from './fixtures/second-flow.js';
import { flow as usesDependencyFlow } from './fixtures/uses-dependency-flow.js';
import {
  deleteFromRegistry,
  dockerClient,
  npmTarball,
  removeImages,
  runInImage,
  runNamespace,
} from './support/docker-test-support.js';

const setup = requireTestEnv([
  'dockerHost',
  'baseImage',
  'registry',
  'authRegistry',
  'authRegistryUser',
  'authRegistryPassword',
]);

describe.runIf(setup.available)('Docker storage against the test engine and registries', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = dockerClient(env.dockerHost);
  const namespace = runNamespace();
  const registryUrl = `${env.registry}/${namespace}`;
  const images = new Set<string>();
  const pushed: { registry: string; repository: string; digest: string; auth?: string }[] = [];
  const temporary: string[] = [];
  const base = { baseImage: env.baseImage, dockerHost: env.dockerHost };

  /** A Docker config directory with no credentials, so the developer's own never leak in. */
  const emptyDockerConfig = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hw-docker-config-'));
    temporary.push(dir);
    return dir;
  };
  const withDockerConfig = async <T>(dir: string, work: () => Promise<T>): Promise<T> => {
    const previous = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = dir;
    try {
      return await work();
    } finally {
      if (previous === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = previous;
    }
  };
  const track = (built: Docker, registry = env.registry, auth?: string) => {
    if (built.image) images.add(built.image);
    if (built.imageDigest) {
      pushed.push({
        registry,
        repository: `${namespace}/${built.imageName}`,
        digest: built.imageDigest,
        auth,
      });
    }
    return built;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as Error,
    );

  afterAll(async () => {
    await removeImages(docker, images);
    for (const entry of pushed)
      await deleteFromRegistry(entry.registry, entry.repository, entry.digest, entry.auth);
    for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  });

  it('builds, health-checks inside the image, pushes, verifies the digest, removes the local image; the image pulls back and lists its flow', async () => {
    // A layer of this run's own: the others are byte-identical to those an earlier run pushed
    // (so the registry would already have every layer, and the push would upload nothing).
    const dir = await mkdtemp(join(tmpdir(), 'hw-run-'));
    temporary.push(dir);
    await writeFile(join(dir, 'run.txt'), `${namespace}\n`);
    const storage = createDockerStorage({
      ...base,
      registryUrl,
      files: { [join(dir, 'run.txt')]: '/etc/headwater-test/run.txt' },
    });
    storage.addFlow(helloFlow);
    const reporter = recordingReporter();
    const built = track(await storage.build({ reporter }));

    expect(built.serialize()).toEqual({
      type: 'Docker',
      registry_url: registryUrl,
      image_name: 'hello-docker',
      image_tag: expect.stringMatching(/^[0-9a-f]{16}$/),
      flows: { 'hello-docker': '/opt/headwater/flows.mjs' },
      headwater_version: expect.any(String),
      __version__: expect.any(String),
    });
    expect(storage.serialize().image_tag).toBeNull();
    expect(built.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const steps = reporter.events.filter((e) => e.method === 'step').map((e) => e.id);
    expect(steps).toEqual([
      'docker-engine',
      'bundle',
      'registry',
      'image',
      'health-check',
      'push',
      'verify',
      'cleanup',
    ]);
    expect(reporter.events.some((e) => e.method === 'log' && e.id === 'health-check')).toBe(true);
    expect(reporter.events.some((e) => e.method === 'progress' && e.id === 'push')).toBe(true);

    await expect(docker.getImage(built.image!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const pull = await docker.pull(built.image!, { authconfig: { serveraddress: env.registry } });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(pull, (e, r) => (e ? reject(e) : resolve(r))),
    );
    const inspected = await docker.getImage(built.image!).inspect();
    expect(inspected.RepoDigests).toContain(`${registryUrl}/hello-docker@${built.imageDigest}`);

    const listed = await runInImage(docker, built.image!, ['headwater', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.output).toContain('hello-docker');
  });

  it('does nothing on an unchanged redeploy: no build, no push, same metadata', async () => {
    const first = createDockerStorage({ ...base, registryUrl });
    first.addFlow(helloFlow);
    const firstBuilt = track(await first.build());
    const again = createDockerStorage({ ...base, registryUrl });
    again.addFlow(helloFlow);
    const reporter = recordingReporter();
    const second = await again.build({ reporter });
    expect(second.built).toBe(false);
    expect(second.serialize()).toEqual(firstBuilt.serialize());
    expect(second.imageDigest).toBe(firstBuilt.imageDigest);
    const steps = reporter.events.filter((e) => e.method === 'step').map((e) => e.id);
    expect(steps).not.toContain('push');
    expect(steps).not.toContain('health-check');
    expect(reporter.events.find((e) => e.method === 'done' && e.id === 'image')?.text).toContain('unchanged');
  });

  it('keeps a user-given image name and tag', async () => {
    const storage = new Docker({
      ...base,
      registryUrl,
      imageName: 'custom-name',
      imageTag: 'v1',
      keepImage: true,
    });
    storage.addFlow(helloFlow);
    const built = track(await storage.build());
    expect(built.serialize()).toMatchObject({ image_name: 'custom-name', image_tag: 'v1' });
    expect((await docker.getImage(`${registryUrl}/custom-name:v1`).inspect()).Id).toMatch(/^sha256:/);
  });

  it('builds two storages of different flows at the same time without mixing them up', async () => {
    const a = createDockerStorage({ ...base, registryUrl: `${registryUrl}/a`, keepImage: true });
    const b = createDockerStorage({ ...base, registryUrl: `${registryUrl}/b`, keepImage: true });
    a.addFlow(helloFlow);
    b.addFlow(secondFlow);
    const [builtA, builtB] = await Promise.all([a.build(), b.build()]);
    track(builtA);
    track(builtB);
    const listA = await runInImage(docker, builtA.image!, ['headwater', 'list']);
    const listB = await runInImage(docker, builtB.image!, ['headwater', 'list']);
    expect(listA.output).toContain('hello-docker');
    expect(listA.output).not.toContain('second-docker');
    expect(listB.output).toContain('second-docker');
    expect(listB.output).not.toContain('hello-docker');
  });

  it('keeps the image local with push: false, and the debugging recipe finds the flows in it', async () => {
    const storage = createDockerStorage({ ...base, registryUrl });
    storage.addFlow(secondFlow);
    const reporter = recordingReporter();
    const built = track(await storage.build({ push: false, reporter }));
    expect(built.imageDigest).toBeUndefined();
    expect(reporter.events.some((e) => e.id === 'push')).toBe(false);
    const response = await fetch(
      `http://${env.registry}/v2/${namespace}/second-docker/manifests/${built.imageTag}`,
      {
        method: 'HEAD',
      },
    );
    expect(response.status).toBe(404);
    const recipe = await runInImage(docker, built.image!, [
      'node',
      '--input-type=module',
      '-e',
      'const { modules } = await import("/opt/headwater/flows.mjs"); for (const m of modules) for (const v of Object.values(m)) console.log("flow:", v.name);',
    ]);
    expect(recipe.output).toContain('flow: second-docker');
    const heavy = await runInImage(docker, built.image!, [
      'sh',
      '-c',
      'grep -rlE "docker-modem|esbuild/lib/main" /opt/headwater; true',
    ]);
    expect(heavy.output.trim()).toBe('');
  });

  it('builds locally without a registry URL and says it is not pushed', async () => {
    const storage = createDockerStorage({ ...base, imageName: `${namespace}-local` });
    storage.addFlow(secondFlow);
    const reporter = recordingReporter();
    const built = track(await storage.build({ reporter }));
    expect(built.image).toBe(`${namespace}-local:${built.imageTag}`);
    expect(reporter.events.some((e) => e.method === 'log' && e.text?.includes('not pushed'))).toBe(true);
  });

  it('copies files and directories into the image and sets env without ever printing the values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hw-files-'));
    temporary.push(dir);
    await writeFile(join(dir, 'settings.json'), '{"region":"eu"}');
    await mkdir(join(dir, 'queries'));
    await writeFile(join(dir, 'queries', 'daily.sql'), 'select 1;');
    const storage = createDockerStorage({
      ...base,
      keepImage: true,
      imageName: `${namespace}-files`,
      files: {
        [join(dir, 'settings.json')]: '/etc/headwater-test/settings.json',
        [join(dir, 'queries')]: '/opt/queries',
      },
      env: { SECRET_TOKEN: 's3cr3t-value', REGION: 'eu' },
    });
    storage.addFlow(secondFlow);
    const reporter = recordingReporter();
    const built = track(await storage.build({ push: false, reporter }));
    const inside = await runInImage(docker, built.image!, [
      'sh',
      '-c',
      'cat /etc/headwater-test/settings.json /opt/queries/daily.sql; echo " $SECRET_TOKEN $REGION"',
    ]);
    expect(inside.output).toBe('{"region":"eu"}select 1; s3cr3t-value eu\n');
    expect(JSON.stringify(reporter.events)).not.toContain('s3cr3t-value');
    expect(reporter.events.some((e) => e.text?.includes('SECRET_TOKEN=***'))).toBe(true);
  });

  it('lists every file that does not exist before building', async () => {
    const storage = createDockerStorage({
      ...base,
      files: { '/nonexistent/a.json': '/a.json', '/nonexistent/b': '/b' },
      dependencies: ['x@file:/nonexistent/x.tgz'],
    });
    storage.addFlow(secondFlow);
    const error = await failure(storage.build({ push: false }));
    expect(InvalidDockerStorageOptionsError.isInstance(error)).toBe(true);
    expect((error as InvalidDockerStorageOptionsError).problems).toHaveLength(3);
  });

  it('builds with the classic builder when the engine refuses BuildKit, health check and its real stack included', async () => {
    const real = dockerClient(env.dockerHost);
    // What an engine without BuildKit (a Windows engine) answers a BuildKit build.
    const modem = Object.create(real.modem);
    modem.dial = (
      options: { options?: { version?: string } },
      callback: (e: unknown, r: unknown) => void,
    ) => {
      if (options.options?.version !== '2') return real.modem.dial(options as never, callback);
      const message = 'buildkit not supported by daemon';
      callback(
        Object.assign(new Error(`(HTTP code 400) bad parameter - ${message}`), {
          statusCode: 400,
          json: { message },
        }),
        null,
      );
    };
    const classicOnly = {
      ping: () => real.ping(),
      pull: (...args: Parameters<DockerEngine['pull']>) => real.pull(...args),
      buildImage: (...args: Parameters<DockerEngine['buildImage']>) => real.buildImage(...args),
      getImage: (name: string) => real.getImage(name),
      modem,
    } as DockerEngine;

    const storage = createDockerStorage({
      ...base,
      docker: classicOnly,
      imageName: `${namespace}-classic`,
      keepImage: true,
    });
    storage.addFlow(secondFlow);
    const reporter = recordingReporter();
    const built = track(await storage.build({ push: false, reporter }));
    expect(reporter.events.some((e) => e.text?.includes('buildkit not supported by daemon'))).toBe(true);
    expect(
      reporter.events.some((e) => e.id === 'health-check' && e.text?.includes('All health checks passed')),
    ).toBe(true);
    const listed = await runInImage(docker, built.image!, ['headwater', 'list']);
    expect(listed.output).toContain('second-docker');

    const failing = createDockerStorage({ ...base, docker: classicOnly, registryUrl });
    failing.addFlow(readsHostFileFlow);
    const error = await failure(failing.build({ push: false }));
    expect(HealthCheckError.isInstance(error)).toBe(true);
    expect((error as HealthCheckError).output).toMatch(/at .*reads-host-file-flow\.ts:\d+/);
  });

  it('installs dependencies from a local tarball (no network) and leaves them out of the bundle', async () => {
    const tarball = await npmTarball('headwater-test-shout', {
      'index.js': 'export const shout = (text) => text.toUpperCase() + "!";\n',
    });
    temporary.push(join(tarball, '..'));
    const storage = createDockerStorage({
      ...base,
      registryUrl,
      keepImage: true,
      dependencies: [`headwater-test-shout@file:${tarball}`],
    });
    storage.addFlow(usesDependencyFlow);
    const built = track(await storage.build());
    const run = await runInImage(docker, built.image!, [
      'node',
      '--input-type=module',
      '-e',
      'const { shout } = await import("/opt/headwater/node_modules/headwater-test-shout/index.js"); console.log(shout("installed"));',
    ]);
    expect(run.output).toContain('INSTALLED!');
  });

  describe('each failure is its own error, with the real cause', () => {
    it('engine unreachable: checked first, names the host and the fix', async () => {
      const storage = createDockerStorage({
        ...base,
        registryUrl,
        dockerHost: 'unix:///tmp/headwater-no-docker.sock',
      });
      storage.addFlow(helloFlow);
      const reporter = recordingReporter();
      const error = await failure(storage.build({ reporter }));
      expect(DockerEngineUnreachableError.isInstance(error)).toBe(true);
      expect(error?.message).toContain('unix:///tmp/headwater-no-docker.sock');
      expect(error?.message).toContain('DOCKER_HOST');
      expect(reporter.events.filter((e) => e.method === 'step').map((e) => e.id)).toEqual(['docker-engine']);
    });

    it('relative files are all listed when the storage is created', () => {
      let error: unknown;
      try {
        createDockerStorage({
          files: { 'conf/a.json': '/a.json', '/abs/b.json': '/b.json', './c.json': '/c.json' },
        });
      } catch (e) {
        error = e;
      }
      expect(InvalidDockerStorageOptionsError.isInstance(error)).toBe(true);
      expect((error as InvalidDockerStorageOptionsError).problems).toHaveLength(2);
      expect((error as Error).message).toContain('conf/a.json');
      expect((error as Error).message).toContain('./c.json');
    });

    it('bundling error: file and line of the syntax error', async () => {
      const dir = await mkdtemp(join(import.meta.dirname, 'fixtures', '.broken-'));
      temporary.push(dir);
      const module = join(dir, 'broken.ts');
      await writeFile(
        module,
        "import { Flow } from '@headwater/core';\nexport const flow = new Flow('broken');\nconst x = ;\n",
      );
      const storage = createDockerStorage({ ...base, registryUrl });
      storage.addFlow(new Flow('broken', { module }));
      const error = await failure(storage.build());
      expect(FlowBundleError.isInstance(error)).toBe(true);
      expect(error?.message).toContain(`${module}:3:`);
    });

    it('base image missing: says how to get it or which option to set', async () => {
      const storage = createDockerStorage({
        ...base,
        registryUrl,
        baseImage: `${env.registry}/${namespace}/no-such-base:1`,
      });
      storage.addFlow(helloFlow);
      const error = await failure(storage.build());
      expect(BaseImageMissingError.isInstance(error)).toBe(true);
      expect(error?.message).toContain(`${env.registry}/${namespace}/no-such-base:1`);
      expect(error?.message).toContain('baseImage');
      expect((error as BaseImageMissingError).engineMessage).toMatch(/not found|unknown/i);
    });

    it('npm install failure: carries npm’s own output', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'hw-bad-tarball-'));
      temporary.push(dir);
      const tarball = join(dir, 'broken-package-1.0.0.tgz');
      await writeFile(tarball, 'this is not a tarball');
      const storage = createDockerStorage({
        ...base,
        registryUrl,
        dependencies: [`broken-package@file:${tarball}`],
      });
      storage.addFlow(usesDependencyFlow);
      const error = await failure(storage.build());
      expect(DependencyInstallError.isInstance(error)).toBe(true);
      expect((error as DependencyInstallError).output).toMatch(/npm (ERR|error)/);
      expect(error?.message).toContain('broken-package');
    });

    it('health check failure: the real error and stack from inside the image', async () => {
      const storage = createDockerStorage({ ...base, registryUrl });
      storage.addFlow(readsHostFileFlow);
      const error = await failure(storage.build());
      expect(HealthCheckError.isInstance(error)).toBe(true);
      expect(error?.message).toContain('ENOENT');
      expect(error?.message).toContain('host-only-settings.json');
      expect((error as HealthCheckError).output).toMatch(/at .*reads-host-file-flow\.ts:\d+/);
    });

    it('health check failure: a flow that serializes differently inside the image names the difference', async () => {
      process.env.HEADWATER_FIXTURE_ON_HOST = '1';
      const { flow } = await import('./fixtures/differs-in-image-flow.js');
      delete process.env.HEADWATER_FIXTURE_ON_HOST;
      const storage = createDockerStorage({ ...base, registryUrl });
      storage.addFlow(flow);
      const error = await failure(storage.build());
      expect(HealthCheckError.isInstance(error)).toBe(true);
      expect((error as HealthCheckError).output).toContain(
        'flow "differs-in-image": serializes differently from the host',
      );
      expect((error as HealthCheckError).output).toMatch(/at tasks\[1\]/);
    });

    it('registry unreachable: the registry, the reason, before any build', async () => {
      const storage = createDockerStorage({ ...base, registryUrl: '127.0.0.1:5999/nothing' });
      storage.addFlow(helloFlow);
      const reporter = recordingReporter();
      const error = await failure(storage.build({ reporter }));
      expect(RegistryUnreachableError.isInstance(error)).toBe(true);
      expect(error?.message).toContain('127.0.0.1:5999');
      expect(reporter.events.some((e) => e.id === 'image')).toBe(false);
    });

    it('registry refused without credentials: its own message and the login hint', async () => {
      const config = await emptyDockerConfig();
      const storage = createDockerStorage({ ...base, registryUrl: `${env.authRegistry}/${namespace}` });
      storage.addFlow(helloFlow);
      const error = await withDockerConfig(config, () => failure(storage.build()));
      expect(RegistryRefusedError.isInstance(error)).toBe(true);
      expect(error?.message).toContain('authentication required');
      expect(error?.message).toContain(`docker login ${env.authRegistry}`);
      expect((error as RegistryRefusedError).authenticated).toBe(false);
    });

    it('registry refused with wrong credentials: says they were sent', async () => {
      const storage = createDockerStorage({
        ...base,
        registryUrl: `${env.authRegistry}/${namespace}`,
        registryAuth: { username: env.authRegistryUser, password: 'wrong' },
      });
      storage.addFlow(helloFlow);
      const error = await failure(storage.build());
      expect(RegistryRefusedError.isInstance(error)).toBe(true);
      expect((error as RegistryRefusedError).authenticated).toBe(true);
    });

    it('digest missing: the registry lost the pushed manifest before it was verified', async () => {
      const real = dockerClient(env.dockerHost);
      const losingEngine: DockerEngine = {
        ping: () => real.ping(),
        pull: (...args: Parameters<DockerEngine['pull']>) => real.pull(...args),
        buildImage: (...args: Parameters<DockerEngine['buildImage']>) => real.buildImage(...args),
        modem: real.modem,
        getImage: (name: string) => {
          const image = real.getImage(name);
          return Object.assign(Object.create(image), {
            push: async (options: object) => {
              const stream = await image.push(options);
              const events = await new Promise<any[]>((resolve, reject) =>
                real.modem.followProgress(stream, (e, r) => (e ? reject(e) : resolve(r))),
              );
              const digest = events.map((event) => event.aux?.Digest).find(Boolean);
              const [repository] = name.slice(env.registry.length + 1).split(':');
              await deleteFromRegistry(env.registry, repository!, digest);
              const { Readable } = await import('node:stream');
              return Readable.from(events.map((event) => `${JSON.stringify(event)}\n`));
            },
          });
        },
      } as DockerEngine;
      const storage = createDockerStorage({ ...base, registryUrl, docker: losingEngine, imageTag: 'lost' });
      storage.addFlow(secondFlow);
      images.add(`${registryUrl}/second-docker:lost`);
      const error = await failure(storage.build());
      expect(ImageDigestMissingError.isInstance(error)).toBe(true);
      expect((error as ImageDigestMissingError).pushedDigest).toMatch(/^sha256:/);
      expect((error as ImageDigestMissingError).registryDigest).toBeUndefined();
    });
  });

  describe('registries with authentication', () => {
    it('pushes with credentials from the registryAuth option', async () => {
      const config = await emptyDockerConfig();
      const storage = createDockerStorage({
        ...base,
        registryUrl: `${env.authRegistry}/${namespace}`,
        registryAuth: { username: env.authRegistryUser, password: env.authRegistryPassword },
      });
      storage.addFlow(secondFlow);
      const built = await withDockerConfig(config, () => storage.build());
      track(built, env.authRegistry, `${env.authRegistryUser}:${env.authRegistryPassword}`);
      expect(built.imageDigest).toMatch(/^sha256:/);
    });

    it('pushes with credentials that `docker login` stored in config.json', async () => {
      const config = await emptyDockerConfig();
      const auth = Buffer.from(`${env.authRegistryUser}:${env.authRegistryPassword}`).toString('base64');
      await writeFile(
        join(config, 'config.json'),
        JSON.stringify({ auths: { [env.authRegistry]: { auth } } }),
      );
      const storage = createDockerStorage({
        ...base,
        registryUrl: `${env.authRegistry}/${namespace}/from-config`,
      });
      storage.addFlow(helloFlow);
      const built = await withDockerConfig(config, () => storage.build());
      track(built, env.authRegistry, `${env.authRegistryUser}:${env.authRegistryPassword}`);
      expect(built.imageDigest).toMatch(/^sha256:/);
    });
  });

  it('restores from metadata, including the original Python form, and explains where flows load', async () => {
    const restored = storagePlugin.fromSerialized({
      type: 'Docker',
      registry_url: 'prefecthq/storage-example',
      image_name: 'storage-example',
      image_tag: 'latest',
      flows: { 'storage-example': '/root/.prefect/storage-example.prefect' },
      prefect_version: '0.6.1',
      __version__: '0.6.1',
    });
    expect(restored.serialize()).toMatchObject({ prefect_version: '0.6.1', image_tag: 'latest' });
    const python = await failure(restored.getFlow('storage-example'));
    expect(python?.message).toContain('Python');
    const ours = storagePlugin.fromSerialized({
      type: 'Docker',
      registry_url: registryUrl,
      image_name: 'etl',
      image_tag: 'abc',
      flows: { etl: '/opt/headwater/flows.mjs' },
      headwater_version: '0.1.0',
      __version__: '0.1.0',
    });
    const outside = await failure(ours.getFlow('etl'));
    expect(outside?.message).toContain(`docker run --rm ${registryUrl}/etl:abc headwater list`);
  });
});
