import { WireFormatError, type WireFormatIssue } from '../errors/wire-format-error.js';
import { jsonPath } from './parse-wire.js';

/** Collects semantic problems (after schema parsing) with their JSON paths. */
export class IssueCollector {
  readonly issues: WireFormatIssue[] = [];

  add(path: readonly PropertyKey[], message: string, expected?: string): void {
    this.issues.push({ path: jsonPath(path), message, ...(expected === undefined ? {} : { expected }) });
  }

  /** Runs `make`; an error it throws becomes an issue at `path`. */
  attempt<T>(path: readonly PropertyKey[], make: () => T): T | undefined {
    try {
      return make();
    } catch (error) {
      this.add(path, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /** Throws a {@link WireFormatError} for `kind` when any issue was collected. */
  throwIfAny(kind: string): void {
    if (this.issues.length > 0) throw new WireFormatError({ kind, issues: this.issues });
  }
}
