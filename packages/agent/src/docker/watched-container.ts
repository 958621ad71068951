import { PassThrough } from 'node:stream';
import type { DeployedRun, FlowRunDeployment, RunExit } from '../agent-platform.js';
import { OutputTail } from '../output-tail.js';
import type { DockerAgentContainer, DockerAgentEngine } from './docker-engine.js';

/** How a {@link WatchedContainer} passes its output on. */
export interface WatchOptions {
  /** Lines of output kept to explain a failure. */
  tailSize: number;
  /** Receives every line the run prints. */
  output?: ((line: string, run: FlowRunDeployment) => void) | undefined;
  /** Attach stdin too (hijacked), to hand the container its run. */
  stdin?: boolean;
}

/** How long output may still arrive after the container exited. */
const OUTPUT_GRACE_MS = 2000;

/**
 * A created container whose output and exit are followed from before it starts, so even an
 * instant exit is seen (the engine removes it on exit). Its output goes to its run; what a
 * standby printed before it was handed its run goes to that run once it is.
 */
export class WatchedContainer {
  readonly container: DockerAgentContainer;
  readonly #stream: NodeJS.ReadWriteStream;
  readonly #streamEnded: Promise<void>;
  readonly #options: WatchOptions;
  readonly #tail: OutputTail;
  /** Lines printed before the container had a run. */
  readonly #early: string[] = [];
  #run: FlowRunDeployment | undefined;
  #partial = '';
  #exited: Promise<RunExit> | undefined;
  #running = false;

  private constructor(
    docker: DockerAgentEngine,
    container: DockerAgentContainer,
    stream: NodeJS.ReadWriteStream,
    options: WatchOptions,
  ) {
    this.container = container;
    this.#stream = stream;
    this.#options = options;
    this.#tail = new OutputTail(options.tailSize);
    this.#streamEnded = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      // A handover written to a container that just died fails: its exit says the rest.
      stream.on('error', () => resolve());
    });
    const sink = new PassThrough();
    docker.modem.demuxStream(stream, sink, sink);
    sink.on('data', (chunk: Buffer) => this.#print(chunk.toString('utf8')));
  }

  /** Attaches to the container's output (and stdin, with `options.stdin`). */
  static async attach(
    docker: DockerAgentEngine,
    container: DockerAgentContainer,
    options: WatchOptions,
  ): Promise<WatchedContainer> {
    const stream = await container.attach({
      stream: true,
      stdout: true,
      stderr: true,
      logs: true,
      ...(options.stdin ? { stdin: true, hijack: true } : {}),
    });
    return new WatchedContainer(docker, container, stream, options);
  }

  /** It was started and has not exited since. */
  get running(): boolean {
    return this.#running;
  }

  /** Settles when the container exits (after {@link start}), with its last output. */
  get exited(): Promise<RunExit> {
    if (!this.#exited) throw new Error('the container was not started');
    return this.#exited;
  }

  async start(): Promise<void> {
    const waited = this.container.wait({ condition: 'next-exit' }).then(
      (result) => result.StatusCode as number | null,
      () => null,
    );
    await this.container.start();
    this.#running = true;
    this.#exited = waited.then((exitCode) => this.#exit(exitCode));
  }

  /** The started container, running `run`. */
  deployed(run: FlowRunDeployment): DeployedRun {
    this.#assign(run);
    const { container } = this;
    const exited = this.exited;
    return {
      id: `container ${container.id.slice(0, 12)}`,
      exited,
      async stop({ graceMs = 10_000 } = {}) {
        await container.stop({ t: Math.ceil(graceMs / 1000) }).catch(() => undefined);
        await exited;
      },
    };
  }

  /** Writes `text` to the container's stdin, then closes it. */
  endStdin(text: string): void {
    this.#stream.end(text);
  }

  #assign(run: FlowRunDeployment): void {
    this.#run = run;
    for (const line of this.#early.splice(0)) this.#options.output?.(line, run);
  }

  #print(text: string): void {
    const lines = (this.#partial + text).split(/\r?\n/);
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      this.#tail.push(`${line}\n`);
      if (this.#run) this.#options.output?.(line, this.#run);
      else if (this.#options.output && this.#early.push(line) > this.#options.tailSize) this.#early.shift();
    }
  }

  async #exit(exitCode: number | null): Promise<RunExit> {
    this.#running = false;
    await Promise.race([this.#streamEnded, new Promise((resolve) => setTimeout(resolve, OUTPUT_GRACE_MS))]);
    if (this.#partial) this.#tail.push(this.#partial);
    return {
      exitCode: exitCode === 137 || exitCode === 143 ? null : exitCode,
      signal: exitCode === 137 ? 'SIGKILL' : exitCode === 143 ? 'SIGTERM' : null,
      logTail: this.#tail.lines(),
    };
  }
}
