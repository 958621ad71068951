import {
  ENVIRONMENT_TYPES,
  type EnvironmentV1,
  type JsonValue,
  MetadataEnvironment,
  PluginResolutionError,
  parseReference,
  resolveReference,
  type SerializedEnvironment,
  WireFormatError,
  type WireFormatIssue,
} from '@headwater/core';
import { LocalEnvironment } from './local-environment.js';
import { RemoteEnvironment } from './remote-environment.js';

/**
 * What a third-party environment package exports (under `"<package>:<export>"`) so that
 * {@link loadEnvironment} can restore it.
 */
export interface EnvironmentPluginV1 {
  readonly specificationVersion: 'v1';
  fromSerialized(serialized: SerializedEnvironment): EnvironmentV1;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function labelsOf(serialized: SerializedEnvironment, issues: WireFormatIssue[]): string[] {
  const labels = serialized.labels ?? [];
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) {
    issues.push({ path: '$.labels', message: 'expected a list of strings', expected: 'string[]' });
    return [];
  }
  return labels;
}

/**
 * Restores a built-in environment from its wire form: `RemoteEnvironment` and
 * `LocalEnvironment` become runnable environments; the original Python implementation's
 * other types (`CloudEnvironment`, `DaskKubernetesEnvironment`, …) load as metadata.
 * Unknown types and malformed fields fail with a {@link WireFormatError} naming the JSON path.
 *
 * @example
 * ```ts
 * const environment = environmentFromSerialized(serializedFlow.environment);
 * await environment.execute(storage, serializedFlow.name);
 * ```
 */
export function environmentFromSerialized(serialized: SerializedEnvironment): EnvironmentV1 {
  const issues: WireFormatIssue[] = [];
  if (!isObject(serialized)) {
    throw new WireFormatError({
      kind: 'environment',
      issues: [{ path: '$', message: 'expected an object' }],
    });
  }
  const fail = () => new WireFormatError({ kind: 'environment', issues });
  switch (serialized.type) {
    case 'RemoteEnvironment': {
      const { executor, executor_kwargs: kwargs } = serialized;
      if (executor !== undefined && typeof executor !== 'string') {
        issues.push({ path: '$.executor', message: 'expected a string', expected: 'string' });
      }
      if (kwargs !== undefined && !isObject(kwargs)) {
        issues.push({ path: '$.executor_kwargs', message: 'expected an object', expected: 'object' });
      }
      const labels = labelsOf(serialized, issues);
      if (issues.length > 0) throw fail();
      return new RemoteEnvironment({
        executor: executor as string | undefined,
        executorKwargs: kwargs as Record<string, JsonValue> | undefined,
        labels,
      });
    }
    case 'LocalEnvironment': {
      const labels = labelsOf(serialized, issues);
      if (issues.length > 0) throw fail();
      return new LocalEnvironment({ labels });
    }
    default:
      if (typeof serialized.type === 'string' && ENVIRONMENT_TYPES.includes(serialized.type)) {
        return new MetadataEnvironment(serialized);
      }
      issues.push({
        path: '$.type',
        message: `unknown environment type ${JSON.stringify(serialized.type)}; expected one of ${ENVIRONMENT_TYPES.join(', ')}, or "<package>:<export>" (use loadEnvironment for those)`,
      });
      throw fail();
  }
}

/**
 * Like {@link environmentFromSerialized}, and also resolves third-party environments
 * written `"<package>:<export>"` by importing the package's {@link EnvironmentPluginV1}.
 */
export async function loadEnvironment(serialized: SerializedEnvironment): Promise<EnvironmentV1> {
  if (
    !isObject(serialized) ||
    typeof serialized.type !== 'string' ||
    parseReference(serialized.type) === undefined
  ) {
    return environmentFromSerialized(serialized);
  }
  const reference = serialized.type;
  const plugin = (await resolveReference(reference, {
    kind: 'environment',
    builtIns: {},
  })) as EnvironmentPluginV1;
  if (
    !isObject(plugin) ||
    typeof plugin.fromSerialized !== 'function' ||
    plugin.specificationVersion !== 'v1'
  ) {
    throw new PluginResolutionError({
      kind: 'environment',
      reference,
      known: ['RemoteEnvironment', 'LocalEnvironment'],
      reason:
        'the export is not an environment plugin of specification v1 (specificationVersion and fromSerialized)',
    });
  }
  return plugin.fromSerialized(serialized);
}
