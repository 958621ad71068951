import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** One build step (vertex) of a BuildKit build, as far as the engine has reported it. */
export interface BuildkitVertex {
  digest: string;
  /** e.g. `[3/5] COPY app/ /opt/headwater/` or `[internal] load build context`. */
  name: string;
  cached: boolean;
  started: boolean;
  completed: boolean;
  /** Why the vertex failed. */
  error?: string;
}

/** Output of a vertex: a chunk of its process's stdout (1) or stderr (2). */
export interface BuildkitLog {
  vertex: string;
  stream: number;
  data: Uint8Array;
}

/** One status message of a BuildKit build (only the parts Docker storage reads). */
export interface BuildkitStatus {
  vertexes: BuildkitVertex[];
  logs: BuildkitLog[];
}

/** A vertex (`moby.buildkit.v1.Vertex`): 1 digest, 3 name, 4 cached, 5 started, 6 completed, 7 error. */
function vertex(message: Uint8Array): BuildkitVertex {
  const result: BuildkitVertex = { digest: '', name: '', cached: false, started: false, completed: false };
  const reader = new BinaryReader(message);
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    if (number === 1) result.digest = reader.string();
    else if (number === 3) result.name = reader.string();
    else if (number === 4) result.cached = reader.bool();
    else if (number === 5) {
      reader.skip(wireType);
      result.started = true;
    } else if (number === 6) {
      reader.skip(wireType);
      result.completed = true;
    } else if (number === 7) {
      const error = reader.string();
      if (error) result.error = error;
    } else reader.skip(wireType);
  }
  return result;
}

/** A log chunk (`moby.buildkit.v1.VertexLog`): 1 vertex, 3 stream, 4 msg. */
function log(message: Uint8Array): BuildkitLog {
  const result: BuildkitLog = { vertex: '', stream: 1, data: new Uint8Array() };
  const reader = new BinaryReader(message);
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    if (number === 1) result.vertex = reader.string();
    else if (number === 3) result.stream = Number(reader.int64());
    else if (number === 4) result.data = reader.bytes();
    else reader.skip(wireType);
  }
  return result;
}

/**
 * Decodes the `aux` of a `moby.buildkit.trace` build event: a base64 protobuf
 * `moby.buildkit.v1.StatusResponse` (1 vertexes, 3 logs), of which the vertexes and their logs
 * are read. A truncated or malformed message throws.
 */
export function decodeBuildkitStatus(aux: string): BuildkitStatus {
  const status: BuildkitStatus = { vertexes: [], logs: [] };
  try {
    const reader = new BinaryReader(Buffer.from(aux, 'base64'));
    while (reader.pos < reader.len) {
      const [number, wireType] = reader.tag();
      if (number === 1 && wireType === WireType.LengthDelimited) status.vertexes.push(vertex(reader.bytes()));
      else if (number === 3 && wireType === WireType.LengthDelimited) status.logs.push(log(reader.bytes()));
      else reader.skip(wireType);
    }
  } catch (error) {
    throw new Error(
      `truncated or malformed BuildKit status message from the engine (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  return status;
}
