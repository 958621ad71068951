import { createHash } from 'node:crypto';
import { slugify } from '@headwater/storage-kit';

/**
 * The default image name: the slug of the only flow's name; for several flows (or a name
 * with no usable characters) a UUID derived from the sorted flow names, so the same set
 * of flows keeps its image name from one deploy to the next.
 */
export function defaultImageName(flowNames: readonly string[]): string {
  const slug = flowNames.length === 1 ? slugify(flowNames[0]!) : '';
  if (slug) return slug;
  const hex = createHash('sha256')
    .update(JSON.stringify([...flowNames].sort()))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
