import type { ContainerLaunch, RegistryCredentials } from '@headwater/core';
import type { AgentLogger } from '../agent-logger.js';
import type { FlowRunDeployment } from '../agent-platform.js';
import type { DockerAgentEngine } from './docker-engine.js';
import { engineMessage } from './engine-errors.js';

/** Options of an {@link ImagePuller}. */
export interface ImagePullerOptions {
  /** Credentials per registry host; they win over the launch's own. */
  registryCredentials?: Readonly<Record<string, RegistryCredentials>> | undefined;
  /** Where Docker's `config.json` is read from. */
  dockerConfigDirectory?: string | undefined;
  logger?: AgentLogger | undefined;
}

/**
 * The images of flow versions on this host: each pulled once for all its runs, concurrent
 * ones included (a new deploy is a new flow version, so a re-pushed tag is pulled again). A
 * failed pull falls back to a copy already on the host, and is tried again by the next run.
 */
export class ImagePuller {
  readonly #docker: DockerAgentEngine;
  readonly #options: ImagePullerOptions;
  readonly #images = new Map<string, Promise<void>>();
  readonly #closing = new AbortController();

  constructor(docker: DockerAgentEngine, options: ImagePullerOptions) {
    this.#docker = docker;
    this.#options = options;
  }

  /** Resolves once the run's image is on this host (pulled once per flow version). */
  pulled(run: FlowRunDeployment, launch: ContainerLaunch, registry: string, signal?: AbortSignal) {
    const key = imageKey(run, launch);
    let present = this.#images.get(key);
    if (present === undefined) {
      present = this.#pullOrLocal(launch, registry);
      this.#images.set(key, present);
      present.catch(() => this.#images.delete(key));
    }
    return untilAborted(present, signal);
  }

  /** Pulls the run's image again (it was removed from the host since it was pulled). */
  pullAgain(run: FlowRunDeployment, launch: ContainerLaunch, registry: string, signal?: AbortSignal) {
    this.#images.delete(imageKey(run, launch));
    return this.pulled(run, launch, registry, signal);
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.#docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** Aborts the pulls under way. */
  close(): void {
    this.#closing.abort();
  }

  async #pullOrLocal(launch: ContainerLaunch, registry: string): Promise<void> {
    try {
      await this.#pull(launch, registry);
    } catch (cause) {
      if (this.#closing.signal.aborted || !(await this.hasImage(launch.image))) throw cause;
      this.#options.logger?.warn(
        `Could not pull ${launch.image} (${engineMessage(cause)}); using the copy on this host.`,
      );
    }
  }

  async #pull(launch: ContainerLaunch, registry: string): Promise<void> {
    const credentials = await this.#credentialsFor(launch, registry);
    const authconfig = credentials
      ? 'identityToken' in credentials
        ? { serveraddress: registry, identitytoken: credentials.identityToken }
        : { serveraddress: registry, username: credentials.username, password: credentials.password }
      : undefined;
    const stream = await this.#docker.pull(launch.image, {
      ...(authconfig ? { authconfig } : {}),
      abortSignal: this.#closing.signal,
    });
    await new Promise<void>((resolve, reject) => {
      this.#docker.modem.followProgress(
        stream,
        (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
          const failed = events?.find((event) => event.error || event.errorDetail);
          if (error) reject(error);
          else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
          else resolve();
        },
      );
    });
  }

  async #credentialsFor(launch: ContainerLaunch, registry: string) {
    const directory = this.#options.dockerConfigDirectory;
    return (
      this.#options.registryCredentials?.[registry] ??
      (await launch.credentials?.(directory ? { configDirectory: directory } : {}))
    );
  }
}

const imageKey = (run: FlowRunDeployment, launch: ContainerLaunch) => `${run.flowId} ${launch.image}`;

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
