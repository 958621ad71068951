import type { EngineEvent } from '../docker-engine.js';

/** The parts of a Docker engine push event that count bytes. */
export type PushProgressEvent = Pick<EngineEvent, 'id' | 'status' | 'progressDetail'>;

/**
 * The bytes pushed of an image, summed over its layers from the engine's push events. A
 * layer's count never passes its size (the engine reports compressed bytes sent against a size
 * that may be smaller), and a layer the registry already has counts as done.
 *
 * @example
 * ```ts
 * const progress = new PushProgress();
 * const tally = progress.update(event); // { done, total, layers } or undefined
 * ```
 */
export class PushProgress {
  readonly #layers = new Map<string, { current: number; total: number }>();

  /** Takes one event; returns the new tally when the event changed it, else undefined. */
  update(event: PushProgressEvent): { done: number; total: number; layers: number } | undefined {
    if (!event.id) return undefined;
    const total = event.progressDetail?.total;
    if (event.status === 'Pushing' && total) {
      const current = Math.min(Math.max(event.progressDetail?.current ?? 0, 0), total);
      this.#layers.set(event.id, { current, total });
    } else if (/^(Pushed|Layer already exists|Mounted from)/.test(event.status ?? '')) {
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
