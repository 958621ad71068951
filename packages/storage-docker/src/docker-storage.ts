import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  type ContainerLaunch,
  type Flow,
  HeadwaterError,
  type SerializedStorage,
  type StorageBackendV2,
  type StorageBuildOptions,
  silentReporter,
  VERSION,
} from '@headwater/core';
import { FlowLoadError, loadBundledFlow, type StoredFlows, storedFlows } from '@headwater/storage-kit';
import { type PipelineResult, runBuildPipeline } from './build/build-pipeline.js';
import { dependencyProblems } from './build/dependencies.js';
import { type DockerStorageOptions, dockerStorageOptions } from './docker-storage-options.js';
import { InvalidDockerStorageOptionsError } from './errors/invalid-docker-storage-options-error.js';
import { IMAGE_FLOW_RUN_COMMAND, IMAGE_LAYOUT } from './image-layout.js';
import { imageReference } from './registry/image-reference.js';
import { resolveRegistryAuth } from './registry/registry-auth.js';

const TYPE = 'Docker' as const;

/** Metadata a Docker storage carries besides its options (restored from the wire, or set by a build). */
interface DockerStorageState {
  stored: StoredFlows;
  /** The Headwater version inside the image (`headwater_version`, or Python's `prefect_version`). */
  runtimeVersion: string;
  /** True when the metadata came from the original Python implementation. */
  python: boolean;
  lastBuild?: PipelineResult;
}

function validate(options: DockerStorageOptions): void {
  const problems = [
    ...Object.keys(options.files ?? {})
      .filter((source) => !isAbsolute(source))
      .map(
        (source) =>
          `files: "${source}" is not an absolute path (write the full host path, e.g. from path.resolve)`,
      ),
    ...dependencyProblems(options.dependencies ?? []),
  ];
  if (options.imageTag !== undefined && !/^[\w][\w.-]{0,127}$/.test(options.imageTag)) {
    problems.push(
      `imageTag "${options.imageTag}" is not a valid Docker tag (letters, digits, _ . -; at most 128)`,
    );
  }
  if (
    options.imageName !== undefined &&
    !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(
      options.imageName,
    )
  ) {
    problems.push(
      `imageName "${options.imageName}" is not a valid repository name (lower case letters, digits, . _ - /)`,
    );
  }
  if (problems.length > 0) throw new InvalidDockerStorageOptionsError({ problems });
}

/**
 * Docker storage: the flows' code, bundled with the Headwater runtime, in a Docker image
 * in your registry. Agents need only the image and a flow run id.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl', { storage: new Docker({ registryUrl: 'ghcr.io/acme' }) });
 * await flow.deploy('My Project');
 * ```
 */
export class Docker implements StorageBackendV2 {
  readonly specificationVersion = 'v2' as const;
  readonly name = TYPE;
  /** The options as given (never mutated). */
  readonly options: Readonly<DockerStorageOptions>;
  #state: DockerStorageState = { stored: storedFlows(TYPE), runtimeVersion: VERSION, python: false };

  constructor(options: DockerStorageOptions = {}) {
    validate(dockerStorageOptions.check(options));
    this.options = Object.freeze({ ...options });
  }

  static #withState(options: DockerStorageOptions, state: DockerStorageState): Docker {
    const storage = new Docker(options);
    storage.#state = state;
    return storage;
  }

  get flows(): Readonly<Record<string, string>> {
    return this.#state.stored.flows;
  }

  get registryUrl(): string | undefined {
    return this.options.registryUrl;
  }

  get imageName(): string | undefined {
    return this.options.imageName;
  }

  get imageTag(): string | undefined {
    return this.options.imageTag;
  }

  /** The registry digest of the image, after a build that pushed (or found it pushed). */
  get imageDigest(): string | undefined {
    return this.#state.lastBuild?.imageDigest;
  }

  /** Whether the last build built an image (false: an identical one already existed). */
  get built(): boolean | undefined {
    return this.#state.lastBuild?.built;
  }

  /** The image to run: `<registryUrl>/<imageName>:<imageTag>`, once name and tag are known. */
  get image(): string | undefined {
    if (!this.options.imageName || !this.options.imageTag) return undefined;
    return `${imageReference(this.options.registryUrl, this.options.imageName).name}:${this.options.imageTag}`;
  }

  addFlow(flow: Flow): string {
    return this.#state.stored.add(flow, IMAGE_LAYOUT.flowsModule);
  }

  contains(flowName: string): boolean {
    return this.#state.stored.contains(flowName);
  }

  /** Loads a flow from the image's bundle; works inside the image (where agents run it). */
  async getFlow(flowName: string): Promise<Flow> {
    const location = this.#state.stored.locationOf(flowName);
    if (this.#state.python) {
      throw new FlowLoadError({
        flowName,
        location,
        reason: `the image was built by Prefect ${this.#state.runtimeVersion} (Python); Headwater keeps such flows as metadata and cannot run them`,
      });
    }
    if (!existsSync(location)) {
      const image = this.image ?? 'the image';
      throw new FlowLoadError({
        flowName,
        location,
        reason: `Docker storage loads flows inside its image, and this process is not running in it. To look at the flows, run \`docker run --rm ${image} headwater list\``,
      });
    }
    return loadBundledFlow(location, flowName);
  }

  /**
   * A container from the image, running `headwater execute flow-run`; pulled from the
   * registry (with the credentials in Docker's `config.json`) when the image was pushed.
   */
  async launch(flowName: string): Promise<ContainerLaunch> {
    this.#state.stored.locationOf(flowName);
    const cannot = (reason: string) =>
      new HeadwaterError({
        code: 'FLOW_NOT_RUNNABLE',
        message: `Flow "${flowName}" cannot be run: ${reason}`,
      });
    if (this.#state.python) {
      throw cannot(
        `its image was built by Prefect ${this.#state.runtimeVersion} (Python); Headwater cannot run it`,
      );
    }
    if (!this.options.imageName)
      throw cannot('its Docker storage names no image (image_name is empty); deploy the flow again');
    const reference = imageReference(this.options.registryUrl, this.options.imageName);
    const image = `${reference.name}:${this.options.imageTag ?? 'latest'}`;
    if (!this.options.registryUrl) return { kind: 'container', image, command: IMAGE_FLOW_RUN_COMMAND };
    return {
      kind: 'container',
      image,
      command: IMAGE_FLOW_RUN_COMMAND,
      registry: reference.registry,
      credentials: (options = {}) => resolveRegistryAuth(reference, options.configDirectory),
    };
  }

  /**
   * Bundles the flows, builds the image (health check included), pushes it and verifies
   * the pushed digest; resolves to a new storage with `imageName` and `imageTag` filled in.
   * With an unchanged bundle the image's tag is unchanged, and when the registry already
   * has it nothing is built or pushed. `push: false` keeps the image on the local engine.
   */
  async build(options: StorageBuildOptions = {}): Promise<Docker> {
    const flows = this.#state.stored.buildable();
    const result = await runBuildPipeline({
      options: this.options,
      flows,
      push: options.push ?? this.options.push ?? true,
      reporter: options.reporter ?? silentReporter,
      signal: options.signal,
      runtime: options.runtime,
    });
    return Docker.#withState(
      { ...this.options, imageName: result.imageName, imageTag: result.imageTag },
      { stored: this.#state.stored.copy(), runtimeVersion: VERSION, python: false, lastBuild: result },
    );
  }

  serialize(): SerializedStorage {
    return {
      type: 'Docker',
      registry_url: this.options.registryUrl ?? null,
      image_name: this.options.imageName ?? null,
      image_tag: this.options.imageTag ?? null,
      flows: this.#state.stored.flows,
      [this.#state.python ? 'prefect_version' : 'headwater_version']: this.#state.runtimeVersion,
      __version__: VERSION,
    };
  }

  /**
   * Restores Docker storage from its wire form; also reads the original Python
   * implementation's form (`prefect_version`) as metadata.
   */
  static fromSerialized(serialized: SerializedStorage): Docker {
    const text = (key: string) => {
      const value = serialized[key];
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const python = text('headwater_version') === undefined && text('prefect_version') !== undefined;
    return Docker.#withState(
      { registryUrl: text('registry_url'), imageName: text('image_name'), imageTag: text('image_tag') },
      {
        stored: storedFlows(TYPE, serialized.flows ?? {}),
        runtimeVersion: (python ? text('prefect_version') : text('headwater_version')) ?? VERSION,
        python,
      },
    );
  }
}

/**
 * Creates Docker storage (the factory form of `new Docker(options)`).
 *
 * @example
 * ```ts
 * const storage = createDockerStorage({ registryUrl: '127.0.0.1:5000' });
 * storage.addFlow(flow);
 * const built = await storage.build({ reporter });
 * built.serialize(); // { type: 'Docker', registry_url, image_name, image_tag, flows, headwater_version, __version__ }
 * ```
 */
export function createDockerStorage(options: DockerStorageOptions = {}): Docker {
  return new Docker(options);
}
