import {
  JSONResultHandler,
  type JsonValue,
  type ResultHandlerV1,
  type SerializedResultHandler,
} from '@headwater/core';

/**
 * The result handler a cloud run checkpoints with when the flow names none: JSON inside
 * the state, like the engine's default. Values JSON would change (a task returning nothing,
 * a Map, a Date, …) are encoded so they read back unchanged; functions and class
 * instances fail the task, saying where they are.
 */
export class CheckpointResultHandler implements ResultHandlerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly type: string;
  readonly #json = new JSONResultHandler();

  constructor() {
    this.type = this.#json.type;
  }

  write(value: unknown): Promise<JsonValue> {
    return this.#json.write(value);
  }

  read(reference: JsonValue): Promise<unknown> {
    return this.#json.read(reference);
  }

  serialize(): SerializedResultHandler {
    return this.#json.serialize();
  }
}
