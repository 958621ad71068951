import type { SerializedStorage } from '@headwater/core';

/** The image a Docker storage points to. */
export interface StorageImage {
  /** What `docker run` takes, e.g. `127.0.0.1:5000/etl:2024-05-01t12-00-00`. */
  image: string;
  /**
   * The registry host (`127.0.0.1:5000`, `docker.io` for Docker Hub names such as `acme/etl`),
   * or undefined for an image that was never pushed.
   */
  registry: string | undefined;
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Reads the image of a serialized Docker storage (`registry_url`, `image_name`,
 * `image_tag`). An empty `registry_url` means a local image that is not pulled.
 *
 * @example
 * ```ts
 * storageImage({ type: 'Docker', registry_url: '127.0.0.1:5000/team', image_name: 'etl', image_tag: 'v1', flows: {}, __version__: '0.1.0' });
 * // { image: '127.0.0.1:5000/team/etl:v1', registry: '127.0.0.1:5000' }
 * ```
 */
export function storageImage(storage: SerializedStorage): StorageImage {
  const name = text(storage.image_name);
  if (!name)
    throw new Error('its Docker storage names no image (image_name is empty); deploy the flow again');
  const registryUrl = text(storage.registry_url)
    ?.replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  const tag = text(storage.image_tag) ?? 'latest';
  const first = registryUrl?.split('/')[0];
  const isHost = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    image: `${registryUrl ? `${registryUrl}/` : ''}${name}:${tag}`,
    registry: registryUrl ? (isHost ? first : 'docker.io') : undefined,
  };
}
