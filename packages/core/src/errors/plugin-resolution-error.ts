import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.plugin-resolution';
const symbol = Symbol.for(marker);

/**
 * A name that resolves to code (`"<package>:<export>"` or a built-in short name such as
 * `LocalExecutor`) could not be resolved: unknown short name, package not installed, no such
 * export, or the export does not implement the expected contract.
 */
export class PluginResolutionError extends HeadwaterError {
  readonly [symbol] = true;
  /** What kind of plugin was looked up, e.g. `executor`, `storage`. */
  readonly kind: string;
  /** The name as given. */
  readonly reference: string;
  /** The names that would have been accepted without a package prefix. */
  readonly known: readonly string[];

  constructor({
    kind,
    reference,
    known,
    reason,
    cause,
  }: { kind: string; reference: string; known: readonly string[]; reason: string; cause?: unknown }) {
    super({
      code: 'PLUGIN_RESOLUTION',
      message: `Could not resolve ${kind} "${reference}": ${reason}. Known ${kind} names: ${known.join(', ') || '(none)'}; others are written "<package>:<export>".`,
      cause,
    });
    this.name = 'PluginResolutionError';
    this.kind = kind;
    this.reference = reference;
    this.known = known;
  }

  static override isInstance(error: unknown): error is PluginResolutionError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
