import type { Flow } from '@headwater/core';
import type { FlowManifest } from './flow-manifest.js';

/**
 * What a bundle's health check (`node health-check.mjs <expected.json>`) compares with, as
 * the host computed it: every flow's metadata as the host serializes it, without `storage`
 * (which only the host knows), the Node major the bundle was made for, and the dependencies
 * that must import.
 */
export interface HealthCheckExpectation {
  /** Flow name → the flow's serialized metadata, `storage` left out. */
  flows: Record<string, Record<string, unknown>>;
  node_major: number;
  dependencies: string[];
}

/**
 * The expectation file of a bundle's health check: write it as JSON and run
 * `node <bundle>/health-check.mjs <file>` where the bundle will run (inside an image, on an
 * agent's host). {@link checkBundleHealth} does both on this host.
 *
 * @example
 * ```ts
 * const bundle = await bundleFlows({ flows, runtime });
 * await writeFile('health-check.json', JSON.stringify(healthCheckExpectation(flows, bundle.manifest)));
 * ```
 */
export function healthCheckExpectation(
  flows: readonly Flow[],
  manifest: Pick<FlowManifest, 'node_major' | 'dependencies'>,
): HealthCheckExpectation {
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
