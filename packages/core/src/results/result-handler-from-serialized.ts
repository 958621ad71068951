import type { ResultHandlerV1, SerializedResultHandler } from '../contracts/result-handler.js';
import { parseWire } from '../serialization/parse-wire.js';
import { resultHandlerSchema } from '../serialization/schemas.js';
import { JSONResultHandler } from './json-result-handler.js';
import { LocalResultHandler } from './local-result-handler.js';

/** Restores a result handler from its serialized form (`JSONResultHandler`, `LocalResultHandler`). */
export function resultHandlerFromSerialized(serialized: SerializedResultHandler): ResultHandlerV1 {
  const parsed = parseWire(resultHandlerSchema, serialized, 'result handler');
  return parsed.type === 'JSONResultHandler'
    ? new JSONResultHandler(parsed.max_bytes === undefined ? {} : { maxBytes: parsed.max_bytes })
    : new LocalResultHandler({ dir: parsed.dir });
}
