import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonValue } from '../contracts/json.js';
import type { ResultHandlerV1, SerializedResultHandler } from '../contracts/result-handler.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { VERSION } from '../version.js';
import { decodeResult, encodeResult } from './result-codec.js';

/** Options of {@link LocalResultHandler}. */
export interface LocalResultHandlerOptions {
  /** Directory the result files go to (created when missing). */
  dir: string;
}

/**
 * Writes each result as a JSON file in a directory; the state carries the file's path.
 * Values JSON would change are encoded as by `JSONResultHandler`; files written as plain
 * JSON read back as they are.
 *
 * @example
 * ```ts
 * task(buildReport, { checkpoint: true, resultHandler: new LocalResultHandler({ dir: '/var/headwater/results' }) });
 * ```
 */
export class LocalResultHandler implements ResultHandlerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type = 'LocalResultHandler';
  readonly dir: string;

  constructor(options: LocalResultHandlerOptions) {
    this.dir = options.dir;
  }

  /** Writes the result's {@link encodeResult} form (plain JSON as it is) to a new file; resolves to its path. */
  async write(value: unknown): Promise<JsonValue> {
    const text = JSON.stringify(encodeResult(value));
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${crypto.randomUUID()}.json`);
    await writeFile(file, text);
    return file;
  }

  async read(reference: JsonValue): Promise<unknown> {
    if (typeof reference !== 'string') {
      throw new HeadwaterError({
        code: 'RESULT_REFERENCE',
        message: `A LocalResultHandler reference must be a file path; got ${JSON.stringify(reference)}.`,
      });
    }
    try {
      return decodeResult(JSON.parse(await readFile(reference, 'utf8')));
    } catch (cause) {
      throw new HeadwaterError({
        code: 'RESULT_READ',
        message: `Could not read the result file ${reference}: ${(cause as Error).message}. Was it written on another machine or deleted?`,
        cause,
      });
    }
  }

  serialize(): SerializedResultHandler {
    return { type: this.type, dir: this.dir, __version__: VERSION };
  }
}
