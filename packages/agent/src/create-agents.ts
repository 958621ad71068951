import { Agent, type AgentOptions } from './agent.js';
import { createDockerPlatform, type DockerPlatformOptions } from './docker/docker-platform.js';
import { createProcessPlatform, type ProcessPlatformOptions } from './process/process-platform.js';

/**
 * An agent that runs each flow run in a Docker container from the flow's image (Docker
 * storage, and plugins whose runs are containers).
 *
 * @example
 * ```ts
 * const agent = createDockerAgent({ token: process.env.RUNNER_TOKEN, labels: ['prod'], memory: '1g' });
 * process.once('SIGTERM', () => agent.stop());
 * await agent.start();
 * ```
 */
export function createDockerAgent(
  options: Omit<AgentOptions, 'platform'> & DockerPlatformOptions = {},
): Agent {
  const { logger } = options;
  return new Agent({
    ...options,
    platform: createDockerPlatform({ ...options, ...(logger ? { logger } : {}) }),
  });
}

/**
 * An agent that runs each flow run as a child process on this host, for flows whose storage
 * starts host processes (Local storage, and plugins like it).
 *
 * @example
 * ```ts
 * await createProcessAgent({ token: process.env.RUNNER_TOKEN, maxConcurrent: 4 }).start();
 * ```
 */
export function createProcessAgent(
  options: Omit<AgentOptions, 'platform'> & ProcessPlatformOptions = {},
): Agent {
  return new Agent({ ...options, platform: createProcessPlatform(options) });
}
