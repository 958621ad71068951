/** What the engine says of an image (`docker image inspect`), the fields `inspect image` reads. */
export interface EngineImageInfo {
  Id: string;
  Config?: { Labels?: Record<string, string> | null } | null;
}

/** A container `inspect image` starts, as dockerode gives it. */
export interface EngineContainer {
  start(): Promise<unknown>;
  wait(): Promise<{ StatusCode: number }>;
  /** With `follow: false`: the whole multiplexed output (8-byte frame headers). */
  logs(options: { stdout: true; stderr: true; follow: false }): Promise<Buffer>;
  remove(options: { force: true }): Promise<unknown>;
}

/**
 * The part of a Docker client `inspect image` uses: a structural type, so any dockerode
 * client fits without the CLI's types depending on dockerode's.
 */
export interface ImageEngine {
  getImage(name: string): { inspect(): Promise<EngineImageInfo> };
  createContainer(options: {
    Image: string;
    Cmd: string[];
    Tty: false;
    HostConfig: { NetworkMode: 'none' };
  }): Promise<EngineContainer>;
}

/**
 * A container's multiplexed output split into stdout and stderr: frames of an 8-byte header
 * (stream 1 or 2, then the payload's length, big-endian, at byte 4) and the payload.
 */
export function demuxOutput(output: Buffer): { stdout: string; stderr: string } {
  const parts: Record<number, Buffer[]> = { 1: [], 2: [] };
  for (let offset = 0; offset + 8 <= output.length; ) {
    const stream = output[offset]!;
    const size = output.readUInt32BE(offset + 4);
    parts[stream === 2 ? 2 : 1]!.push(output.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return {
    stdout: Buffer.concat(parts[1]!).toString('utf8'),
    stderr: Buffer.concat(parts[2]!).toString('utf8'),
  };
}
