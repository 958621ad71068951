import type { ProgressReporter } from '@headwater/core';
import type { DockerEngine } from '../docker-engine.js';
import { engineErrorMessage, followEngineStream } from '../docker-engine.js';
import { RegistryRefusedError } from '../errors/registry-refused-error.js';
import { RegistryUnreachableError } from '../errors/registry-unreachable-error.js';
import { LayerProgress, PUSH_STATUSES } from '../layer-progress.js';
import type { ImageReference } from './image-reference.js';
import { engineAuthConfig, type RegistryAuth } from './registry-auth.js';

const UNREACHABLE =
  /dial tcp|connection refused|no such host|i\/o timeout|timeout exceeded|network is unreachable|x509|tls:|server gave HTTP response|EOF$/i;

/**
 * Pushes `<reference.name>:<tag>` through the engine, reporting byte progress, and resolves
 * to the digest the engine reports. Failures keep the registry's own message.
 */
export async function pushImage(input: {
  engine: DockerEngine;
  reference: ImageReference;
  tag: string;
  auth: RegistryAuth | undefined;
  reporter: ProgressReporter;
  signal?: AbortSignal;
}): Promise<string | undefined> {
  const { engine, reference, tag, reporter } = input;
  const image = `${reference.name}:${tag}`;
  reporter.step('push', `Pushing ${image}`);
  const progress = new LayerProgress(PUSH_STATUSES);
  let failure: string | undefined;
  let digest: string | undefined;
  try {
    const stream = await engine.getImage(image).push({
      authconfig: engineAuthConfig(reference, input.auth),
      abortSignal: input.signal,
    });
    await followEngineStream(engine, stream, (event) => {
      if (event.error) failure = event.errorDetail?.message ?? event.error;
      if (typeof event.aux === 'object' && event.aux.Digest) digest = event.aux.Digest;
      const tally = progress.update(event);
      if (tally && tally.total > 0)
        reporter.progress('push', tally.done, tally.total, `${tally.layers} layer(s)`);
    });
  } catch (error) {
    if (input.signal?.aborted) throw error;
    failure = engineErrorMessage(error);
  }
  if (failure !== undefined) {
    const error = UNREACHABLE.test(failure)
      ? new RegistryUnreachableError({ registry: reference.registry, reason: failure })
      : new RegistryRefusedError({
          registry: reference.registry,
          image,
          registryMessage: failure,
          authenticated: input.auth !== undefined,
        });
    reporter.fail('push', error);
    throw error;
  }
  reporter.done('push', digest ? `pushed ${digest}` : 'pushed');
  return digest;
}
