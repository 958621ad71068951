export type { AgentOptions } from './agent.js';
export { AGENT_TOKEN_ENV, Agent } from './agent.js';
export type { AgentLogger, AgentLogLevel } from './agent-logger.js';
export { consoleAgentLogger, silentAgentLogger } from './agent-logger.js';
export type {
  AgentPlatformV2,
  DeployedRun,
  DeployOptions,
  FlowRunDeployment,
  RunExit,
} from './agent-platform.js';
export { Backoff, POLL_BACKOFF_MS } from './backoff.js';
export { createDockerAgent, createProcessAgent } from './create-agents.js';
export { CONTAINER_LABELS } from './docker/container-identity.js';
export type {
  DockerAgentContainer,
  DockerAgentContainerOptions,
  DockerAgentEngine,
} from './docker/docker-engine.js';
export type { DockerPlatformOptions } from './docker/docker-platform.js';
export { createDockerPlatform } from './docker/docker-platform.js';
export { parseMemory } from './docker/parse-memory.js';
export { AgentPlatformError } from './errors/agent-platform-error.js';
export { AgentTokenError } from './errors/agent-token-error.js';
export type { ProcessPlatformOptions } from './process/process-platform.js';
export { createProcessPlatform } from './process/process-platform.js';
export type { StorageTypeCheck } from './storage-capabilities.js';
export { checkStorageType, StorageCapabilities, storagePluginsIn } from './storage-capabilities.js';
