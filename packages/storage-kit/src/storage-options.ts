import { checkOptionKeys } from '@headwater/core';

/**
 * How a storage factory declares its options for {@link defineStorageOptions}.
 *
 * @example
 * ```ts
 * const definition: StorageOptionsDefinition<{ root?: string }> = {
 *   receiver: 'createDirStorage',
 *   keys: { root: true },
 *   hints: { directory: 'this storage calls it "root"' },
 * };
 * ```
 */
export interface StorageOptionsDefinition<Options extends object> {
  /** The factory, for messages: `createDirStorage`. */
  receiver: string;
  /**
   * Every option of `Options`, each `true`. TypeScript requires every key of the options
   * type and no other, so the runtime check cannot drift from the type.
   */
  keys: { readonly [Key in keyof Required<Options>]: true };
  /**
   * Names that are not options but are recognisable (the original's Python options, names
   * from other storages), each with what to write instead.
   * @default {}
   */
  hints?: Readonly<Record<string, string>>;
}

/** What {@link defineStorageOptions} returns. */
export interface StorageOptionsChecker<Options extends object> {
  /** The accepted option names. */
  readonly keys: readonly (keyof Options & string)[];
  /**
   * Returns `options` (or `{}`) unchanged when every key is known; throws
   * `UnknownOptionsError` of `@headwater/core` naming the option probably meant otherwise.
   */
  check(options: Options | undefined): Options;
}

/**
 * Declares a storage factory's options once, so that the factory refuses unknown ones at
 * run time the way Headwater's storages do (JavaScript callers, options built at run time,
 * `flow.deploy` passing its options through), while its options type refuses them at
 * compile time. `imagTag` is answered with `did you mean "imageTag"?`, `registry_url` with
 * `registryUrl`.
 *
 * @example
 * ```ts
 * export interface DirStorageOptions { root?: string }
 * const dirOptions = defineStorageOptions<DirStorageOptions>({
 *   receiver: 'createDirStorage',
 *   keys: { root: true },
 * });
 * export function createDirStorage(options?: DirStorageOptions) {
 *   const { root = '/srv/flows' } = dirOptions.check(options);
 *   return dirStorage(root, storedFlows(TYPE));
 * }
 * ```
 */
export function defineStorageOptions<Options extends object>(
  definition: StorageOptionsDefinition<Options>,
): StorageOptionsChecker<Options> {
  const keys = Object.keys(definition.keys) as (keyof Options & string)[];
  const spec = { receiver: definition.receiver, known: keys, hints: definition.hints ?? {} };
  return {
    keys,
    check(options) {
      checkOptionKeys(options, spec);
      return options ?? ({} as Options);
    },
  };
}
