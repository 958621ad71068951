import type { DockerEngine } from '../docker-engine.js';
import { DockerEngineUnreachableError } from '../errors/docker-engine-unreachable-error.js';

/** Pings the engine; throws {@link DockerEngineUnreachableError} naming `dockerHost`. */
export async function checkEngine(
  engine: DockerEngine,
  dockerHost: string,
  signal?: AbortSignal,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
  });
  try {
    signal?.throwIfAborted();
    await Promise.race([engine.ping(), timeout]);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new DockerEngineUnreachableError({ dockerHost, cause: error });
  } finally {
    clearTimeout(timer);
  }
}
