import type { Task } from '../tasks/task.js';

/**
 * A dependency between two tasks. With a `key`, the upstream result is passed to the
 * downstream task as that keyword input; without, it is a pure state dependency. `mapped`
 * edges make the downstream task run once per element of the upstream result.
 */
export class Edge {
  constructor(
    readonly upstream: Task<any, unknown>,
    readonly downstream: Task<any, unknown>,
    readonly key: string | null = null,
    readonly mapped = false,
  ) {}

  toString(): string {
    return `<Edge: ${this.upstream.slug} → ${this.downstream.slug}${this.key === null ? '' : ` (${this.key})`}${this.mapped ? ' mapped' : ''}>`;
  }
}
