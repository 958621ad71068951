import { randomBytes } from 'node:crypto';
import type { Flow } from '@headwater/core';
import { createDockerStorage } from '@headwater/storage-docker';
import type Dockerode from 'dockerode';
import type { AgentTestServer } from './agent-test-server.js';

/** The Docker test environment an image is built in (`requireTestEnv`). */
export interface DockerTestEnv {
  registry: string;
  baseImage: string;
  dockerHost: string;
}

/** How a flow image is named and where it is pushed. */
export interface FlowImageOptions {
  /** The image is `<imagePrefix>-<random hex>`. */
  imagePrefix: string;
  /** @default the test environment's open registry */
  registry?: string;
  registryAuth?: { username: string; password: string };
}

/** Deploys `flow` to the test server as an image pushed to a registry; resolves to the flow id and the image. */
export async function deployFlowImage(
  server: AgentTestServer,
  flow: Flow,
  env: DockerTestEnv,
  options: FlowImageOptions,
): Promise<{ id: string; image: string }> {
  const storage = createDockerStorage({
    registryUrl: options.registry ?? env.registry,
    baseImage: env.baseImage,
    dockerHost: env.dockerHost,
    imageName: `${options.imagePrefix}-${randomBytes(4).toString('hex')}`,
    ...(options.registryAuth ? { registryAuth: options.registryAuth } : {}),
  });
  storage.addFlow(flow);
  flow.storage = storage;
  try {
    const deployed = await server.admin.deploy(flow, server.projectName, { setScheduleActive: false });
    const serialized = deployed.serializedFlow.storage as Record<string, string>;
    return {
      id: deployed.id,
      image: `${serialized.registry_url}/${serialized.image_name}:${serialized.image_tag}`,
    };
  } finally {
    flow.storage = null;
  }
}

/** Removes `image` from the Docker host (one already gone is fine). */
export async function removeLocalImage(docker: Dockerode, image: string | undefined): Promise<void> {
  if (!image) return;
  await docker
    .getImage(image)
    .remove({ force: true, noprune: true })
    .catch(() => undefined);
}
