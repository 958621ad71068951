import type { ProgressReporter } from '@headwater/core';
import type { DockerEngine } from '../docker-engine.js';
import { engineErrorMessage, engineErrorStatus, followEngineStream } from '../docker-engine.js';
import { BaseImageMissingError } from '../errors/base-image-missing-error.js';
import { LayerProgress, PULL_STATUSES } from '../layer-progress.js';
import { imageReference } from '../registry/image-reference.js';
import { engineAuthConfig, resolveRegistryAuth } from '../registry/registry-auth.js';

/**
 * Makes sure `baseImage` is on the engine, pulling it when it is not, and resolves to its
 * image id (so a moved tag changes the flow image's content hash).
 */
export async function ensureBaseImage(
  engine: DockerEngine,
  baseImage: string,
  reporter: ProgressReporter,
  signal?: AbortSignal,
): Promise<string> {
  const id = await localImageId(engine, baseImage);
  if (id) return id;
  reporter.step('base-image', `Pulling base image ${baseImage}`);
  const reference = imageReference(undefined, baseImage.replace(/[:@][^/]*$/, ''));
  const authconfig = engineAuthConfig(reference, await resolveRegistryAuth(reference));
  let failure: string | undefined;
  try {
    const stream = await engine.pull(baseImage, { authconfig, abortSignal: signal });
    const progress = new LayerProgress(PULL_STATUSES);
    await followEngineStream(engine, stream, (event) => {
      if (event.error) failure = event.errorDetail?.message ?? event.error;
      const tally = progress.update(event);
      if (tally && tally.total > 0) reporter.progress('base-image', tally.done, tally.total, event.status);
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    failure = engineErrorMessage(error);
  }
  const pulled = failure === undefined ? await localImageId(engine, baseImage) : undefined;
  if (!pulled) {
    const error = new BaseImageMissingError({
      baseImage,
      engineMessage: failure ?? 'the engine reported no image',
    });
    reporter.fail('base-image', error);
    throw error;
  }
  reporter.done('base-image', `pulled ${baseImage}`);
  return pulled;
}

/** The id of a local image, or `undefined` when the engine does not have it. */
export async function localImageId(engine: DockerEngine, name: string): Promise<string | undefined> {
  try {
    const info = await engine.getImage(name).inspect();
    return info.Id;
  } catch (error) {
    if (engineErrorStatus(error) === 404) return undefined;
    throw error;
  }
}
