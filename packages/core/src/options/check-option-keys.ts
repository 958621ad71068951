import { HeadwaterError } from '../errors/headwater-error.js';
import { type UnknownOption, UnknownOptionsError } from '../errors/unknown-options-error.js';
import { suggestOption } from './suggest-option.js';

/**
 * What an options object may hold, for {@link checkOptionKeys}.
 *
 * @example
 * ```ts
 * const spec: OptionKeysSpec = {
 *   receiver: 'createDockerStorage',
 *   known: ['registryUrl', 'imageTag'],
 *   hints: { pythonDependencies: 'use "dependencies" (npm packages)' },
 * };
 * ```
 */
export interface OptionKeysSpec {
  /** Who receives the options, for messages: `createDockerStorage`, `flow.deploy`. */
  receiver: string;
  /** Every accepted key. */
  known: readonly string[];
  /**
   * Keys that are not accepted but are recognisable (options of the original Python
   * implementation, renamed options), each with what to do instead.
   * @default {}
   */
  hints?: Readonly<Record<string, string>>;
}

/**
 * Throws an {@link UnknownOptionsError} when `options` has a key (with a value other than
 * `undefined`) that `spec` does not accept, naming for each the option probably meant.
 * Also refuses options that are not a plain object. Never changes `options`.
 *
 * @example
 * ```ts
 * checkOptionKeys({ imagTag: 'v1' }, { receiver: 'createDockerStorage', known: ['imageTag'] });
 * // UnknownOptionsError: createDockerStorage does not know the option(s) "imagTag": … did you mean "imageTag"?
 * ```
 */
export function checkOptionKeys(options: unknown, spec: OptionKeysSpec): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new HeadwaterError({
      code: 'INVALID_OPTIONS',
      message: `${spec.receiver} takes an object of options, e.g. { ${spec.known[0] ?? ''}: … }; got ${Array.isArray(options) ? 'an array' : String(options)}.`,
    });
  }
  const unknown: UnknownOption[] = Object.entries(options)
    .filter(([key, value]) => value !== undefined && !spec.known.includes(key))
    .map(([key]) => {
      const hint = spec.hints !== undefined && Object.hasOwn(spec.hints, key) ? spec.hints[key] : undefined;
      const suggestion = suggestOption(key, spec.known);
      return {
        key,
        ...(suggestion === undefined ? {} : { suggestion }),
        ...(hint === undefined ? {} : { hint }),
      };
    });
  if (unknown.length > 0)
    throw new UnknownOptionsError({ receiver: spec.receiver, unknown, known: spec.known });
}
