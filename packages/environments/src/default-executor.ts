import { defaultEnvironment } from '@headwater/core';

/** The configured default executor (`engine.executor.default_class`, `@headwater/core:LocalExecutor` unless changed). */
export function configuredDefaultExecutor(): string {
  return String(defaultEnvironment().executor);
}
