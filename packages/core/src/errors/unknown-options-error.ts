import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.unknown-options';
const symbol = Symbol.for(marker);

/** One option that was not recognised, and what was probably meant. */
export interface UnknownOption {
  /** The key as given, e.g. `registry_url`. */
  key: string;
  /** The known option it most likely stands for, e.g. `registryUrl`. */
  suggestion?: string;
  /** What to do instead, when the key names something Headwater does differently. */
  hint?: string;
}

function describe({ key, suggestion, hint }: UnknownOption): string {
  if (hint !== undefined) return `"${key}": ${hint}`;
  if (suggestion === undefined) return `"${key}"`;
  const caseOnly = key.includes('_') && key.replace(/_/g, '').toLowerCase() === suggestion.toLowerCase();
  return caseOnly
    ? `"${key}": did you mean "${suggestion}"? (Headwater options are camelCase; "${key}" is the original Python spelling)`
    : `"${key}": did you mean "${suggestion}"?`;
}

/**
 * Options were given that the receiver does not know (a misspelling, the original's Python
 * spelling, an option of another storage). Nothing was created, built or deployed.
 *
 * @example
 * ```ts
 * try { createDockerStorage({ imagTag: 'v1' } as never) } catch (e) {
 *   if (UnknownOptionsError.isInstance(e)) e.unknown; // [{ key: 'imagTag', suggestion: 'imageTag' }]
 * }
 * ```
 */
export class UnknownOptionsError extends HeadwaterError {
  readonly [symbol] = true;
  /** What received them, e.g. `createDockerStorage` or `flow.deploy`. */
  readonly receiver: string;
  readonly unknown: readonly UnknownOption[];
  /** The options the receiver accepts. */
  readonly known: readonly string[];

  constructor({
    receiver,
    unknown,
    known,
  }: { receiver: string; unknown: readonly UnknownOption[]; known: readonly string[] }) {
    super({
      code: 'UNKNOWN_OPTIONS',
      message: `${receiver} does not know the option(s) ${unknown.map((u) => `"${u.key}"`).join(', ')}:\n${unknown
        .map((u) => `  - ${describe(u)}`)
        .join('\n')}\nIt accepts: ${known.join(', ') || '(no options)'}. Nothing was built or deployed.`,
    });
    this.name = 'UnknownOptionsError';
    this.receiver = receiver;
    this.unknown = unknown;
    this.known = known;
  }

  static override isInstance(error: unknown): error is UnknownOptionsError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
