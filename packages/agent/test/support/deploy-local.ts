import type { Client } from '@headwater/client';
import type { Flow } from '@headwater/core';
import { createLocalStorage } from '@headwater/storage-local';

/**
 * Bundles `flows` into one Local storage under `directory` and registers each of them;
 * resolves to their flow ids by name.
 */
export async function deployLocalFlows(
  client: Client,
  projectName: string,
  directory: string,
  flows: readonly Flow[],
): Promise<Map<string, string>> {
  const storage = createLocalStorage({ directory });
  for (const flow of flows) {
    storage.addFlow(flow);
    flow.storage = storage;
  }
  const ids = new Map<string, string>();
  for (const flow of flows) {
    const deployed = await client.deploy(flow, projectName, { setScheduleActive: false });
    ids.set(flow.name, deployed.id);
  }
  return ids;
}
