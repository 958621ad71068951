export { defaultBaseImage } from './build/build-pipeline.js';
export type { DockerConnectionOptions } from './docker-client.js';
export { createDockerClient, dockerConnectionOptions } from './docker-client.js';
export type {
  DockerAuthConfig,
  DockerDialOptions,
  DockerEngine,
  DockerImage,
  DockerModem,
} from './docker-engine.js';
export { createDockerStorage, Docker } from './docker-storage.js';
export type { DockerStorageOptions } from './docker-storage-options.js';
export { storagePlugin } from './docker-storage-plugin.js';
export { BaseImageMissingError } from './errors/base-image-missing-error.js';
export { DependencyInstallError } from './errors/dependency-install-error.js';
export { DockerEngineUnreachableError } from './errors/docker-engine-unreachable-error.js';
export { HealthCheckError } from './errors/health-check-error.js';
export { ImageBuildError } from './errors/image-build-error.js';
export { ImageDigestMissingError } from './errors/image-digest-missing-error.js';
export { InvalidDockerStorageOptionsError } from './errors/invalid-docker-storage-options-error.js';
export { RegistryRefusedError } from './errors/registry-refused-error.js';
export { RegistryUnreachableError } from './errors/registry-unreachable-error.js';
export { IMAGE_FLOW_RUN_COMMAND, IMAGE_LAYOUT } from './image-layout.js';
export type { ImageReference } from './registry/image-reference.js';
export { imageReference } from './registry/image-reference.js';
export type { RegistryAuth } from './registry/registry-auth.js';
export { dockerConfigDirectory, resolveRegistryAuth } from './registry/registry-auth.js';
