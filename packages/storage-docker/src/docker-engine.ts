import type Dockerode from 'dockerode';

/**
 * The part of a dockerode client Docker storage uses. Pass your own (configured for TLS,
 * SSH, a remote host…) through the `docker` option; by default one is created from
 * `dockerHost`.
 */
export type DockerEngine = Pick<Dockerode, 'ping' | 'getImage' | 'buildImage' | 'pull' | 'modem'>;

/** One JSON object of a build, pull or push stream. */
export interface EngineEvent {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  /** An image id or pushed digest; in a BuildKit build's `moby.buildkit.trace` events, a base64 status message. */
  aux?: { ID?: string; Digest?: string; Tag?: string; Size?: number } | string;
}

/** Reads an engine stream to its end, handing every event to `onEvent`. */
export function followEngineStream(
  engine: DockerEngine,
  stream: NodeJS.ReadableStream,
  onEvent: (event: EngineEvent) => void,
): Promise<EngineEvent[]> {
  return new Promise((resolve, reject) => {
    engine.modem.followProgress(
      stream,
      (error: Error | null, output: EngineEvent[]) => (error ? reject(error) : resolve(output)),
      onEvent,
    );
  });
}

/** The message of an engine error (dockerode puts the engine's JSON answer in `json`). */
export function engineErrorMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } | string })?.json;
  if (json && typeof json === 'object' && json.message) return json.message;
  if (typeof json === 'string' && json) return json.trim();
  return error instanceof Error ? error.message : String(error);
}

/** HTTP status of an engine error, if it came from the engine's API. */
export function engineErrorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: build output carries ANSI colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

/** Build output without terminal colour codes, split into lines. */
export function outputLines(text: string): string[] {
  return text.replace(ANSI, '').split('\n');
}
