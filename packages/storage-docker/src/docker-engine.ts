/**
 * Registry credentials in the form the engine's API takes them (`X-Registry-Auth`).
 *
 * @example
 * ```ts
 * { serveraddress: '127.0.0.1:5001', username: 'ci', password: process.env.REGISTRY_PASSWORD }
 * ```
 */
export interface DockerAuthConfig {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** One image on the engine, as {@link DockerEngine.getImage} returns it. */
export interface DockerImage {
  /** Resolves to the image's details; rejects with `statusCode: 404` when the engine lacks it. */
  inspect(): Promise<{ Id: string }>;
  /** Pushes the image; resolves to the engine's stream of JSON progress events. */
  push(options?: {
    authconfig?: DockerAuthConfig;
    abortSignal?: AbortSignal;
  }): Promise<NodeJS.ReadableStream>;
  /** `noprune`: keep its untagged parents (the classic builder's layer cache other builds use). */
  remove(options?: { force?: boolean; noprune?: boolean }): Promise<unknown>;
}

/** A raw request to the engine's API, as {@link DockerModem.dial} takes it. */
export interface DockerDialOptions {
  path: string;
  method?: string;
  /** The request body (a build context's tar stream). */
  file?: NodeJS.ReadableStream;
  /** Query parameters. */
  options?: Record<string, unknown>;
  isStream?: boolean;
  statusCodes?: Record<number, boolean | string>;
  abortSignal?: AbortSignal;
}

/** The HTTP side of a Docker client (dockerode's `modem`, from docker-modem). */
export interface DockerModem {
  dial(options: DockerDialOptions, callback: (error: any, result: any) => void): void;
  /** Reads a stream of JSON events to its end. */
  followProgress(
    stream: NodeJS.ReadableStream,
    onFinished: (error: Error | null, output: any[]) => void,
    onProgress?: (event: any) => void,
  ): void;
}

/**
 * The part of a Docker client that Docker storage uses: a structural type, so that your own
 * dockerode client (configured for TLS, SSH, a remote host…) fits without this package's
 * types depending on dockerode's. Pass it through the `docker` option; by default one is
 * created from `dockerHost` (`createDockerClient`).
 *
 * @example
 * ```ts
 * import Dockerode from 'dockerode';
 * createDockerStorage({ registryUrl: 'ghcr.io/acme', docker: new Dockerode({ host: 'build-host', port: 2376, ca, cert, key }) });
 * ```
 */
export interface DockerEngine {
  ping(): Promise<unknown>;
  getImage(name: string): DockerImage;
  /** A classic (non-BuildKit) build from a tar stream; resolves to the engine's event stream. */
  buildImage(
    context: NodeJS.ReadableStream,
    options?: { t?: string; forcerm?: boolean; networkmode?: string; abortSignal?: AbortSignal },
  ): Promise<NodeJS.ReadableStream>;
  /** Pulls an image; resolves to the engine's event stream. */
  pull(
    image: string,
    options?: { authconfig?: DockerAuthConfig; abortSignal?: AbortSignal },
  ): Promise<NodeJS.ReadableStream>;
  readonly modem: DockerModem;
}

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
