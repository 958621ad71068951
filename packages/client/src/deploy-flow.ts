import type { Flow } from '@headwater/core';
import { Client } from './client.js';
import type { DeployOptions } from './deploy.js';

/**
 * What `flow.deploy(projectName, options)` calls (core's `DeployFlowFunction`): deploys with
 * `options.client` (default `new Client()`, see `Client.deploy`) and resolves to the new flow id.
 *
 * @example
 * ```ts
 * const flowId = await deployFlow(flow, 'My Project', { push: false });
 * ```
 */
export async function deployFlow(
  flow: Flow,
  projectName: string,
  options: DeployOptions & { client?: Client } = {},
): Promise<string> {
  const { client = new Client(), ...rest } = options;
  return (await client.deploy(flow, projectName, rest)).id;
}
