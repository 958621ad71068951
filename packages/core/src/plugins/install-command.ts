import { resolveCommand } from 'package-manager-detector/commands';
import { detect } from 'package-manager-detector/detect';

/**
 * The command that installs `packages` in the project around `directory`, with the package
 * manager that project uses (read from its lockfile or `packageManager` field; npm when
 * there is none), e.g. `npm install @headwater/core` or `pnpm add @headwater/core`.
 *
 * @example
 * ```ts
 * await installCommand(['headwater-storage-cas'], '/home/me/etl'); // 'pnpm add headwater-storage-cas'
 * ```
 */
export async function installCommand(packages: readonly string[], directory: string): Promise<string> {
  const detected = await detect({ cwd: directory }).catch(() => null);
  const resolved = resolveCommand(detected?.agent ?? 'npm', 'add', [...packages]);
  if (!resolved || resolved.command === 'npm') return `npm install ${packages.join(' ')}`;
  return [resolved.command, ...resolved.args].join(' ');
}
