import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Flow, FlowRuntime, ProgressReporter } from '@headwater/core';
import { VERSION } from '@headwater/core';
import { bundleFlows, healthCheckExpectation, RUNTIME_DIRECTORY } from '@headwater/storage-kit';
import { createDockerClient } from '../docker-client.js';
import type { DockerStorageOptions } from '../docker-storage-options.js';
import { ImageDigestMissingError } from '../errors/image-digest-missing-error.js';
import { InvalidDockerStorageOptionsError } from '../errors/invalid-docker-storage-options-error.js';
import { IMAGE_HEADWATER_SHIM, IMAGE_LAYOUT } from '../image-layout.js';
import { imageReference } from '../registry/image-reference.js';
import { pushImage } from '../registry/push-image.js';
import { resolveRegistryAuth } from '../registry/registry-auth.js';
import { RegistryClient } from '../registry/registry-client.js';
import { type ContextEntry, contentHash, contextStream, hostPathEntries } from './build-context.js';
import { buildImage } from './build-image.js';
import { checkEngine } from './check-engine.js';
import { imagePackageJson, parseDependencies } from './dependencies.js';
import { dockerfileSteps, renderDockerfile } from './dockerfile.js';
import { ensureBaseImage, localImageId } from './ensure-base-image.js';
import { defaultImageName } from './image-name.js';
import { ensureRuntimeImage, runtimeImageName } from './runtime-image.js';

/** What a pipeline run produced. */
export interface PipelineResult {
  imageName: string;
  imageTag: string;
  /** The digest in the registry, when pushed (or already there). */
  imageDigest?: string;
  /** False when an identical image already existed and nothing was built. */
  built: boolean;
  pushed: boolean;
}

const nodeMajor = () => Number(process.versions.node.split('.')[0]);

/** The default base image: the official slim Node image of the deploying Node major. */
export const defaultBaseImage = () => `node:${nodeMajor()}-slim`;

/** The Docker host that will be used for `dockerHost`. */
export function effectiveDockerHost(dockerHost: string | undefined): string {
  return (
    dockerHost ||
    process.env.DOCKER_HOST ||
    (process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock')
  );
}

/**
 * Docker storage's build: check the engine, bundle, make sure the base image is there,
 * assemble the context, skip everything when the registry (or engine) already has the
 * content-hash tag, make sure the runtime image is there, build (the health check is the
 * last build step), push, verify the digest in the registry, remove the local image.
 */
export async function runBuildPipeline(input: {
  options: DockerStorageOptions;
  flows: readonly Flow[];
  push: boolean;
  reporter: ProgressReporter;
  signal?: AbortSignal;
  runtime?: FlowRuntime | undefined;
}): Promise<PipelineResult> {
  const { options, flows, reporter, signal } = input;
  signal?.throwIfAborted();
  const dockerHost = effectiveDockerHost(options.dockerHost);
  const engine = options.docker ?? createDockerClient(dockerHost);
  const runStep = async <T>(
    id: string,
    title: string,
    work: () => Promise<T>,
    summary?: (value: T) => string,
  ) => {
    reporter.step(id, title);
    try {
      const value = await work();
      reporter.done(id, summary?.(value));
      return value;
    } catch (error) {
      reporter.fail(id, error as Error);
      throw error;
    }
  };

  await runStep('docker-engine', `Connecting to the Docker engine at ${dockerHost}`, () =>
    checkEngine(engine, dockerHost, signal),
  );

  const files = Object.entries(options.files ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const specs = options.dependencies ?? [];
  const missing = [
    ...files.map(([source]) => source).filter((source) => !existsSync(source)),
    ...specs.flatMap((s) => /@file:(.*)$/.exec(s)?.slice(1) ?? []).filter((path) => !existsSync(path)),
  ];
  if (missing.length > 0) {
    throw new InvalidDockerStorageOptionsError({
      problems: missing.map((path) => `${path} does not exist on this machine`),
    });
  }

  const projectDirectory = flows[0]?.sourceModule ? dirname(flows[0].sourceModule) : undefined;
  const dependencies = await parseDependencies(specs, projectDirectory);
  const bundle = await runStep(
    'bundle',
    `Bundling ${flows.length} flow(s)`,
    () =>
      bundleFlows({
        flows,
        external: dependencies.map((d) => d.name),
        nodeMajor: nodeMajor(),
        signal,
        ...(input.runtime ? { runtime: input.runtime } : {}),
      }),
    (b) => `${Math.round(b.files.reduce((n, f) => n + f.contents.byteLength, 0) / 1024)} kB`,
  );
  for (const warning of bundle.warnings) reporter.log('bundle', warning);

  const baseImage = options.baseImage ?? defaultBaseImage();
  const baseImageId = await ensureBaseImage(engine, baseImage, reporter, signal);

  const isRuntime = (path: string) => path.startsWith(`${RUNTIME_DIRECTORY}/`);
  // The runtime goes into an image of its own, which the flow image copies it from.
  const runtimeEntries: ContextEntry[] = bundle.files
    .filter((file) => isRuntime(file.path))
    .map((file) => ({ name: file.path, content: file.contents }));
  const runtimeImage = runtimeImageName(runtimeEntries);
  const entries: ContextEntry[] = bundle.files
    .filter((file) => !isRuntime(file.path))
    .map((file) => ({ name: `app/${file.path}`, content: file.contents }));
  entries.push({ name: 'app/bin/headwater', content: Buffer.from(IMAGE_HEADWATER_SHIM), mode: 0o755 });
  entries.push({
    name: `app/${basename(IMAGE_LAYOUT.healthCheckExpected)}`,
    content: Buffer.from(`${JSON.stringify(healthCheckExpectation(flows, bundle.manifest), null, 2)}\n`),
  });
  if (dependencies.length > 0) {
    entries.push({ name: 'install/package.json', content: Buffer.from(imagePackageJson(dependencies)) });
    for (const dependency of dependencies) {
      if (dependency.localPath)
        entries.push(...(await hostPathEntries(dependency.localPath, 'install/dependencies')));
    }
  }
  const copied: { context: string; destination: string }[] = [];
  for (const [index, [source, destination]] of files.entries()) {
    entries.push(...(await hostPathEntries(source, `files/${index}`)));
    copied.push({ context: `files/${index}/${basename(source)}`, destination });
  }
  const flowNames = flows.map((flow) => flow.name);
  const steps = dockerfileSteps({
    baseImage,
    hasDependencies: dependencies.length > 0,
    files: copied,
    env: options.env ?? {},
    labels: { 'io.headwater.flows': JSON.stringify(flowNames), 'io.headwater.version': VERSION },
    runtimeImage,
  });
  entries.push({ name: 'Dockerfile', content: Buffer.from(renderDockerfile(steps)) });

  const imageName = options.imageName ?? defaultImageName(flowNames);
  const imageTag =
    options.imageTag ??
    contentHash(entries, [baseImageId, `node${nodeMajor()}`, `headwater ${VERSION}`]).slice(0, 16);
  const reference = imageReference(options.registryUrl, imageName);
  const image = `${reference.name}:${imageTag}`;
  const pushing = input.push && Boolean(options.registryUrl);
  const contentTagged = options.imageTag === undefined;

  let registry: RegistryClient | undefined;
  const auth = pushing ? (options.registryAuth ?? (await resolveRegistryAuth(reference))) : undefined;
  if (pushing) {
    registry = new RegistryClient(reference, auth);
    const existing = await runStep(
      'registry',
      `Checking ${reference.registry} for ${image}`,
      () => registry!.manifestDigest(imageTag, signal),
      (digest) => (digest ? `already there (${digest})` : 'not there yet'),
    );
    if (existing && contentTagged) {
      reporter.step('image', `Image ${image}`);
      reporter.done('image', 'unchanged: the registry already has this image, nothing to build or push');
      return { imageName, imageTag, imageDigest: existing, built: false, pushed: false };
    }
  } else if (contentTagged && (await localImageId(engine, image))) {
    reporter.step('image', `Image ${image}`);
    reporter.done('image', 'unchanged: the engine already has this image, nothing to build');
    return { imageName, imageTag, built: false, pushed: false };
  }

  reporter.step('image', `Building image ${image}`);
  await ensureRuntimeImage({ engine, entries: runtimeEntries, reporter, signal });
  await buildImage({
    engine,
    context: () => contextStream(entries),
    tag: image,
    steps,
    baseImage,
    dependencies: specs,
    flowNames,
    reporter,
    signal,
  });
  reporter.done('health-check', 'all flows load and match their metadata');
  if (!pushing || !registry) {
    if (input.push && !options.registryUrl) {
      reporter.log('image', `No registryUrl: ${image} stays on the local engine and is not pushed.`);
    }
    return { imageName, imageTag, built: true, pushed: false };
  }

  const pushedDigest = await pushImage({ engine, reference, tag: imageTag, auth, reporter, signal });
  const imageDigest = await runStep(
    'verify',
    `Verifying ${image} in the registry`,
    async () => {
      const registryDigest = await registry!.manifestDigest(imageTag, signal);
      if (!registryDigest || (pushedDigest && registryDigest !== pushedDigest)) {
        throw new ImageDigestMissingError({ image, pushedDigest, registryDigest });
      }
      return registryDigest;
    },
    (digest) => digest,
  );
  if (!options.keepImage) {
    reporter.step('cleanup', `Removing the local image ${image}`);
    try {
      // Only the image: its untagged parents are the classic builder's layer cache, which a
      // build running at the same time on this engine may be using.
      await engine.getImage(image).remove({ noprune: true });
      reporter.done('cleanup');
    } catch (error) {
      reporter.log('cleanup', `Could not remove ${image}: ${(error as Error).message}`);
      reporter.done('cleanup', 'kept');
    }
  }
  return { imageName, imageTag, imageDigest, built: true, pushed: true };
}
