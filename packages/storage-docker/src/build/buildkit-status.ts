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

type Field = { number: number; value: number | Uint8Array };

/** The fields of one protobuf message (wire format: varints and length-delimited bytes). */
function fields(buffer: Uint8Array): Field[] {
  const out: Field[] = [];
  let offset = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (offset >= buffer.length) throw new Error('truncated BuildKit status message');
      const byte = buffer[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (offset < buffer.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) out.push({ number, value: varint() });
    else if (wireType === 2) {
      const length = varint();
      if (offset + length > buffer.length) throw new Error('truncated BuildKit status message');
      out.push({ number, value: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else throw new Error(`unexpected protobuf wire type ${wireType} in a BuildKit status message`);
  }
  return out;
}

const text = (value: number | Uint8Array) =>
  typeof value === 'number' ? '' : Buffer.from(value).toString('utf8');
const bytes = (value: number | Uint8Array) => (typeof value === 'number' ? new Uint8Array() : value);

function vertex(message: Uint8Array): BuildkitVertex {
  const result: BuildkitVertex = { digest: '', name: '', cached: false, started: false, completed: false };
  for (const { number, value } of fields(message)) {
    if (number === 1) result.digest = text(value);
    else if (number === 3) result.name = text(value);
    else if (number === 4) result.cached = value === 1;
    else if (number === 5) result.started = true;
    else if (number === 6) result.completed = true;
    else if (number === 7 && text(value)) result.error = text(value);
  }
  return result;
}

function log(message: Uint8Array): BuildkitLog {
  const result: BuildkitLog = { vertex: '', stream: 1, data: new Uint8Array() };
  for (const { number, value } of fields(message)) {
    if (number === 1) result.vertex = text(value);
    else if (number === 3 && typeof value === 'number') result.stream = value;
    else if (number === 4) result.data = bytes(value);
  }
  return result;
}

/**
 * Decodes the `aux` of a `moby.buildkit.trace` build event: a base64 protobuf
 * `moby.buildkit.v1.StatusResponse`, of which the vertexes and their logs are read.
 */
export function decodeBuildkitStatus(aux: string): BuildkitStatus {
  const status: BuildkitStatus = { vertexes: [], logs: [] };
  for (const { number, value } of fields(Buffer.from(aux, 'base64'))) {
    if (typeof value === 'number') continue;
    if (number === 1) status.vertexes.push(vertex(value));
    else if (number === 3) status.logs.push(log(value));
  }
  return status;
}
