import type { EngineEvent } from './docker-engine.js';

/** The parts of a Docker engine event that count a layer's bytes. */
export type LayerProgressEvent = Pick<EngineEvent, 'id' | 'status' | 'progressDetail'>;

/** Which engine events move bytes, and which say a layer is done. */
export interface LayerProgressStatuses {
  /** The status of events that count bytes, e.g. `Pushing`, `Downloading`. */
  counting: string;
  /** Statuses after which a layer counts as done, e.g. `Pushed`, `Layer already exists`. */
  done: RegExp;
}

/** A push: `Pushing` counts, `Pushed`, `Layer already exists` and `Mounted from …` end a layer. */
export const PUSH_STATUSES: LayerProgressStatuses = {
  counting: 'Pushing',
  done: /^(Pushed|Layer already exists|Mounted from)/,
};

/** A pull: `Downloading` counts, `Download complete`, `Pull complete` and `Already exists` end a layer. */
export const PULL_STATUSES: LayerProgressStatuses = {
  counting: 'Downloading',
  done: /^(Download complete|Verifying Checksum|Pull complete|Already exists)/,
};

/**
 * The bytes moved of an image, summed over its layers from the engine's push or pull events. A
 * layer's count never passes its size (the engine may report more bytes than the size it
 * announced), and a layer that is done counts in full, so the sum never passes 100 %.
 *
 * @example
 * ```ts
 * const progress = new LayerProgress(PUSH_STATUSES);
 * const tally = progress.update(event); // { done, total, layers } or undefined
 * ```
 */
export class LayerProgress {
  readonly #statuses: LayerProgressStatuses;
  readonly #layers = new Map<string, { current: number; total: number }>();

  constructor(statuses: LayerProgressStatuses) {
    this.#statuses = statuses;
  }

  /** Takes one event; returns the new tally when the event changed it, else undefined. */
  update(event: LayerProgressEvent): { done: number; total: number; layers: number } | undefined {
    if (!event.id) return undefined;
    const total = event.progressDetail?.total;
    if (event.status === this.#statuses.counting && total) {
      const current = Math.min(Math.max(event.progressDetail?.current ?? 0, 0), total);
      this.#layers.set(event.id, { current, total });
    } else if (this.#statuses.done.test(event.status ?? '')) {
      const layer = this.#layers.get(event.id);
      if (!layer) return undefined;
      layer.current = layer.total;
    } else return undefined;
    return this.#tally();
  }

  #tally(): { done: number; total: number; layers: number } {
    let done = 0;
    let total = 0;
    for (const layer of this.#layers.values()) {
      done += layer.current;
      total += layer.total;
    }
    return { done, total, layers: this.#layers.size };
  }
}
