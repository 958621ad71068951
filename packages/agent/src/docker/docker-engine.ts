/** A container the Docker agent created, as {@link DockerAgentEngine.createContainer} resolves it. */
export interface DockerAgentContainer {
  readonly id: string;
  /**
   * Resolves to the container's multiplexed output stream (see `modem.demuxStream`). With
   * `stdin` and `hijack`, the stream is the hijacked connection: what is written to it goes to
   * the container's stdin, and ending it closes that stdin (the container is created with
   * `OpenStdin` and `StdinOnce`).
   */
  attach(options: {
    stream: boolean;
    stdout: boolean;
    stderr: boolean;
    logs: boolean;
    stdin?: boolean;
    hijack?: boolean;
  }): Promise<NodeJS.ReadWriteStream>;
  /** Resolves when the container exits, with its exit code. */
  wait(options?: { condition?: string }): Promise<{ StatusCode: number }>;
  start(): Promise<unknown>;
  /** Stops the container, killing it after `t` seconds. */
  stop(options?: { t?: number }): Promise<unknown>;
  remove(options?: { force?: boolean }): Promise<unknown>;
  /** Gives the container a new name. */
  rename(options: { name: string }): Promise<unknown>;
}

/** What the Docker agent creates a run's container with (the engine's `ContainerCreate` body). */
export interface DockerAgentContainerOptions {
  name: string;
  Image: string;
  Cmd: string[];
  /** `KEY=value` entries. */
  Env: string[];
  Labels: Record<string, string>;
  /** Keep stdin open (a standby container reads its run from it). */
  OpenStdin?: boolean;
  /** Close stdin once the attached client that wrote to it ends it or goes away. */
  StdinOnce?: boolean;
  HostConfig: { NetworkMode: string; AutoRemove: boolean; NanoCpus?: number; Memory?: number };
}

/**
 * The part of a Docker client the Docker agent uses: a structural type, so that your own
 * dockerode client (configured for TLS or a remote host) fits without this package's types
 * depending on dockerode's.
 *
 * @example
 * ```ts
 * import Dockerode from 'dockerode';
 * createDockerAgent({ token, docker: new Dockerode({ host: 'runner-host', port: 2376, ca, cert, key }) });
 * ```
 */
export interface DockerAgentEngine {
  ping(): Promise<unknown>;
  /** Pulls an image; resolves to the engine's stream of JSON progress events. */
  pull(
    image: string,
    options?: {
      authconfig?: { serveraddress: string; username?: string; password?: string; identitytoken?: string };
      abortSignal?: AbortSignal | undefined;
    },
  ): Promise<NodeJS.ReadableStream>;
  getImage(name: string): { inspect(): Promise<unknown> };
  createContainer(options: DockerAgentContainerOptions): Promise<DockerAgentContainer>;
  readonly modem: {
    /** Reads a stream of JSON events to its end. */
    followProgress(
      stream: NodeJS.ReadableStream,
      onFinished: (error: Error | null, output: any[]) => void,
      onProgress?: (event: any) => void,
    ): void;
    /** Splits a container's multiplexed output into stdout and stderr. */
    demuxStream(
      stream: NodeJS.ReadableStream,
      stdout: NodeJS.WritableStream,
      stderr: NodeJS.WritableStream,
    ): void;
  };
}
