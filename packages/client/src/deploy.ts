import { dirname } from 'node:path';
import type { Flow, FlowDeployOptions, SerializedFlow } from '@headwater/core';
import type { Client } from './client.js';
import { DeployError } from './errors/deploy-error.js';
import { ProjectNotFoundError } from './errors/project-not-found-error.js';

/** Options of `Client.deploy` and `deployFlow`. */
export interface DeployOptions extends FlowDeployOptions {
  /**
   * Push the built image (Docker storage). `false` keeps it local, for agents on the same
   * Docker host.
   * @default true
   */
  push?: boolean;
  /** The same key as the flow's last registration returns that registration. @default a random key */
  idempotencyKey?: string;
  /** A description stored with this version. */
  description?: string;
}

/** A deployed flow version. */
export interface DeployedFlow {
  id: string;
  name: string;
  /** Assigned by the server: 1, 2, … per flow name within the project. */
  version: number;
  versionGroupId: string;
  projectId: string;
  projectName: string;
  /** False when the idempotency key matched an existing registration. */
  created: boolean;
  /** The metadata registered (with the built storage). */
  serializedFlow: SerializedFlow;
}

/**
 * Deploys `flow` with `client` into the project named `projectName`, in this order:
 *
 * 1. refuses a schedule on a flow with required parameters (nothing could fill them), and
 *    an executor that does not resolve (as its runs would resolve it, from the flow's project);
 * 2. looks the project up — an unknown project fails here, before the expensive build;
 * 3. builds the flow's storage (and pushes it) with the Headwater runtime as the flow's
 *    project sees it (`resolveFlowRuntime`), reporting progress to `options.reporter`;
 * 4. checks that the metadata loads back with `deserializeFlow`;
 * 5. registers it compressed (`createFlowFromCompressedString`), with an idempotency key.
 *
 * @example
 * ```ts
 * const { id, version } = await new Client().deploy(flow, 'My Project', { reporter });
 * ```
 */
export async function deployWithClient(
  client: Client,
  flow: Flow,
  projectName: string,
  options: DeployOptions = {},
): Promise<DeployedFlow> {
  // The whole of core (its schemas) loads when something is deployed, not with the client.
  const { checkEnvironmentExecutor, deserializeFlow, pluginSearchPaths, resolveFlowRuntime } = await import(
    '@headwater/core'
  );
  const signal = options.signal;
  const serialized = flow.serialize();
  const required = serialized.parameters.filter((parameter) => parameter.required).map((p) => p.name);
  if (serialized.schedule !== null && required.length > 0 && options.setScheduleActive !== false) {
    throw new DeployError({
      code: 'DEPLOY_SCHEDULED_REQUIRED_PARAMETERS',
      flowName: flow.name,
      message: `Flow "${flow.name}" has a schedule but required parameters (${required.join(', ')}) that a scheduled run cannot fill. Give them defaults, or deploy with setScheduleActive: false.`,
    });
  }

  const flowDirectory = flow.sourceModule ? [dirname(flow.sourceModule)] : [];
  await checkEnvironmentExecutor(serialized.environment, {
    from: [...flowDirectory, ...pluginSearchPaths()],
  });

  const project = await client.getProject(projectName, signal ? { signal } : {});
  if (!project) throw new ProjectNotFoundError({ projectName, api: client.api });

  let metadata: SerializedFlow = serialized;
  if (options.build !== false) {
    const storage = flow.storage;
    if (!storage) {
      throw new DeployError({
        code: 'DEPLOY_NO_STORAGE',
        flowName: flow.name,
        message: `Flow "${flow.name}" has no storage to build. Give it one (e.g. \`createDockerStorage({ registryUrl })\` from @headwater/storage-docker), or deploy with \`flow.deploy(project, { registryUrl })\`.`,
      });
    }
    if (!storage.contains(flow.name)) storage.addFlow(flow);
    // A storage that bundles the runtime and cannot find one says so itself; others need none.
    const runtime = await resolveFlowRuntime(flowDirectory).catch(() => undefined);
    const built = await storage.build({
      ...(runtime ? { runtime } : {}),
      ...(options.push === undefined ? {} : { push: options.push }),
      ...(options.reporter ? { reporter: options.reporter } : {}),
      ...(signal ? { signal } : {}),
    });
    metadata = { ...serialized, storage: built.serialize() };
  }

  try {
    deserializeFlow(metadata);
  } catch (cause) {
    throw new DeployError({
      code: 'DEPLOY_ROUND_TRIP',
      flowName: flow.name,
      cause,
      message: `Flow "${flow.name}" could not be deserialized from its own metadata: ${(cause as Error).message}`,
    });
  }

  const registered = await client.createFlow(metadata as unknown as Record<string, unknown>, {
    projectId: project.id,
    setScheduleActive: options.setScheduleActive ?? true,
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(signal ? { signal } : {}),
  });
  return {
    id: registered.id,
    name: registered.name,
    version: registered.version,
    versionGroupId: registered.versionGroupId,
    projectId: project.id,
    projectName: project.name,
    created: registered.created,
    serializedFlow: metadata,
  };
}
