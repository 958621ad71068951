import { getConfig } from '../config/config.js';
import { DEPLOY_OPTION_KEYS } from '../contracts/deploy.js';
import type { StorageBackendV2 } from '../contracts/storage-backend.js';
import { DeployOptionsError } from '../errors/deploy-options-error.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { UnknownOptionsError } from '../errors/unknown-options-error.js';
import { checkOptionKeys } from '../options/check-option-keys.js';
import { suggestOption } from '../options/suggest-option.js';
import { ORIGINAL_STORAGE } from '../plugins/original-names.js';
import { type BuiltIn, resolveReference } from '../plugins/resolve-reference.js';

/** Short names of `flows.defaults.storage.default_class`. */
const STORAGE_FACTORIES: Readonly<Record<string, BuiltIn>> = {
  Docker: { module: '@headwater/storage-docker', export: 'createDockerStorage' },
  Local: { module: '@headwater/storage-local', export: 'createLocalStorage' },
};

/** The options given to `flow.deploy` that are not about deploying: the storage's. */
export function storageOptionsOf(options: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).filter(
      ([key, value]) => !DEPLOY_OPTION_KEYS.includes(key) && value !== undefined,
    ),
  );
}

/**
 * Refuses storage options given for a flow that already has storage: a misspelt deploy
 * option (`setScheduleActiv`) is named as such, anything else would be ignored.
 */
export function refuseStorageOptions(flowName: string, storage: StorageBackendV2, options: object): void {
  const keys = Object.keys(storageOptionsOf(options));
  if (keys.length === 0) return;
  const misspelt = keys.filter((key) => suggestOption(key, DEPLOY_OPTION_KEYS) !== undefined);
  if (misspelt.length > 0) {
    const elsewhere = `the flow already has ${storage.name} storage: set storage options where it is created`;
    checkOptionKeys(options, {
      receiver: 'flow.deploy',
      known: DEPLOY_OPTION_KEYS,
      hints: Object.fromEntries(keys.filter((key) => !misspelt.includes(key)).map((key) => [key, elsewhere])),
    });
  }
  throw new DeployOptionsError({ flowName, storageName: storage.name, options: keys });
}

/** The storage factory's refusal, restated for `flow.deploy` (whose own options count too). */
function asDeployRefusal(error: UnknownOptionsError, reference: string): UnknownOptionsError {
  const known = [...DEPLOY_OPTION_KEYS, ...error.known];
  return new UnknownOptionsError({
    receiver: `flow.deploy (its own options and those of the default storage, ${reference})`,
    unknown: error.unknown.map((option) => {
      const suggestion = option.suggestion ?? suggestOption(option.key, DEPLOY_OPTION_KEYS);
      return { ...option, ...(suggestion === undefined ? {} : { suggestion }) };
    }),
    known,
  });
}

/**
 * Creates the configured default storage (`flows.defaults.storage.default_class`: Docker
 * unless changed; the original's `prefect.environments.storage.Docker` is read as Docker)
 * from the storage options given to `flow.deploy`, resolving its package from `from`. The
 * factory checks its options; an unknown one fails here, before anything is built.
 */
export async function createDefaultStorage(
  options: object,
  from: readonly string[],
): Promise<StorageBackendV2> {
  const reference = getConfig().flows.defaults.storage.default_class;
  const create = await resolveReference(reference, {
    kind: 'storage factory',
    builtIns: STORAGE_FACTORIES,
    originalNames: ORIGINAL_STORAGE,
    from,
  });
  if (typeof create !== 'function') {
    throw new HeadwaterError({
      code: 'INCOMPATIBLE_PACKAGE',
      message: `${reference} does not export a storage factory function; install a version of it that matches @headwater/core.`,
    });
  }
  try {
    return (create as (o: Record<string, unknown>) => StorageBackendV2)(storageOptionsOf(options));
  } catch (error) {
    if (UnknownOptionsError.isInstance(error)) throw asDeployRefusal(error, reference);
    throw error;
  }
}
