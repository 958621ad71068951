import type { JsonValue } from '../contracts/json.js';
import type { Cached } from '../states/state.js';
import { jsonEqual } from './json-equal.js';

/**
 * Decides whether a `Cached` state may be reused instead of running the task. Serialized
 * as a function reference `{ fn, kwargs }`.
 *
 * @example
 * ```ts
 * task(fetchRates, { cacheFor: 3_600_000, cacheValidator: cacheValidators.allInputs });
 * ```
 */
export interface CacheValidator {
  /** Qualified name, e.g. `headwater.cacheValidators.durationOnly`. */
  readonly fn: string;
  readonly kwargs: Record<string, JsonValue>;
  validate(
    state: Cached,
    inputs: Readonly<Record<string, unknown>>,
    parameters: Readonly<Record<string, unknown>>,
    now: Date,
  ): boolean;
}

const define = (
  name: string,
  validate: CacheValidator['validate'],
  kwargs: Record<string, JsonValue> = {},
): CacheValidator => ({ fn: `headwater.cacheValidators.${name}`, kwargs, validate });

const unexpired = (state: Cached, now: Date) =>
  state.cachedResultExpiration === null || state.cachedResultExpiration.getTime() > now.getTime();

const cachedInputValues = (state: Cached) =>
  Object.fromEntries(
    Object.entries(state.cachedInputs ?? {}).map(([k, v]) => [k, v.value ?? v.safeResult?.value]),
  );

const pick = (values: Readonly<Record<string, unknown>>, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, values[k]]));

/** Never reuses a cached result. The default. */
export const neverUse: CacheValidator = define('neverUse', () => false);

/** Reuses a cached result until it expires. */
export const durationOnly: CacheValidator = define('durationOnly', (state, _i, _p, now) =>
  unexpired(state, now),
);

/** Reuses an unexpired result computed from the same inputs. */
export const allInputs: CacheValidator = define(
  'allInputs',
  (state, inputs, _p, now) => unexpired(state, now) && jsonEqual(cachedInputValues(state), inputs),
);

/** Reuses an unexpired result computed with the same flow parameters. */
export const allParameters: CacheValidator = define(
  'allParameters',
  (state, _i, parameters, now) =>
    unexpired(state, now) && jsonEqual(state.cachedParameters ?? {}, parameters),
);

/** Reuses an unexpired result computed from the same values of the named inputs. */
export const partialInputsOnly = (validateOn: readonly string[]): CacheValidator =>
  define(
    'partialInputsOnly',
    (state, inputs, _p, now) =>
      unexpired(state, now) &&
      jsonEqual(pick(cachedInputValues(state), validateOn), pick(inputs, validateOn)),
    { validate_on: [...validateOn] },
  );

/** Reuses an unexpired result computed with the same values of the named parameters. */
export const partialParametersOnly = (validateOn: readonly string[]): CacheValidator =>
  define(
    'partialParametersOnly',
    (state, _i, parameters, now) =>
      unexpired(state, now) &&
      jsonEqual(pick(state.cachedParameters ?? {}, validateOn), pick(parameters, validateOn)),
    { validate_on: [...validateOn] },
  );

const pythonNames: Record<string, string> = {
  never_use: 'neverUse',
  duration_only: 'durationOnly',
  all_inputs: 'allInputs',
  all_parameters: 'allParameters',
  partial_inputs_only: 'partialInputsOnly',
  partial_parameters_only: 'partialParametersOnly',
};

const validateOnFrom = (kwargs: Record<string, JsonValue>) =>
  Array.isArray(kwargs.validate_on)
    ? kwargs.validate_on.filter((v): v is string => typeof v === 'string')
    : [];

const byName: Record<string, (kwargs: Record<string, JsonValue>) => CacheValidator> = {
  neverUse: () => neverUse,
  durationOnly: () => durationOnly,
  allInputs: () => allInputs,
  allParameters: () => allParameters,
  partialInputsOnly: (kw) => partialInputsOnly(validateOnFrom(kw)),
  partialParametersOnly: (kw) => partialParametersOnly(validateOnFrom(kw)),
};

/**
 * The validator a function reference names (`headwater.cacheValidators.*`, or the original
 * Python `prefect.engine.cache_validators.*`), or `undefined` when it is not a built-in.
 */
export function cacheValidatorFromReference(
  fn: string,
  kwargs: Record<string, JsonValue>,
): CacheValidator | undefined {
  const short = fn.startsWith('headwater.cacheValidators.')
    ? fn.slice('headwater.cacheValidators.'.length)
    : fn.startsWith('prefect.engine.cache_validators.')
      ? pythonNames[fn.slice('prefect.engine.cache_validators.'.length)]
      : undefined;
  const make = short === undefined ? undefined : byName[short];
  return make?.(kwargs);
}
