import type { Flow } from '@headwater/core';
import type { FlowManifest } from '@headwater/storage-kit';

/**
 * What the health check inside the image compares with: every flow's metadata as the
 * host serializes it (without `storage`, which only the host knows), the Node major, and
 * the dependencies to import.
 */
export function healthCheckExpectation(flows: readonly Flow[], manifest: FlowManifest) {
  return {
    flows: Object.fromEntries(
      flows.map((flow) => {
        const { storage: _storage, ...metadata } = flow.serialize() as unknown as Record<string, unknown>;
        return [flow.name, metadata];
      }),
    ),
    node_major: manifest.node_major,
    dependencies: manifest.dependencies,
  };
}
