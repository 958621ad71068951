import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.wire-format';
const symbol = Symbol.for(marker);

/** One problem found in a serialized document. */
export interface WireFormatIssue {
  /** JSON path of the offending value, e.g. `tasks[2].max_retries` (`$` for the root). */
  path: string;
  /** What was wrong, including the expected type. */
  message: string;
  /** The expected type or values, when known (e.g. `int`, `'A' | 'B'`). */
  expected?: string;
}

/**
 * A serialized flow, state, schedule or other wire object does not match its schema.
 * The message lists every problem with its JSON path and the expected type.
 */
export class WireFormatError extends HeadwaterError {
  readonly [symbol] = true;
  /** What was being read, e.g. `flow`, `state`. */
  readonly kind: string;
  readonly issues: readonly WireFormatIssue[];

  constructor({
    kind,
    issues,
    cause,
  }: { kind: string; issues: readonly WireFormatIssue[]; cause?: unknown }) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    super({
      code: 'WIRE_FORMAT',
      message: `The serialized ${kind} is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines}\nFix the document, or re-serialize it with a matching version of @headwater/core.`,
      cause,
    });
    this.name = 'WireFormatError';
    this.kind = kind;
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is WireFormatError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
