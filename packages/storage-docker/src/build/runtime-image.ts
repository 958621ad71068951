import type { ProgressReporter } from '@headwater/core';
import type { DockerEngine } from '../docker-engine.js';
import { IMAGE_LAYOUT } from '../image-layout.js';
import { type ContextEntry, contentHash, contextStream } from './build-context.js';
import { buildImage } from './build-image.js';
import { type DockerfileStep, renderDockerfile } from './dockerfile.js';
import { localImageId } from './ensure-base-image.js';

/**
 * The local image holding the bundled Headwater runtime (`runtime/…` context entries),
 * named by a hash of its files: `headwater-runtime:<hash>`.
 */
export function runtimeImageName(entries: readonly ContextEntry[]): string {
  return `headwater-runtime:${contentHash(entries, []).slice(0, 16)}`;
}

/**
 * Makes sure the runtime image is on the engine, building it (`FROM scratch`, the runtime
 * files only, where flow images want them) when it is not. Flow images copy the runtime from it (`COPY --from`), so
 * their build context carries only the flow's own files; it changes only with Headwater.
 * Reports under the `image` step, which the caller has started.
 */
export async function ensureRuntimeImage(input: {
  engine: DockerEngine;
  entries: readonly ContextEntry[];
  reporter: ProgressReporter;
  signal?: AbortSignal;
}): Promise<string> {
  const image = runtimeImageName(input.entries);
  if (await localImageId(input.engine, image)) return image;
  input.reporter.log('image', `Building ${image}, the Headwater runtime flow images copy (once per runtime)`);
  const steps: DockerfileStep[] = [
    { kind: 'setup', instruction: 'FROM scratch', display: 'FROM scratch' },
    {
      kind: 'setup',
      instruction: `COPY runtime/ ${IMAGE_LAYOUT.runtimeDirectory}/`,
      display: `COPY runtime/ ${IMAGE_LAYOUT.runtimeDirectory}/`,
    },
  ];
  await buildImage({
    engine: input.engine,
    context: () =>
      contextStream([
        ...input.entries,
        { name: 'Dockerfile', content: Buffer.from(renderDockerfile(steps)) },
      ]),
    tag: image,
    steps,
    baseImage: 'scratch',
    dependencies: [],
    flowNames: [],
    reporter: input.reporter,
    signal: input.signal,
  });
  return image;
}
